from django.urls import path

from baraza.compendium.views import submission

urlpatterns = [
    path("submit/", submission.submit_new, name="submit"),
    path("<str:identifier>/discuss/", submission.discuss, name="discussion"),
    path("<str:identifier>/edit/", submission.edit, name="edit"),
    path("<str:identifier>/edit/<str:step>/", submission.edit_step, name="edit_step"),
]
