from django.urls import path

from baraza.accounts import views

app_name = "accounts"

urlpatterns = [
    path("members/", views.directory, name="directory"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("me/", views.account_home, name="home"),
    path("me/profile/", views.profile_edit, name="profile_edit"),
    path("me/data.json", views.data_export, name="data_export"),
    path("me/delete/", views.account_delete, name="delete"),
]
