"""Calendar feeds, served outside the language prefix (calendar apps subscribe once and can't
log in). The root URLconf includes them as ``path("calendars/", include(...))``."""

from django.urls import path

from baraza.events import views

app_name = "calendars"

urlpatterns = [
    path("community/<slug:slug>.ics", views.community_feed, name="community"),
    path("member/<str:token>.ics", views.member_feed, name="member"),
]
