"""Outputs of a record (history, citation, PDF) and the world map."""

from django.urls import path, re_path

from baraza.compendium.views import outputs

urlpatterns = [
    path("map/", outputs.world_map, name="map"),
    path("<str:identifier>/history/", outputs.history, name="history"),
    path("<str:identifier>/cite.<str:fmt>", outputs.cite, name="cite"),
    # Only a record identifier, so that other pages' "<name>.pdf" addresses stay theirs.
    re_path(r"^(?P<identifier>CE-[0-9]{4}-[0-9]{4,})\.pdf$", outputs.pdf, name="pdf"),
]
