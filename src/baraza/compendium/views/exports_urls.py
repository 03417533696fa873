from django.urls import path

from baraza.compendium.views import exports

urlpatterns = [
    path("export.<str:fmt>", exports.export, name="export"),
]
