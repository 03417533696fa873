"""The public compendium: the faceted list, records, their versions and files.

Included last by ``compendium/urls.py``: these patterns start with the record identifier.
"""

from django.urls import path

from baraza.compendium.views import browse

urlpatterns = [
    path("", browse.index, name="index"),
    path("<str:identifier>/", browse.detail, name="detail"),
    path("<str:identifier>/v<int:number>/", browse.version, name="version"),
    path("<str:identifier>/files/<int:pk>/", browse.attachment, name="attachment"),
]
