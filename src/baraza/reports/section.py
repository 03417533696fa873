"""The link to the dashboard on a community's home page, for those who may moderate it."""

from __future__ import annotations

from baraza.core.policies import can


def dashboard_link(request, community):
    if not can(request.user, "moderate", community):
        return None
    return "reports/section.html", {}
