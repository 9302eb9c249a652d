"""The JSON API: the one NinjaAPI instance, bearer-token and session auth, the error shape, and
the registration of each domain's router. Domain logic lives in the apps, never here."""
