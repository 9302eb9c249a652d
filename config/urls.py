from django.contrib import admin
from django.urls import include, path

from mobilize.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("mobilize.accounts.urls")),
    path("geo/", include("mobilize.geo.urls")),
    path("reference/", include("mobilize.reference.urls")),
    path("partners/", include("mobilize.partners.urls")),
    path("talent/", include("mobilize.talent.urls")),
    path("requests/", include("mobilize.requests.urls")),
    path("assignments/", include("mobilize.assignments.urls")),
    path("entitlements/", include("mobilize.entitlements.urls")),
    path("lifecycle/", include("mobilize.lifecycle.urls")),
    path("matching/", include("mobilize.matching.urls")),
    path("recruitment/", include("mobilize.recruitment.urls")),
    path("notifications/", include("mobilize.notifications.urls")),
    path("dutyofcare/", include("mobilize.dutyofcare.urls")),
    path("statistics/", include("mobilize.statistics.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("mobilize.web.urls")),
]
