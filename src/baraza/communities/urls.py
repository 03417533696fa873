from django.urls import path

from baraza.communities import views

app_name = "communities"

urlpatterns = [
    path("communities/", views.explore, name="explore"),
    path("communities/<slug:slug>/", views.detail, name="detail"),
    path("communities/<slug:slug>/join/", views.join, name="join"),
    path("communities/<slug:slug>/request/", views.request_to_join, name="request"),
    path("communities/<slug:slug>/leave/", views.leave, name="leave"),
    path("communities/<slug:slug>/requests/", views.requests, name="requests"),
    path("communities/<slug:slug>/invite/", views.invite, name="invite"),
    path("communities/<slug:slug>/members/", views.members, name="members"),
    path("communities/<slug:slug>/settings/", views.settings_view, name="settings"),
    path("communities/<slug:slug>/logo", views.logo, name="logo"),
    path(
        "communities/<slug:slug>/members/<int:pk>/remove/",
        views.remove_member,
        name="remove_member",
    ),
    path("communities/<slug:slug>/members/<int:pk>/role/", views.change_role, name="change_role"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
