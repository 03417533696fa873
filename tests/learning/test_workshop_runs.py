"""Workshop runs: a facilitator records a run, then its participants and scores (one by one or
from a CSV file checked row by row), the evaluations, and reads the summary."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from baraza.learning.models import Evaluation, Participant, RunKind, WorkshopRun
from baraza.learning.services import workshops as services
from baraza.learning.services.publishing import publish
from tests.core.test_pages import BUDGET_BYTES, _assets, _get
from tests.factories import MemberFactory
from tests.learning.conftest import build_workshop_package

pytestmark = pytest.mark.django_db

NEW = "/en/learning/workshops/outbreak-workshop/runs/new/"


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def _text(node) -> str:
    return " ".join(node.get_text(" ").split())


def _variant(package) -> str:
    return package.versions.get().data["variants"][0]["key"]


def _values(package, **overrides) -> dict:
    values = {
        "variant_key": _variant(package),
        "kind": RunKind.WORKSHOP,
        "co_facilitators": "Moussa Sarr",
        "venue": "District hospital",
        "city": "Kisumu",
        "country": "KE",
        "language": "en",
        "starts_on": "2026-03-02",
        "ends_on": "2026-03-03",
        "trained_in": "",
        "notes": "",
    }
    values.update(overrides)
    return values


def record(package, user, **overrides) -> WorkshopRun:
    values = _values(package, **overrides)
    values["starts_on"] = dt.date.fromisoformat(values["starts_on"])
    values["ends_on"] = dt.date.fromisoformat(values["ends_on"])
    values["trained_in"] = values["trained_in"] or None
    return services.record_run(package=package, actor=user, values=values)


@pytest.fixture
def run(workshop_package, member):
    return record(workshop_package, member)


def run_url(run, rest: str = "", language: str = "en") -> str:
    return f"/{language}/learning/workshops/{run.package.slug}/runs/{run.pk}/{rest}"


def csv_file(text: str, name: str = "participants.csv", encoding: str = "utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


# --- Recording a run --------------------------------------------------------------------------


def test_a_member_records_a_run_and_leads_it(member_client, member, workshop_package):
    response = member_client.post(NEW, _values(workshop_package))
    run = WorkshopRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == run_url(run)
    assert (run.facilitator, run.created_by, run.version_number) == (member, member, 1)
    assert (run.variant_key, run.kind, run.city, run.country) == (
        _variant(workshop_package),
        RunKind.WORKSHOP,
        "Kisumu",
        "KE",
    )
    assert (run.starts_on, run.ends_on) == (dt.date(2026, 3, 2), dt.date(2026, 3, 3))


def test_the_last_day_cannot_come_before_the_first(member_client, workshop_package):
    response = member_client.post(
        NEW, _values(workshop_package, starts_on="2026-03-05", ends_on="2026-03-04")
    )
    assert response.status_code == 400
    errors = _soup(response).find(id="id_ends_on").find_previous("ul", class_="errorlist")
    assert _text(errors) == "The last day cannot be before the first day (2026-03-05)."
    assert WorkshopRun.objects.count() == 0


def test_the_country_is_a_known_two_letter_code(member_client, workshop_package):
    response = member_client.post(NEW, _values(workshop_package, country="XX"))
    assert response.status_code == 400
    errors = _soup(response).find(id="id_country").find_previous("ul", class_="errorlist")
    assert _text(errors) == (
        "“XX” is not a country code we know. Use the two-letter ISO code, for example KE for "
        "Kenya or SN for Senegal."
    )
    member_client.post(NEW, _values(workshop_package, country="sn"))
    assert WorkshopRun.objects.get().country == "SN"


def test_where_you_were_trained_is_one_of_the_packages_trainings_of_trainers(
    member_client, workshop_package, facilitator
):
    tot = record(workshop_package, facilitator, kind=RunKind.TRAINING_OF_TRAINERS, city="Dakar")
    plain = record(workshop_package, facilitator, city="Thiès")
    form = _soup(member_client.get(NEW))
    options = [_text(o) for o in form.find(id="id_trained_in").find_all("option")]
    assert options == [
        "Not trained at a recorded training of trainers",
        "Dakar (KE), 2026-03-02 to 2026-03-03, led by Joseph Facilitator",
    ]
    refused = member_client.post(NEW, _values(workshop_package, trained_in=str(plain.pk)))
    assert refused.status_code == 400
    assert member_client.post(NEW, _values(workshop_package, trained_in=str(tot.pk))).status_code
    assert WorkshopRun.objects.get(facilitator__display_name="Aminata Member").trained_in == tot


def test_a_training_that_starts_after_the_run_cannot_have_trained_its_facilitator(
    member_client, workshop_package, facilitator
):
    tot = record(
        workshop_package,
        facilitator,
        kind=RunKind.TRAINING_OF_TRAINERS,
        starts_on="2026-05-01",
        ends_on="2026-05-02",
    )
    response = member_client.post(NEW, _values(workshop_package, trained_in=str(tot.pk)))
    assert response.status_code == 400
    errors = _soup(response).find(id="id_trained_in").find_previous("ul", class_="errorlist")
    assert _text(errors) == "The training of trainers you name starts after this workshop does."


def test_visitors_log_in_first_and_learning_packages_have_no_runs(
    client, member_client, workshop_package, learning_package
):
    assert client.get(NEW)["Location"].startswith("/en/accounts/login/")
    assert member_client.get("/en/learning/workshops/ce-essentials/runs/new/").status_code == 404


# --- The run's page ---------------------------------------------------------------------------


def test_only_the_facilitators_and_the_authors_see_a_run(run, member_client, author_client, client):
    assert member_client.get(run_url(run)).status_code == 200
    assert author_client.get(run_url(run)).status_code == 200
    assert client.get(run_url(run))["Location"].startswith("/en/accounts/login/")
    stranger = Client()
    stranger.force_login(MemberFactory())
    response = stranger.get(run_url(run))
    assert response.status_code == 403
    assert "Only the workshop's facilitators and the package's authors" in _text(_soup(response))
    assert stranger.post(run_url(run, "participants/"), {"name": "X"}).status_code == 403
    assert Participant.objects.count() == 0


def test_the_run_page_shows_its_details(run, member_client):
    soup = _soup(member_client.get(run_url(run)))
    assert soup.h1.get_text() == "Workshop in Kisumu"
    facts = soup.find(id="details-heading").find_next("dl")
    pairs = {_text(dt): _text(dt.find_next_sibling("dd")) for dt in facts.find_all("dt")}
    assert pairs["Lead facilitator"] == "Aminata Member"
    assert pairs["Co-facilitators"] == "Moussa Sarr"
    assert pairs["Place"] == "Kisumu, Kenya"
    assert pairs["Variant"] == "2-day"


def test_a_participant_is_added_with_scores_from_0_to_100(run, member_client):
    response = member_client.post(
        run_url(run, "participants/"),
        {"name": "Amina", "email": "", "organisation": "", "pre_score": "120", "post_score": ""},
    )
    assert response.status_code == 400
    errors = _soup(response).find(id="id_pre_score").find_previous("ul", class_="errorlist")
    assert _text(errors) == "Ensure this value is less than or equal to 100."
    member_client.post(
        run_url(run, "participants/"),
        {"name": "Amina", "attended": "on", "pre_score": "40", "post_score": "85"},
    )
    rows = _soup(member_client.get(run_url(run))).find(id="participants-heading")
    cells = [_text(td) for td in rows.find_next("tbody").find("tr").find_all("td")[:7]]
    assert cells == ["Amina", "", "", "yes", "40", "85", "+45"]


PARTICIPANTS = (
    "name,email,organisation,attended,pre_score,post_score\n"
    "Amina Diallo,amina@example.org,Ministry of Health,yes,40,80\n"
    "Koffi Mensah,koffi@example.org,Red Cross,no,,\n"
    "Fatou Ndiaye,,District team,,55,70\n"
)


def test_a_csv_file_of_participants_is_added_and_summarised(run, member_client):
    response = member_client.post(
        run_url(run, "participants/upload/"), {"file": csv_file(PARTICIPANTS)}
    )
    assert response.status_code == 302
    got = list(run.participants.values_list("name", "attended", "pre_score", "post_score"))
    assert got == [
        ("Amina Diallo", True, 40, 80),
        ("Fatou Ndiaye", True, 55, 70),
        ("Koffi Mensah", False, None, None),
    ]
    soup = _soup(member_client.get(run_url(run)))
    summary = soup.find(id="summary-heading").find_next("dl")
    pairs = {_text(dt): _text(dt.find_next_sibling("dd")) for dt in summary.find_all("dt")}
    assert pairs["Participants"] == "3 listed, 2 attended"
    assert pairs["Mean pre-test score"] == "47.5 %"
    assert pairs["Mean post-test score"] == "75.0 %"
    assert pairs["Mean gain"] == "27.5 points, for the participants with both scores"


def test_a_later_upload_updates_the_participants_it_names_by_email(run, member_client):
    member_client.post(run_url(run, "participants/upload/"), {"file": csv_file(PARTICIPANTS)})
    later = "email;post_score;name\nKOFFI@example.org;65;Koffi Mensah\nnew@example.org;50;New One\n"
    response = member_client.post(run_url(run, "participants/upload/"), {"file": csv_file(later)})
    assert response.status_code == 302
    assert run.participants.count() == 4
    koffi = run.participants.get(name="Koffi Mensah")
    assert (koffi.post_score, koffi.attended) == (65, True)


def test_a_csv_file_with_bad_rows_saves_nothing_and_lists_every_problem(run, member_client):
    bad = (
        "name,email,attended,pre_score,post_score\n"
        "Amina Diallo,amina@example.org,yes,40,80\n"
        ",koffi@example,maybe,abc,101\n"
        "Fatou Ndiaye,amina@example.org,,,\n"
    )
    response = member_client.post(run_url(run, "participants/upload/"), {"file": csv_file(bad)})
    assert response.status_code == 400
    errors = _soup(response).find(id="id_participants_file").find_previous("ul", class_="errorlist")
    assert [_text(li) for li in errors.find_all("li")] == [
        "Row 3, column “attended”: write yes or no, not “maybe”.",
        "Row 3, column “name”: This field is required.",
        "Row 3, column “email”: Enter a valid email address.",
        "Row 3, column “pre_score”: Enter a whole number.",
        "Row 3, column “post_score”: Ensure this value is less than or equal to 100.",
        "Row 4: amina@example.org is also on row 2.",
    ]
    assert run.participants.count() == 0


def test_row_problems_are_told_in_the_readers_language(run, member_client):
    bad = "name,pre_score\nAmina,beaucoup\n"
    response = member_client.post(
        run_url(run, "participants/upload/", language="fr"), {"file": csv_file(bad)}
    )
    assert response.status_code == 400
    errors = _soup(response).find(id="id_participants_file").find_previous("ul", class_="errorlist")
    assert _text(errors).endswith("Saisissez un nombre entier.")
    assert "pre_score" in _text(errors)


@pytest.mark.parametrize(
    ("content", "encoding", "message"),
    [
        ("nom,email\nAmina,a@example.org\n", "utf-8", "Row 1: “nom” is not a column this"),
        ("email\na@example.org\n", "utf-8", "Row 1: the column “name” is missing."),
        ("name\n", "utf-8", "The file has a header row but no rows below it."),
        ("name\nAmina,extra\n", "utf-8", "Row 2 has more cells than the header has columns."),
        ("name\nRenée\n", "latin-1", "The file is not UTF-8 text (line 2)."),
    ],
)
def test_a_file_that_is_not_a_participant_list_is_refused(
    run, member_client, content, encoding, message
):
    response = member_client.post(
        run_url(run, "participants/upload/"), {"file": csv_file(content, encoding=encoding)}
    )
    assert response.status_code == 400
    errors = _soup(response).find(id="id_participants_file").find_previous("ul", class_="errorlist")
    assert _text(errors).startswith(message)
    assert run.participants.count() == 0


def test_a_participant_is_removed(run, member_client):
    member_client.post(run_url(run, "participants/upload/"), {"file": csv_file(PARTICIPANTS)})
    koffi = run.participants.get(name="Koffi Mensah")
    response = member_client.post(run_url(run, f"participants/{koffi.pk}/remove/"))
    assert response.status_code == 302
    assert list(run.participants.values_list("name", flat=True)) == [
        "Amina Diallo",
        "Fatou Ndiaye",
    ]


# --- Evaluations ------------------------------------------------------------------------------


def _questions(run) -> list[dict]:
    return run.package.versions.get().data["evaluation"]


def test_the_upload_documents_the_evaluation_columns(run, member_client):
    useful, differently = _questions(run)
    soup = _soup(member_client.get(run_url(run)))
    table = soup.find(id="evaluations-heading").find_next("table")
    assert [[_text(td) for td in tr.find_all("td")] for tr in table.select("tbody tr")] == [
        ["1", useful["key"], "How useful was the workshop?", "Rating from 1 to 5"],
        ["2", differently["key"], "What will you do differently?", "Written answer"],
    ]


def test_evaluations_are_uploaded_by_question_number_or_key(run, member_client):
    useful, differently = _questions(run)
    by_number = "1,2\n5,Listen before talking\n4,\n"
    response = member_client.post(
        run_url(run, "evaluations/"), {"file": csv_file(by_number, "evaluations.csv")}
    )
    assert response.status_code == 302
    by_key = f"{differently['key']};{useful['key']}\nAsk the committee;3\n"
    member_client.post(run_url(run, "evaluations/"), {"file": csv_file(by_key, "e.csv")})
    assert [e.answers for e in Evaluation.objects.order_by("id")] == [
        {useful["key"]: 5, differently["key"]: "Listen before talking"},
        {useful["key"]: 4},
        {differently["key"]: "Ask the committee", useful["key"]: 3},
    ]
    soup = _soup(member_client.get(run_url(run)))
    table = soup.find(id="summary-heading").find_next("table")
    rows = [[_text(td) for td in tr.find_all("td")] for tr in table.select("tbody > tr")]
    assert rows == [
        ["How useful was the workshop?", "4.0", "3"],
        [
            "What will you do differently? Listen before talking Ask the committee",
            "written answers",
            "2",
        ],
    ]


def test_a_rating_outside_1_to_5_or_an_unknown_column_saves_no_evaluation(run, member_client):
    bad = "1,2\n6,Fine\n3,Good\n"
    response = member_client.post(run_url(run, "evaluations/"), {"file": csv_file(bad)})
    assert response.status_code == 400
    errors = _soup(response).find(id="id_evaluations_file").find_previous("ul", class_="errorlist")
    assert [_text(li) for li in errors.find_all("li")] == [
        "Row 2, column “1”: a rating is a whole number from 1 to 5, not “6”."
    ]
    unknown = "1,3\n4,5\n"
    response = member_client.post(run_url(run, "evaluations/"), {"file": csv_file(unknown)})
    errors = _soup(response).find(id="id_evaluations_file").find_previous("ul", class_="errorlist")
    assert [_text(li) for li in errors.find_all("li")] == [
        "Row 1: “3” is not a column this upload knows."
    ]
    assert Evaluation.objects.count() == 0


# --- Page structure and queries ---------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 3])
def test_the_run_page_takes_the_same_queries_for_1_and_3_participants(
    run, member_client, django_assert_num_queries, n
):
    for k in range(n):
        Participant.objects.create(run=run, name=f"Participant {k}", pre_score=10, post_score=20)
        Evaluation.objects.create(run=run, answers={})
    with django_assert_num_queries(10):
        assert member_client.get(run_url(run)).status_code == 200


@pytest.mark.parametrize("path", ["", "new"])
def test_the_run_pages_are_light_and_every_control_is_labelled(run, member_client, path):
    url = run_url(run) if path == "" else NEW
    response, soup, wire = _get(member_client, url)
    assert response.status_code == 200
    total = wire + sum(
        len(gzip.compress(b"".join(Client().get(u).streaming_content), 9)) for u in _assets(soup)
    )
    assert total <= BUDGET_BYTES
    assert len(soup.find_all("h1")) == 1
    assert [t for t in soup.find_all(True) if "style" in t.attrs] == []
    labelled = {label.get("for") for label in soup.find_all("label")}
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    for control in soup.find_all(["input", "select", "textarea"]):
        if control.get("type") in ("hidden", "submit"):
            continue
        assert control.get("id") in labelled, str(control)[:120]


# --- The services guard their own input ------------------------------------------------------


def test_the_service_refuses_a_training_of_another_package(
    workshop_package, author, experience, member, facilitator
):
    other = build_workshop_package(author, experience, slug="other-workshop")
    publish(package=other, actor=author)
    elsewhere = record(other, facilitator, kind=RunKind.TRAINING_OF_TRAINERS)
    with pytest.raises(services.WorkshopError) as refused:
        record(workshop_package, member, trained_in=elsewhere)
    assert refused.value.messages == ["Choose one of this package's trainings of trainers."]
    with pytest.raises(services.WorkshopError):
        record(workshop_package, member, variant_key="nope")
    assert WorkshopRun.objects.filter(package=workshop_package).count() == 0


def test_the_service_writes_no_evaluation_when_one_answer_is_wrong(run, member):
    useful, _differently = _questions(run)
    with pytest.raises(services.WorkshopError):
        services.add_evaluations(
            run=run, actor=member, answers=[{useful["key"]: 4}, {useful["key"]: 9}]
        )
    assert Evaluation.objects.count() == 0
