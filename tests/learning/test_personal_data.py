"""A learner's and a facilitator's data in "download my data", and what account deletion
erases."""

from __future__ import annotations

import datetime as dt

import pytest

from baraza.accounts import services as accounts
from baraza.learning.models import Adoption, Certificate, Enrolment, Participant, WorkshopRun
from baraza.learning.services import learners

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(member, learning_package, workshop_package):
    """The member enrolled with a certificate, an adoption, a run they led and one they
    attended."""
    enrolment = learners.enrol(user=member, package=learning_package)
    Certificate.objects.create(
        enrolment=enrolment,
        holder_name="Aminata Member",
        title_en="Essentials",
        title_fr="L'essentiel",
        version_number=1,
        notional_hours=3,
    )
    Adoption.objects.create(
        package=learning_package,
        institution="École de santé de Kolda",
        country="SN",
        kind="adapted",
        curriculum="Nursing year 2",
        version_number=1,
        recorded_by=member,
    )
    run = WorkshopRun.objects.create(
        package=workshop_package,
        version_number=1,
        kind="workshop",
        facilitator=member,
        country="SN",
        language="fr",
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2026, 10, 2),
    )
    Participant.objects.create(
        run=run,
        name="Aminata M.",
        email="aminata@example.org",
        user=member,
        pre_score=40,
        post_score=80,
    )
    return enrolment


def test_download_my_data_lists_learning_and_workshops(member, history):
    data = accounts.export_personal_data(member=member)["learning"]
    assert [e["package"] for e in data["enrolments"]] == ["ce-essentials"]
    assert [c["holder"] for c in data["certificates"]] == ["Aminata Member"]
    assert [a["institution"] for a in data["adoptions"]] == ["École de santé de Kolda"]
    assert [w["starts_on"] for w in data["workshops_facilitated"]] == ["2026-10-01"]
    assert [(p["name"], p["post_score"]) for p in data["workshop_participations"]] == [
        ("Aminata M.", 80)
    ]


def test_deleting_the_account_erases_progress_and_certificate_and_anonymises_participation(
    member, history
):
    accounts.delete_account(actor=member, member=member)
    assert not Enrolment.objects.filter(user=member).exists()
    assert not Certificate.objects.exists()
    assert list(Adoption.objects.values_list("notify", flat=True)) == [False]
    participant = Participant.objects.get()
    assert (participant.user, participant.name, participant.email, participant.post_score) == (
        None,
        "—",
        "",
        80,
    )
    assert WorkshopRun.objects.filter(facilitator=member).count() == 1
