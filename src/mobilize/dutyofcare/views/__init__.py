"""Duty-of-care pages: thin, each fetch through an ``*_access`` function or a scoped selector, each
write through a service. A page a role has no use for answers 403; a record it may not see, 404."""
