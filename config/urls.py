from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from parkguard.core.views import healthz

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="hierarchy:scope_tree", permanent=False), name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("parkguard.accounts.urls")),
    path("nodes/", include("parkguard.hierarchy.urls")),
    path("people/", include("parkguard.people.urls")),
    path("enterprises/", include("parkguard.enterprises.urls")),
    path("audit/", include("parkguard.audit.urls")),
    path("reports/", include("parkguard.reports.urls")),
    path("notices/", include("parkguard.notices.urls")),
    path("health/", include("parkguard.health.urls")),
    path("passes/", include("parkguard.passes.urls")),
    path("checkpoints/", include("parkguard.checkpoints.urls")),
    path("vehicles/", include("parkguard.vehicles.urls")),
    path("resumption/", include("parkguard.resumption.urls")),
    path("returns/", include("parkguard.returns.urls")),
    path("dashboard/", include("parkguard.dashboard.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]
