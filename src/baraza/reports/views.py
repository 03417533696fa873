"""The facilitator dashboard of a community, and its CSV export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from baraza.communities.queries import visible_community
from baraza.core.policies import require
from baraza.reports import charts, exports, queries
from baraza.reports.forms import PeriodForm


def _load(request, slug: str):
    community = visible_community(request.user, slug)
    require(
        request.user,
        "moderate",
        community,
        reason=_("Only the facilitators of this community can see its reports."),
    )
    form = PeriodForm.from_query(request.GET)
    return community, form, queries.community_report(community, weeks=form.chosen_weeks)


@login_required
@require_GET
def dashboard(request, slug: str):
    community, form, report = _load(request, slug)
    return render(
        request,
        "reports/dashboard.html",
        {
            "community": community,
            "form": form,
            "report": report,
            "charts": _charts(report),
            "min_group": queries.MIN_GROUP,
        },
    )


@login_required
@require_GET
def export_csv(request, slug: str):
    community, _form, report = _load(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"{community.slug}-report-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    exports.write_report(report, response)
    return response


def _charts(report: queries.Report) -> list:
    labels = [date_format(week.start, "j N") for week in report.weeks]
    span = {
        "first": date_format(report.first_day, "j F Y"),
        "last": date_format(report.last_day, "j F Y"),
    }
    posts = [week.posts for week in report.weeks]
    active = [week.active for week in report.weeks]
    return [
        charts.bar_chart(
            chart_id="posts-chart",
            title=_("Posts per week"),
            description=_(
                "Bar chart of the posts published each week from %(first)s to %(last)s: "
                "%(total)s in all, at most %(most)s in one week."
            )
            % {**span, "total": sum(posts), "most": max(posts, default=0)},
            labels=labels,
            values=posts,
        ),
        charts.line_chart(
            chart_id="active-chart",
            title=_("Active members per week"),
            description=_(
                "Line chart of the members who posted at least once each week from %(first)s "
                "to %(last)s: at most %(most)s in one week."
            )
            % {**span, "most": max(active, default=0)},
            labels=labels,
            values=active,
        ),
    ]
