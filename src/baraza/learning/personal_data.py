"""What the learning app holds about a member, for "download my data" and account deletion.

Deleting an account removes the member's enrolments with their visits, answers and
certificate (its verification page then says no certificate has that code), stops adoption
emails and detaches the member from the workshop participant lists they were on, leaving the
row anonymous so that the run's aggregate scores stay right. Workshop runs they facilitated
and adoptions they recorded stay, credited to the former member like their posts.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from baraza.learning.models import (
    Adoption,
    Attempt,
    Certificate,
    Enrolment,
    Participant,
    WorkshopRun,
)

FORMER_PARTICIPANT = "—"


def export(member) -> dict[str, Any]:
    enrolments = (
        Enrolment.objects.filter(user=member)
        .select_related("package")
        .annotate(n_visits=Count("visits"))
        .order_by("created_at", "id")
    )
    attempts = (
        Attempt.objects.filter(enrolment__user=member)
        .select_related("enrolment__package")
        .order_by("created_at", "id")
    )
    certificates = Certificate.objects.filter(enrolment__user=member).order_by("issued_at")
    return {
        "enrolments": [
            {
                "package": e.package.slug,
                "enrolled_at": e.created_at.isoformat(),
                "completed_at": e.completed_at.isoformat() if e.completed_at else None,
                "lessons_visited": e.n_visits,
            }
            for e in enrolments
        ],
        "attempts": [
            {
                "package": a.enrolment.package.slug,
                "kind": a.kind,
                "scope": a.scope_key,
                "version": a.version_number,
                "score": a.score,
                "max_score": a.max_score,
                "passed": a.passed,
                "at": a.created_at.isoformat(),
            }
            for a in attempts
        ],
        "certificates": [
            {
                "code": c.display_code,
                "holder": c.holder_name,
                "title": c.title_en or c.title_fr,
                "version": c.version_number,
                "issued_at": c.issued_at.isoformat(),
            }
            for c in certificates
        ],
        "adoptions": [
            {
                "package": a.package.slug,
                "institution": a.institution,
                "curriculum": a.curriculum,
                "cohort": a.cohort,
                "kind": a.kind,
                "notify": a.notify,
                "at": a.created_at.isoformat(),
            }
            for a in Adoption.objects.filter(recorded_by=member).select_related("package")
        ],
        "workshops_facilitated": [
            {
                "package": r.package.slug,
                "starts_on": r.starts_on.isoformat(),
                "ends_on": r.ends_on.isoformat(),
                "city": r.city,
                "country": r.country,
            }
            for r in WorkshopRun.objects.filter(facilitator=member).select_related("package")
        ],
        "workshop_participations": [
            {
                "package": p.run.package.slug,
                "starts_on": p.run.starts_on.isoformat(),
                "name": p.name,
                "email": p.email,
                "organisation": p.organisation,
                "pre_score": p.pre_score,
                "post_score": p.post_score,
            }
            for p in Participant.objects.filter(user=member).select_related("run__package")
        ],
    }


def erase(member) -> None:
    Certificate.objects.filter(enrolment__user=member).delete()
    Enrolment.objects.filter(user=member).delete()  # visits, attempts and answers go with them
    Adoption.objects.filter(recorded_by=member).update(notify=False)
    Participant.objects.filter(user=member).update(
        user=None, name=FORMER_PARTICIPANT, email="", organisation=""
    )
