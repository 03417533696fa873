"""The compendium's pages, one module of views per area."""

from django.urls import include, path

app_name = "compendium"

urlpatterns = [
    path("compendium/", include("baraza.compendium.views.submission_urls")),
    path("compendium/", include("baraza.compendium.views.curation_urls")),
    path("compendium/", include("baraza.compendium.views.dashboard_urls")),
    path("compendium/", include("baraza.compendium.views.outputs_urls")),
    path("compendium/", include("baraza.compendium.views.exports_urls")),
    path("compendium/", include("baraza.compendium.views.imports_urls")),
    path("compendium/", include("baraza.compendium.views.discovery_urls")),
    # Last: its patterns start with the record identifier.
    path("compendium/", include("baraza.compendium.views.browse_urls")),
]
