"""Web: the base templates, navigation by role, the home dashboard, shared page snippets and the
static assets (our CSS; htmx comes vendored in django-htmx). Domain pages live in their apps."""
