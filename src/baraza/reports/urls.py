from django.urls import path

from baraza.reports import views

app_name = "reports"

urlpatterns = [
    path("communities/<slug:slug>/reports/", views.dashboard, name="dashboard"),
    path("communities/<slug:slug>/reports/export.csv", views.export_csv, name="export"),
]
