from django.urls import path

from baraza.compendium.views import imports

urlpatterns = [
    path("curation/import/", imports.upload, name="import"),
    path("curation/import/<int:pk>/", imports.job, name="import_job"),
    path("curation/import/<int:pk>/confirm/", imports.confirm, name="import_confirm"),
    path("curation/import/<int:pk>/discard/", imports.discard, name="import_discard"),
    path("curation/import/<int:pk>/file", imports.original, name="import_original"),
]
