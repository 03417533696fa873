from django.urls import path

from baraza.mail import views

app_name = "mail"

urlpatterns = [
    path("mail/settings/", views.settings_page, name="settings"),
    path("mail/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
