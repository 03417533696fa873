"""The editions pages, under ``/compendium/editions/``."""

from django.urls import path

from baraza.editions import views

app_name = "editions"

urlpatterns = [
    path("compendium/editions/", views.index, name="index"),
    path("compendium/editions/release/", views.release, name="release"),
    path("compendium/editions/<str:number>/", views.detail, name="detail"),
    path("compendium/editions/<str:number>/doi/", views.doi, name="doi"),
    path("compendium/editions/<str:number>/files/<int:pk>/rebuild/", views.rebuild, name="rebuild"),
    path("compendium/editions/<str:number>/files/<str:filename>", views.download, name="download"),
]
