from django.urls import path

from baraza.library import views

app_name = "library"

urlpatterns = [
    path("library/", views.index, name="index"),
    path("library/add/", views.add, name="add"),
    path("library/<int:pk>/", views.detail, name="detail"),
    path("library/<int:pk>/edit/", views.edit, name="edit"),
    path("library/<int:pk>/download/", views.download, name="download"),
    path("library/<int:pk>/unlink/", views.unlink_translations, name="unlink"),
    path("communities/<slug:slug>/library/", views.community_library, name="community"),
    path("communities/<slug:slug>/library/add/", views.add, name="community_add"),
]
