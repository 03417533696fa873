"""``/oai`` and its schema (no language prefix): harvesters use a fixed base URL."""

from django.urls import path

from baraza.oai import views

app_name = "oai"

urlpatterns = [
    path("oai", views.endpoint, name="endpoint"),
    path("oai/schema/baraza-experience-v1.xsd", views.schema, name="schema"),
]
