from django.urls import path

from baraza.events import views

app_name = "events"

urlpatterns = [
    path("events/", views.index, name="index"),
    path("events/past/", views.past, name="past"),
    path("events/<int:pk>/", views.detail, name="detail"),
    path("events/<int:pk>/rsvp/", views.rsvp, name="rsvp"),
    path("events/<int:pk>/edit/", views.edit, name="edit"),
    path("events/<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("events/<int:pk>/calendar.ics", views.download, name="ics"),
    path("communities/<slug:slug>/events/", views.community_events, name="community"),
    path("communities/<slug:slug>/events/new/", views.create, name="create"),
    path(
        "communities/<slug:slug>/events/new-calendar-address/",
        views.new_feed_address,
        name="new_feed_address",
    ),
]
