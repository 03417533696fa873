from django.urls import path

from baraza.compendium.views import dashboard

urlpatterns = [
    path("curation/dashboard/", dashboard.dashboard, name="dashboard"),
    path("curation/dashboard/flag/", dashboard.flag_for_reassessment, name="flag_reassessment"),
    path("criteria/", dashboard.criteria, name="criteria"),
    path("criteria/v<int:version>/", dashboard.criteria, name="criteria_version"),
    path("criteria/manage/", dashboard.criteria_manage, name="criteria_manage"),
    path(
        "criteria/v<int:version>/new-version/",
        dashboard.criteria_new_version,
        name="criteria_new_version",
    ),
    path("criteria/v<int:version>/edit/", dashboard.criteria_edit, name="criteria_edit"),
    path(
        "criteria/v<int:version>/activate/", dashboard.criteria_activate, name="criteria_activate"
    ),
    path("criteria/v<int:version>/discard/", dashboard.criteria_discard, name="criteria_discard"),
]
