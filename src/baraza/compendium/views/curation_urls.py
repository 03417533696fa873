"""The curation workflow's addresses, under ``/compendium/curation/``.

Record addresses only match real identifiers (``CE-2026-0042``), so fixed addresses of other
areas under ``curation/`` (the dashboard) stay reachable.
"""

from django.urls import path, re_path

from baraza.compendium.views import curation as views

RECORD = r"^curation/(?P<identifier>[A-Z]{2,}-[0-9]{4}-[0-9]+)/"

urlpatterns = [
    path("curation/", views.queue, name="queue"),
    path("curation/mine/", views.mine, name="mine"),
    re_path(RECORD + r"$", views.follow, name="follow"),
    re_path(RECORD + r"submit/$", views.submit, name="submit_for_review"),
    re_path(RECORD + r"screen/$", views.screen, name="screen"),
    re_path(RECORD + r"request-changes/$", views.request_changes, name="request_changes"),
    re_path(RECORD + r"assign/$", views.assign, name="assign"),
    re_path(RECORD + r"reconcile/$", views.reconcile, name="reconcile"),
    re_path(RECORD + r"decide/$", views.decide, name="decide"),
    re_path(RECORD + r"withdraw/$", views.withdraw, name="withdraw"),
    re_path(RECORD + r"note/$", views.note, name="note"),
    re_path(RECORD + r"review/$", views.review, name="review"),
    re_path(RECORD + r"review/revise/$", views.revise, name="revise_review"),
    re_path(RECORD + r"review/discuss/$", views.discuss, name="discuss"),
]
