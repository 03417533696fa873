from django.urls import path

app_name = "oai"

urlpatterns: list = []
