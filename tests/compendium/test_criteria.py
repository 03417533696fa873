"""Criteria sets: the shipped default, the public page with the label rule, and curators'
versions (edit a draft, activate it, flag the records it leaves behind)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from baraza.compendium import criteria_services, default_criteria, services
from baraza.compendium.criteria_services import CriterionValues
from baraza.compendium.models import CriteriaSet, CriterionKind, Label
from baraza.core.models import AuditEntry
from baraza.core.policies import Refused
from tests.compendium import factories

CRITERIA = "/en/compendium/criteria/"
MANAGE = "/en/compendium/criteria/manage/"
pytestmark = pytest.mark.django_db

ANCHORS = [f"anchor_{score}_{lang}" for score in range(4) for lang in ("en", "fr")]


@pytest.fixture
def curator_client(curator) -> Client:
    client = Client()
    client.force_login(curator)
    return client


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def _text(response) -> str:
    return " ".join(_soup(response).get_text(" ").split())


def _errors(response) -> list[str]:
    return [li.get_text(strip=True) for li in _soup(response).select(".errorlist li")]


def _new_draft(curator) -> CriteriaSet:
    return services.new_criteria_version(actor=curator, base=factories.active_criteria())


def _form_data(criteria_set: CriteriaSet, **changes) -> dict:
    """The edit form as the browser sends it, unchanged unless ``changes`` say otherwise."""
    data = {
        "name_en": criteria_set.name_en,
        "name_fr": criteria_set.name_fr,
        "notes_en": criteria_set.notes_en,
        "notes_fr": criteria_set.notes_fr,
        "disagreement_threshold": str(criteria_set.disagreement_threshold),
        "best_threshold": str(criteria_set.best_threshold),
        "promising_threshold": str(criteria_set.promising_threshold),
    }
    criteria = list(criteria_set.criteria.order_by("kind", "position"))
    data.update(
        {
            "criteria-TOTAL_FORMS": str(len(criteria) + 1),
            "criteria-INITIAL_FORMS": str(len(criteria)),
            "criteria-MIN_NUM_FORMS": "0",
            "criteria-MAX_NUM_FORMS": "40",
        }
    )
    for i, c in enumerate(criteria):
        for name in ("key", "kind", "name_en", "name_fr", "question_en", "question_fr", *ANCHORS):
            data[f"criteria-{i}-{name}"] = getattr(c, name)
        if c.is_key:
            data[f"criteria-{i}-is_key"] = "on"
    data.update(changes)
    return data


# --- The shipped default --------------------------------------------------------------------


def test_the_default_set_has_four_gates_and_seven_scored_criteria():
    active = CriteriaSet.objects.get(state=CriteriaSet.State.ACTIVE)
    assert active.version == 1
    criteria = list(active.criteria.order_by("kind", "position"))
    assert [(c.kind, c.key) for c in criteria] == [
        ("gate", "relevance"),
        ("gate", "clarity"),
        ("gate", "evidence-base"),
        ("gate", "ethics"),
        ("scored", "effectiveness"),
        ("scored", "efficiency"),
        ("scored", "equity-inclusion"),
        ("scored", "participation-ownership"),
        ("scored", "sustainability"),
        ("scored", "transferability"),
        ("scored", "intersectoral-collaboration"),
    ]
    assert [c.key for c in criteria if c.is_key] == ["effectiveness", "participation-ownership"]


def test_every_default_criterion_is_written_in_both_languages():
    for item in default_criteria.GATES + default_criteria.SCORED:
        for name in ("name_en", "name_fr", "question_en", "question_fr"):
            assert item[name].strip(), (item["key"], name)
        assert item["name_en"] != item["name_fr"] or item["key"] == "transferability"
    for item in default_criteria.SCORED:
        for name in ANCHORS:
            assert len(item[name].strip()) > 20, (item["key"], name)
        # Each score means something different.
        for lang in ("en", "fr"):
            assert len({item[f"anchor_{s}_{lang}"] for s in range(4)}) == 4
    for item in default_criteria.GATES:
        assert not any(name.startswith("anchor_") for name in item)


def test_loading_the_default_again_changes_nothing():
    from django.apps import apps

    default_criteria.load(lambda name: apps.get_model("compendium", name))
    assert CriteriaSet.objects.count() == 1


# --- The public page ------------------------------------------------------------------------


def test_the_criteria_page_writes_out_the_label_rule(client):
    response = client.get(CRITERIA)
    assert response.status_code == 200
    soup = _soup(response)
    assert soup.h1.get_text() == "Criteria and label rule"
    assert [h.get_text(" ", strip=True) for h in soup.find_all("h3")][:5] == [
        "Relevance",
        "Clarity of the intervention",
        "Evidence or theory base",
        "Ethics",
        "Effectiveness key criterion",
    ]
    text = _text(response)
    assert (
        "Best practice : the average is at least 2.25, every key criterion (Effectiveness, "
        "Community participation and ownership) has a consensus score of at least 2.25, and no "
        "scored criterion’s consensus score is below 1."
    ) in text
    assert (
        "Promising practice : otherwise, the average is at least 1.50 and every key criterion "
        "has a consensus score of at least 1.50."
    ) in text
    assert "Documented experience : any other experience that passes every gate." in text
    assert "A gate passes when more than half of the reviewers pass it." in text
    assert (
        "reconciliation starts if two reviewers’ scores on a scored criterion differ by 2 "
        "points or more, or if reviewers split on a gate."
    ) in text
    assert (
        "Score 0 The community only received information or services; it had no say in the work."
    ) in text


def test_the_criteria_page_in_french_shows_the_french_criteria(client):
    response = client.get("/fr/compendium/criteria/")
    assert response.status_code == 200
    text = _text(response)
    assert "Participation et appropriation communautaires" in text
    assert "La communauté a seulement reçu des informations ou des services" in text


def test_the_rule_on_the_page_matches_the_rule_applied(submitter, curator, reviewers):
    """Average 2.5 with every key criterion at 2.5: best practice, as the page says."""
    experience = factories.published(submitter, curator, reviewers[:2], scores=(2, 3))
    assert experience.label == Label.BEST
    experience = factories.published(submitter, curator, reviewers[:2], scores=(2, 2))
    assert experience.label == Label.PROMISING


def test_the_page_follows_the_thresholds_of_the_set(client, curator):
    draft = _new_draft(curator)
    criteria_services.update_criteria_set(
        actor=curator,
        criteria_set=draft,
        values={"best_threshold": "2.50", "disagreement_threshold": 1},
        criteria=[CriterionValues.of(c) for c in draft.criteria.all()],
    )
    services.activate_criteria_set(actor=curator, criteria_set=draft)
    text = _text(client.get(CRITERIA))
    assert "Best practice : the average is at least 2.50" in text
    assert "differ by 1 point or more" in text
    old = client.get("/en/compendium/criteria/v1/")
    assert "This version is retired" in _text(old)
    assert "the average is at least 2.25" in _text(old)
    versions = [
        li.get_text(" ", strip=True) for li in _soup(old).select("#versions-heading + ul li")
    ]
    assert [v.split(" — ")[0] for v in versions] == ["Version 2", "Version 1"]


def test_drafts_are_shown_to_curators_only(client, member_client, curator_client, curator):
    draft = _new_draft(curator)
    url = f"/en/compendium/criteria/v{draft.version}/"
    assert client.get(url).status_code == 404
    assert member_client.get(url).status_code == 404
    assert "This version is a draft" in _text(curator_client.get(url))
    assert client.get("/en/compendium/criteria/v99/").status_code == 404
    assert client.get(f"/en/compendium/criteria/v{10**30}/").status_code == 404
    assert "Version 2" not in _text(client.get(CRITERIA))


# --- Curators' pages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "manage/"),
        ("post", "v1/new-version/"),
        ("get", "v1/edit/"),
        ("post", "v1/edit/"),
        ("get", "v1/activate/"),
        ("post", "v1/activate/"),
        ("post", "v1/discard/"),
    ],
)
def test_only_curators_manage_criteria(client, member_client, method, path):
    for who in (client, member_client):
        assert getattr(who, method)(f"/en/compendium/criteria/{path}").status_code == 403
    assert CriteriaSet.objects.count() == 1


def test_the_services_refuse_non_curators(member, curator):
    draft = _new_draft(curator)
    with pytest.raises(Refused):
        criteria_services.update_criteria_set(
            actor=member, criteria_set=draft, values={"name_en": "Mine"}, criteria=[]
        )
    with pytest.raises(Refused):
        criteria_services.discard_criteria_draft(actor=member, criteria_set=draft)
    draft.refresh_from_db()
    assert draft.name_en == "Compendium criteria"


def test_a_curator_makes_edits_and_activates_a_new_version(curator_client, curator):
    response = curator_client.post("/en/compendium/criteria/v1/new-version/", follow=True)
    assert response.redirect_chain == [("/en/compendium/criteria/v2/edit/", 302)]
    assert _soup(response).h1.get_text() == "Edit version 2 of the criteria"
    draft = CriteriaSet.objects.get(version=2)
    assert draft.state == CriteriaSet.State.DRAFT
    assert draft.criteria.count() == 11

    new = {
        "criteria-11-key": "learning",
        "criteria-11-kind": "scored",
        "criteria-11-name_en": "Learning",
        "criteria-11-name_fr": "Apprentissage",
        "criteria-11-question_en": "Did the team learn and adapt?",
        "criteria-11-question_fr": "L’équipe a-t-elle appris et s’est-elle adaptée ?",
        **{f"criteria-11-{name}": f"Meaning {name}" for name in ANCHORS},
    }
    data = _form_data(
        draft,
        name_en="Compendium criteria 2027",
        notes_en="Adds learning; drops efficiency.",
        best_threshold="2.40",
        **{"criteria-5-DELETE": "on"},  # efficiency
        **new,
    )
    response = curator_client.post("/en/compendium/criteria/v2/edit/", data, follow=True)
    assert _soup(response).select_one(".messages").get_text(strip=True) == (
        "Version 2 has been saved."
    )
    draft.refresh_from_db()
    assert draft.name_en == "Compendium criteria 2027"
    assert str(draft.best_threshold) == "2.40"
    scored = list(draft.criteria.filter(kind=CriterionKind.SCORED).order_by("position"))
    assert [c.key for c in scored] == [
        "effectiveness",
        "equity-inclusion",
        "participation-ownership",
        "sustainability",
        "transferability",
        "intersectoral-collaboration",
        "learning",
    ]
    assert scored[-1].anchor_3_fr == "Meaning anchor_3_fr"
    assert AuditEntry.objects.filter(action="criteria.edit", target_id=str(draft.pk)).exists()

    confirm = curator_client.get("/en/compendium/criteria/v2/activate/")
    assert (
        "From now on, reviews assigned will use version 2, and version 1 will be retired. "
        "Published records keep their label and the version it rests on; you can then flag "
        "them for re-assessment from the dashboard."
    ) in _text(confirm)
    response = curator_client.post("/en/compendium/criteria/v2/activate/", follow=True)
    assert response.redirect_chain == [(MANAGE, 302)]
    states = dict(CriteriaSet.objects.values_list("version", "state"))
    assert states == {1: "retired", 2: "active"}
    rows = [
        [td.get_text(" ", strip=True) for td in tr.find_all(["th", "td"])][:4]
        for tr in _soup(response).select("tbody tr")
    ]
    assert rows == [
        ["2 — Compendium criteria 2027", "Active", "4 gates, 7 scored", "0"],
        ["1 — Compendium criteria", "Retired", "4 gates, 7 scored", "0"],
    ]


def test_only_a_draft_can_be_edited(curator_client, curator):
    active = factories.active_criteria()
    response = curator_client.get("/en/compendium/criteria/v1/edit/")
    assert response.status_code == 400
    assert _errors(response) == [
        "Only a draft criteria set can be edited: make a new version from this one."
    ]
    response = curator_client.post("/en/compendium/criteria/v1/edit/", _form_data(active))
    assert response.status_code == 400
    with pytest.raises(services.WorkflowError):
        criteria_services.update_criteria_set(
            actor=curator, criteria_set=active, values={"name_en": "Changed"}, criteria=[]
        )
    active.refresh_from_db()
    assert active.name_en == "Compendium criteria"


def test_unknown_versions_are_not_found(curator_client):
    for path in ("v7/edit/", f"v{10**30}/edit/", "v7/activate/"):
        assert curator_client.get(f"/en/compendium/criteria/{path}").status_code == 404
    for path in ("v7/new-version/", "v7/discard/", f"v{10**30}/activate/"):
        assert curator_client.post(f"/en/compendium/criteria/{path}").status_code == 404


def test_only_a_draft_can_be_activated_or_discarded(curator_client):
    response = curator_client.post("/en/compendium/criteria/v1/activate/")
    assert response.status_code == 400
    assert _errors(response) == ["Only a draft criteria set can be activated."]
    assert curator_client.get("/en/compendium/criteria/v1/activate/").status_code == 400
    response = curator_client.post("/en/compendium/criteria/v1/discard/")
    assert response.status_code == 400
    assert CriteriaSet.objects.get(version=1).state == CriteriaSet.State.ACTIVE


def test_a_draft_can_be_discarded(curator_client, curator):
    draft = _new_draft(curator)
    response = curator_client.post(
        f"/en/compendium/criteria/v{draft.version}/discard/", follow=True
    )
    assert _soup(response).select_one(".messages").get_text(strip=True) == (
        "The draft version 2 was discarded."
    )
    assert list(CriteriaSet.objects.values_list("version", flat=True)) == [1]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"promising_threshold": "2.50"},
            "The promising-practice threshold cannot be above the best-practice threshold.",
        ),
        (
            {"criteria-5-anchor_2_fr": ""},
            "Write what this score means.",
        ),
        (
            {"criteria-1-key": "relevance"},
            "Each criterion needs its own key; used more than once: relevance.",
        ),
        (
            {"criteria-0-is_key": "on"},
            "“Relevance”: only a scored criterion can be a key criterion.",
        ),
        (
            {f"criteria-{i}-DELETE": "on" for i in range(4)},
            "A criteria set needs gate criteria and scored criteria.",
        ),
    ],
)
def test_bad_edits_are_refused_with_a_message(curator_client, curator, changes, message):
    draft = _new_draft(curator)
    response = curator_client.post("/en/compendium/criteria/v2/edit/", _form_data(draft, **changes))
    assert response.status_code == 400
    assert message in _text(response)
    assert draft.criteria.count() == 11
    draft.refresh_from_db()
    assert str(draft.promising_threshold) == "1.50"


@pytest.mark.parametrize(
    "changes",
    [
        {"best_threshold": "4"},
        {"disagreement_threshold": "7"},
        {"criteria-2-kind": "maybe"},
        {"criteria-2-key": "Not a slug!"},
        {"criteria-TOTAL_FORMS": "x"},
        {"criteria-TOTAL_FORMS": "5000"},
    ],
)
def test_tampered_edit_posts_get_400_and_change_nothing(curator_client, curator, changes):
    draft = _new_draft(curator)
    response = curator_client.post("/en/compendium/criteria/v2/edit/", _form_data(draft, **changes))
    assert response.status_code == 400
    assert _soup(response).select_one("[role=alert]") is not None
    assert draft.criteria.count() == 11
    assert draft.criteria.filter(key="clarity").exists()


def test_a_new_version_keeps_labels_and_records_can_be_flagged(submitter, curator, reviewers):
    experience = factories.published(submitter, curator, reviewers[:2], scores=(2, 2))
    assert experience.criteria_set.version == 1
    draft = _new_draft(curator)
    services.activate_criteria_set(actor=curator, criteria_set=draft)
    experience.refresh_from_db()
    assert (experience.label, experience.criteria_set.version) == (Label.PROMISING, 1)
    assert services.flag_for_reassessment(actor=curator) == 1
    experience.refresh_from_db()
    assert experience.needs_reassessment
    # New reviews use the new version.
    later = factories.in_review(submitter, curator, reviewers[:2])
    assert {r.criteria_set.version for r in later.reviews.all()} == {2}


def test_the_service_checks_every_criterion(curator):
    draft = _new_draft(curator)
    criteria = [CriterionValues.of(c) for c in draft.criteria.order_by("kind", "position")]
    criteria[4] = CriterionValues(**{**criteria[4].__dict__, "anchor_1_en": "  "})
    criteria[5] = CriterionValues(**{**criteria[5].__dict__, "key": "Bad Key"})
    criteria[6] = CriterionValues(**{**criteria[6].__dict__, "question_fr": ""})
    with pytest.raises(services.WorkflowError) as refused:
        criteria_services.update_criteria_set(
            actor=curator, criteria_set=draft, values={"best_threshold": "3.5"}, criteria=criteria
        )
    assert refused.value.messages == [
        "The label thresholds are averages of 0–3 scores: between 0 and 3.",
        "“Effectiveness”: write what each score from 0 to 3 means, in both languages.",
        "“Efficiency”: the key uses only lowercase letters, digits and hyphens.",
        "“Equity and inclusion”: give the reviewers’ question in English and in French.",
    ]
    with pytest.raises(services.WorkflowError):
        criteria_services.update_criteria_set(
            actor=curator, criteria_set=draft, values={"state": "active"}, criteria=criteria
        )
    good = [CriterionValues.of(c) for c in draft.criteria.order_by("kind", "position")]
    for values in ({"promising_threshold": "lots"}, {"disagreement_threshold": "x"}):
        with pytest.raises(services.WorkflowError):
            criteria_services.update_criteria_set(
                actor=curator, criteria_set=draft, values=values, criteria=good
            )


@pytest.mark.parametrize("n", [1, 3])
def test_the_criteria_pages_query_count_does_not_grow(
    n, client, curator_client, curator, django_assert_num_queries
):
    for _ in range(n):
        _new_draft(curator)
    with django_assert_num_queries(3):
        assert client.get(CRITERIA).status_code == 200
    with django_assert_num_queries(5):
        assert curator_client.get(MANAGE).status_code == 200
