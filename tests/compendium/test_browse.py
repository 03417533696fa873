"""Browsing the compendium: the faceted list, a record's page and its versions, tombstones."""

from __future__ import annotations

import gzip

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from baraza.compendium import queries, services
from baraza.compendium.models import Attachment, Experience
from baraza.taxonomy.models import Country, EngagementLevel, EvidenceType, HealthArea, Phase
from tests.compendium import factories

pytestmark = pytest.mark.django_db

LIST = "/en/compendium/"


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def optional_url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def quick(curator, label: str = "", **overrides) -> Experience:
    """A record a curator writes and publishes directly (no review round: fast)."""
    experience = services.create_experience(
        actor=curator, values=factories.complete_values(**overrides)
    )
    services.publish_directly(experience=experience, actor=curator, label=label)
    experience.refresh_from_db()
    return experience


def french_values(**overrides) -> dict:
    values = {
        "original_language": "fr",
        "title_en": "",
        "summary_en": "",
        "what_was_done_en": "",
        "outcomes_en": "",
        "lessons_learned_en": "",
        "evidence_description_en": "",
        "title_fr": "Dialogues communautaires contre le choléra, Sénégal",
        "summary_fr": " ".join(["Les relais communautaires ont animé des dialogues."] * 8),
        "what_was_done_fr": " ".join(["Des causeries ont eu lieu dans chaque quartier."] * 8),
        "outcomes_fr": " ".join(["Les cas ont diminué en trois mois."] * 4),
        "evidence_description_fr": "Suivi du programme.",
    }
    values.update(overrides)
    return values


@pytest.fixture
def dataset(curator):
    """Three published records that differ on every facet, and one draft."""
    kenya = quick(
        curator,
        label="best-practice",
        title_en="Village health committees, Kenya",
        start_year=2019,
        end_year=2021,
    )
    senegal = quick(
        curator,
        label="promising-practice",
        **french_values(),
        countries=[Country.objects.get(code="SN"), Country.objects.get(code="GN")],
        phases=[Phase.objects.get(slug="response")],
        health_areas=[HealthArea.objects.get(slug="cholera")],
        engagement_level=EngagementLevel.objects.get(slug="involve"),
        start_year=2022,
        end_year=None,
        ongoing=True,
    )
    india = quick(
        curator,
        title_en="Women’s groups prepare for floods, India",
        countries=[Country.objects.get(code="IN")],
        phases=[Phase.objects.get(slug="preparedness"), Phase.objects.get(slug="response")],
        evidence_type=EvidenceType.objects.get(slug="before-after"),
        engagement_level=EngagementLevel.objects.get(slug="inform"),
        start_year=2015,
        end_year=2016,
    )
    services.create_experience(
        actor=curator, values=factories.complete_values(title_en="A draft about Kenya")
    )
    return {"kenya": kenya, "senegal": senegal, "india": india}


def titles(page) -> list[str]:
    return [a.get_text() for a in page.select(".cards h3 a")]


def facet_counts(page, key: str) -> dict[str, int]:
    counts = {}
    for box in page.select(f'input[name="{key}"]'):
        label = box.find_parent("label")
        counts[box["value"]] = int(label.select_one(".n").get_text().replace(",", ""))
    return counts


def checked(page) -> list[tuple[str, str]]:
    return [(box["name"], box["value"]) for box in page.select("input[type=checkbox][checked]")]


# --- The list ------------------------------------------------------------------------------


def test_the_list_shows_published_records_newest_first_with_their_facets(client, dataset):
    page = soup(client.get(LIST))
    assert titles(page) == [
        "Women’s groups prepare for floods, India",
        "Dialogues communautaires contre le choléra, Sénégal",
        "Village health committees, Kenya",
    ]
    assert page.select_one("#count").get_text() == "3 experiences"
    assert facet_counts(page, "region") == {"AFR": 2, "SEAR": 1}
    assert facet_counts(page, "country") == {"GN": 1, "IN": 1, "KE": 1, "SN": 1}
    assert facet_counts(page, "phase") == {"preparedness": 1, "response": 2, "routine-phc": 1}
    assert facet_counts(page, "level") == {"inform": 1, "involve": 1, "collaborate": 1}
    assert facet_counts(page, "label") == {"best-practice": 1, "promising-practice": 1}
    assert facet_counts(page, "evidence") == {"programme-monitoring": 2, "before-after": 1}
    years = facet_counts(page, "year")
    assert (years["2015"], years["2016"], years["2019"], years["2021"], years["2022"]) == (
        1,
        1,
        1,
        1,
        1,
    )
    assert "2017" not in years and "2018" not in years
    assert facet_counts(page, "language") == {"en": 2, "fr": 1}


def test_a_card_shows_identifier_title_summary_place_phase_label_and_level(client, dataset):
    page = soup(client.get(LIST))
    kenya = page.select(".cards .card")[2]
    assert kenya.select_one("p").get_text(" ", strip=True) == (
        f"{dataset['kenya'].identifier} Best practice"
    )
    assert kenya.select_one("h3 a")["href"] == f"/en/compendium/{dataset['kenya'].identifier}/"
    assert kenya.select("p")[-1].get_text() == (
        "Kenya · Routine primary health care · Engagement: Collaborate"
    )
    senegal = page.select(".cards .card")[1]
    assert senegal.select_one("h3 a")["lang"] == "fr"


def test_filters_combine_across_facets_and_alternate_within_one(client, dataset):
    page = soup(client.get(LIST, {"phase": ["response", "routine-phc"]}))
    assert len(titles(page)) == 3
    page = soup(client.get(LIST, {"phase": "response", "region": "AFR"}))
    assert titles(page) == ["Dialogues communautaires contre le choléra, Sénégal"]
    # Counts of a facet ignore its own filter, and follow the others.
    assert facet_counts(page, "region") == {"AFR": 1, "SEAR": 1}
    assert facet_counts(page, "phase") == {"response": 1, "routine-phc": 1}
    assert facet_counts(page, "country") == {"GN": 1, "SN": 1}
    assert checked(page) == [("region", "AFR"), ("phase", "response")]


def test_the_year_filter_keeps_records_that_ran_that_year(client, dataset):
    assert titles(soup(client.get(LIST, {"year": "2020"}))) == ["Village health committees, Kenya"]
    ongoing = titles(soup(client.get(LIST, {"year": "2024"})))
    assert ongoing == ["Dialogues communautaires contre le choléra, Sénégal"]
    assert titles(soup(client.get(LIST, {"year": ["2016", "2021"]}))) == [
        "Women’s groups prepare for floods, India",
        "Village health committees, Kenya",
    ]


def test_the_language_filter_keeps_records_one_can_read_in_it(client, dataset):
    assert titles(soup(client.get(LIST, {"language": "fr"}))) == [
        "Dialogues communautaires contre le choléra, Sénégal"
    ]
    assert len(titles(soup(client.get(LIST, {"language": "en"})))) == 2


def test_other_filters_and_words(client, dataset):
    assert titles(soup(client.get(LIST, {"country": "in"}))) == [
        "Women’s groups prepare for floods, India"
    ]
    assert titles(soup(client.get(LIST, {"label": "best-practice"}))) == [
        "Village health committees, Kenya"
    ]
    assert titles(soup(client.get(LIST, {"evidence": "before-after", "level": "inform"}))) == [
        "Women’s groups prepare for floods, India"
    ]
    assert titles(soup(client.get(LIST, {"health_area": "cholera"}))) == [
        "Dialogues communautaires contre le choléra, Sénégal"
    ]
    assert titles(soup(client.get(LIST, {"approach": "community-health-committees"}))) == [
        "Women’s groups prepare for floods, India",
        "Dialogues communautaires contre le choléra, Sénégal",
        "Village health committees, Kenya",
    ]
    assert titles(soup(client.get(LIST, {"setting": "urban"}))) == []
    assert titles(soup(client.get(LIST, {"q": "FLOODS"}))) == [
        "Women’s groups prepare for floods, India"
    ]


def test_sorting_by_title_and_by_start_year(client, dataset):
    assert titles(soup(client.get(LIST, {"sort": "title"}))) == [
        "Dialogues communautaires contre le choléra, Sénégal",
        "Village health committees, Kenya",
        "Women’s groups prepare for floods, India",
    ]
    assert titles(soup(client.get(LIST, {"sort": "start"}))) == [
        "Dialogues communautaires contre le choléra, Sénégal",
        "Village health committees, Kenya",
        "Women’s groups prepare for floods, India",
    ]


def test_selected_filters_are_chips_that_remove_themselves(client, dataset):
    page = soup(client.get(LIST, {"phase": "response", "region": "AFR", "q": "choléra"}))
    chips = [(a.get_text(" ", strip=True), a["href"]) for a in page.select(".chips a")]
    assert chips == [
        ("WHO region: African Region ×", "/en/compendium/?phase=response&q=chol%C3%A9ra"),
        ("Phase: Response ×", "/en/compendium/?region=AFR&q=chol%C3%A9ra"),
        ("Words: choléra ×", "/en/compendium/?region=AFR&phase=response"),
        ("Clear filters", "/en/compendium/"),
    ]


def test_a_selected_value_with_no_result_stays_visible_with_zero(client, dataset):
    page = soup(client.get(LIST, {"setting": "urban"}))
    assert facet_counts(page, "setting") == {"rural": 3, "urban": 0}
    assert page.select_one("#count").get_text() == "0 experiences"
    assert page.find(string="No experience matches these filters.")


def test_bad_filter_values_are_ignored_and_reported(client, dataset):
    response = client.get(
        LIST,
        {"phase": ["response", "nonsense"], "year": "twenty", "region": "XYZ", "sort": "x"},
    )
    assert response.status_code == 200
    page = soup(response)
    assert [li.get_text() for li in page.select("main .messages li")] == [
        "Filter “WHO region”: “XYZ” is not a known value, so it was ignored.",
        "Filter “Phase”: “nonsense” is not a known value, so it was ignored.",
        "Filter “Year”: “twenty” is not a known value, so it was ignored.",
        "There is no sort order “x”: the newest records come first.",
    ]
    assert len(titles(page)) == 2
    assert checked(page) == [("phase", "response")]


def test_the_filter_form_works_without_javascript(client, dataset):
    page = soup(client.get(LIST))
    form = page.select_one("form.facets")
    assert (form["method"], form["action"]) == ("get", "/en/compendium/")
    assert [s.get_text() for s in form.select("details > summary")] == [
        "WHO region",
        "Country",
        "Phase",
        "Health area",
        "Approach",
        "Level of engagement",
        "Setting",
        "Type of evidence",
        "Label",
        "Year",
        "Language",
    ]
    assert form.select("button[type=submit]")
    assert page.find_all("script") == []
    assert all(box.find_parent("label") for box in form.select("input[type=checkbox]"))


def test_the_list_links_to_the_rest_of_the_compendium(client, dataset):
    page = soup(client.get(LIST, {"phase": "response"}))
    hrefs = [a["href"] for a in page.select("main a")]
    for name in ("compendium:map", "compendium:criteria", "compendium:submit"):
        url = optional_url(name)
        if url:
            assert url in hrefs, name
    export = optional_url("compendium:export", "csv")
    if export:
        assert f"{export}?phase=response" in hrefs


def test_the_french_list_shows_french_titles_and_names(client, dataset):
    page = soup(
        client.get("/fr/compendium/", {"phase": "response", "country": "SN", "level": "involve"})
    )
    assert page.html["lang"] == "fr"
    assert titles(page) == ["Dialogues communautaires contre le choléra, Sénégal"]
    chips = [a.get_text(" ", strip=True) for a in page.select(".chips a")]
    with translation.override("fr"):
        expected = [
            translation.gettext("%(facet)s: %(name)s") % {"facet": facet, "name": name} + " ×"
            for facet, name in (
                (translation.gettext("Country"), "Sénégal"),
                (translation.gettext("Phase"), "Riposte"),
                (translation.gettext("Level of engagement"), "Impliquer"),
            )
        ]
    assert chips[:3] == expected
    labels = [
        box.find_parent("label").get_text(" ", strip=True)
        for box in page.select('input[name="country"]')
    ]
    assert labels == ["Guinée 1", "Sénégal 1"]


def test_pages_of_twenty(client, curator):
    for i in range(21):
        quick(curator, title_en=f"Experience number {i:02d}")
    first = soup(client.get(LIST))
    assert len(titles(first)) == 20
    assert first.select_one('.pagination a[rel="next"]')["href"] == "?page=2"
    second = soup(client.get(LIST, {"page": "2"}))
    assert titles(second) == ["Experience number 00"]
    assert titles(soup(client.get(LIST, {"page": "x"}))) == titles(first)


@pytest.mark.parametrize("n", [1, 3])
def test_the_list_makes_the_same_queries_for_1_and_3_records(
    client, curator, n, django_assert_num_queries
):
    for i in range(n):
        quick(
            curator,
            label="promising-practice",
            title_en=f"Record {i}",
            countries=list(Country.objects.filter(code__in=["KE", "UG", "TZ"][: i + 1])),
        )
    with django_assert_num_queries(16):
        response = client.get(LIST, {"phase": "routine-phc", "region": "AFR"})
    assert len(titles(soup(response))) == n


def test_the_list_fits_the_weight_budget(client, curator):
    for i in range(25):
        quick(
            curator,
            title_en=f"A fairly long title for experience number {i} in the compendium list",
            countries=list(Country.objects.order_by("?")[:3]),
        )
    response = client.get(LIST)
    page = soup(response)
    total = len(gzip.compress(response.content, 9))
    for link in page.find_all("link", rel="stylesheet"):
        css = b"".join(Client().get(link["href"]).streaming_content)
        total += len(gzip.compress(css, 9))
    assert total < 50 * 1024
    assert len(response.content) < 50 * 1024


# --- A record ------------------------------------------------------------------------------


def test_a_record_page_shows_the_published_version(client, curator, submitter, reviewers):
    experience = factories.published(
        submitter,
        curator,
        reviewers[:2],
        scores=(2, 3),
        subnational_area="Kisumu County",
        contact_name="Grace Achieng",
        contact_email="grace@example.org",
        contact_consent=True,
        cost_amount="12500.00",
        cost_currency="USD",
        references=[
            {"title": "A trial", "publisher": "BMJ", "year": 2022, "doi": "10.1136/x", "url": ""}
        ],
    )
    page = soup(client.get(f"/en/compendium/{experience.identifier}/"))
    assert page.h1.get_text() == "Village health committees review clinic data, Kenya"
    assert page.select_one(".ident").get_text(" ", strip=True) == (
        f"{experience.identifier} · version 1 Best practice"
    )
    assert [h.get_text() for h in page.select(".record h2")][:5] == [
        "Summary",
        "What was done",
        "Outcomes",
        "Lessons learned",
        "Evidence",
    ]
    facts = {
        dt.get_text(): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in page.select("#h-about + dl dt")
    }
    assert facts["Countries"] == "Kenya"
    assert facts["WHO region"] == "African Region"
    assert facts["Area"] == "Kisumu County"
    assert facts["Phases"] == "Routine primary health care"
    assert facts["Level of engagement"].startswith("Collaborate Communities are partners")
    assert facts["Period"] == "2019–2021"
    assert facts["Cost"] == "12,500 USD"
    assert (
        facts["Type of evidence"] == EvidenceType.objects.get(slug="programme-monitoring").name_en
    )
    assert facts["Licence"] == "CC BY 4.0 (reuse with credit)"
    reference = page.select_one(".references li")
    assert reference.get_text() == "A trial. BMJ, 2022. DOI 10.1136/x"
    assert reference.a["href"] == "https://doi.org/10.1136/x"
    assert "Grace Achieng" in page.select_one("#h-contact + p").get_text()


def test_the_contact_is_shown_only_with_consent(client, curator):
    experience = quick(curator, contact_name="Grace Achieng", contact_consent=False)
    page = soup(client.get(f"/en/compendium/{experience.identifier}/"))
    assert page.select("#h-contact") == []
    assert "Grace Achieng" not in page.get_text()


def test_identifiers_are_case_insensitive(client, dataset):
    identifier = dataset["kenya"].identifier
    response = client.get(f"/en/compendium/{identifier.lower()}/")
    assert (response.status_code, response["Location"]) == (301, f"/en/compendium/{identifier}/")


def test_unknown_identifier_is_not_found(client, dataset):
    assert client.get("/en/compendium/CE-1999-0001/").status_code == 404
    assert client.get(f"/en/compendium/{dataset['kenya'].identifier}/v9/").status_code == 404


def test_an_old_version_reads_as_it_was_with_a_link_to_the_current_one(client, curator):
    experience = quick(curator, title_en="First title")
    services.publish_edit(
        experience=experience,
        actor=curator,
        values={"title_en": "Second title"},
        change_note="Better title.",
    )
    current = soup(client.get(f"/en/compendium/{experience.identifier}/"))
    assert current.h1.get_text() == "Second title"
    assert current.select_one(".ident").get_text(strip=True) == (
        f"{experience.identifier} · version 2"
    )
    assert current.select(".record > .notice") == []
    old = soup(client.get(f"/en/compendium/{experience.identifier}/v1/"))
    assert old.h1.get_text() == "First title"
    assert old.select_one(".ident").get_text(strip=True) == f"{experience.identifier} · version 1"
    notice = old.select_one(".record > .notice")
    assert notice.get_text(" ", strip=True).startswith("You are reading version 1 of this record")
    assert notice.a.get_text() == "Read the current version (version 2)"
    assert notice.a["href"] == f"/en/compendium/{experience.identifier}/"


def test_french_readers_see_french_text_and_notices_on_english_only_fields(client, curator):
    experience = quick(
        curator,
        title_fr="Des comités de santé villageois examinent les données, Kenya",
        summary_fr=" ".join(["Les comités se réunissent chaque mois."] * 6),
    )
    services.publish_edit(
        experience=experience,
        actor=curator,
        values={"summary_en": factories.words(70)},
        change_note="Longer summary.",
    )
    page = soup(client.get(f"/fr/compendium/{experience.identifier}/"))
    assert page.h1.get_text() == "Des comités de santé villageois examinent les données, Kenya"
    assert page.h1["lang"] == "fr"
    with translation.override("fr"):
        missing = translation.gettext("Shown in English: the French translation is missing.")
        stale = translation.gettext("Shown in English: the French translation is out of date.")
        older = translation.gettext("Read the out-of-date French translation")
    summary = page.select_one("#h-summary").parent
    assert summary.select_one(".notice").get_text() == stale
    assert summary.select_one("div")["lang"] == "en"
    assert summary.select_one("details summary").get_text() == older
    assert summary.select_one("details div")["lang"] == "fr"
    what = page.select_one("#h-what_was_done").parent
    assert what.select_one(".notice").get_text() == missing
    # An English reader sees no notice.
    english = soup(client.get(f"/en/compendium/{experience.identifier}/"))
    assert english.select(".record section .notice") == []


@pytest.mark.parametrize("n", [1, 3])
def test_the_record_page_makes_the_same_queries_for_1_and_3_related_items(
    client, curator, n, django_assert_num_queries
):
    others = [quick(curator, title_en=f"Other {i}") for i in range(n)]
    experience = quick(
        curator,
        countries=list(Country.objects.filter(code__in=["KE", "UG", "TZ"])[:n]),
        relations=[("adapts", other) for other in others],
        references=[
            {"title": f"Ref {i}", "publisher": "", "year": 2020, "doi": "", "url": ""}
            for i in range(n)
        ],
    )
    with django_assert_num_queries(6):
        page = soup(client.get(f"/en/compendium/{experience.identifier}/"))
    assert [dd.a.get_text() for dd in page.select("#h-related + dl dd")] == [
        f"Other {i}" for i in reversed(range(n))
    ]
    assert len(page.select(".references li")) == n


def test_related_resources_and_the_discussion_show_only_what_the_reader_may_read(
    client, curator, facilitator, member
):
    from tests.factories import CommunityFactory
    from tests.library import factories as library

    private = CommunityFactory(visibility="private", members=[member])
    open_resource = library.add(facilitator, title="A global report")
    closed_resource = library.add(member, community=private, title="A private note")
    experience = quick(
        curator,
        related_resources=[open_resource, closed_resource],
        topic=closed_resource.topic,
    )
    path = f"/en/compendium/{experience.identifier}/"
    outsider_view = soup(client.get(path)).select("#h-more + ul a")
    assert [a.get_text() for a in outsider_view] == ["A global report"]
    member_view = soup(client_for(member).get(path)).select("#h-more + ul a")
    assert [(a.get_text(), a["href"]) for a in member_view] == [
        ("A global report", f"/en/library/{open_resource.pk}/"),
        ("A private note", f"/en/library/{closed_resource.pk}/"),
        ("Discuss this experience", f"/en/t/{closed_resource.topic.pk}/"),
    ]


# --- Tombstones and records that are not public --------------------------------------------


def test_a_withdrawn_record_shows_a_tombstone_with_the_reason(client, curator):
    experience = quick(curator, title_en="Withdrawn experience")
    services.publish_edit(
        experience=experience, actor=curator, values={"title_en": "Renamed"}, change_note="x"
    )
    services.withdraw(experience=experience, actor=curator, reason="The consent was withdrawn.")
    for path in (
        f"/en/compendium/{experience.identifier}/",
        f"/en/compendium/{experience.identifier}/v1/",
    ):
        response = client.get(path)
        assert response.status_code == 410
        page = soup(response)
        assert page.h1.get_text() == "Renamed"
        assert page.select_one(".ident").get_text() == experience.identifier
        assert page.find(string="The consent was withdrawn.")
        assert [li.get_text() for li in page.select(".tombstone ul li")] == [
            f"{experience.identifier}.v1",
            f"{experience.identifier}.v2",
        ]
        assert "What was done" not in page.get_text()
    # It leaves the list too.
    assert titles(soup(client.get(LIST))) == []


def test_a_draft_is_not_found_for_outsiders_and_sends_its_submitter_to_curation(
    client, member_client, submitter
):
    draft = factories.draft(submitter)
    path = f"/en/compendium/{draft.identifier}/"
    assert client.get(path).status_code == 404
    assert member_client.get(path).status_code == 404
    follow = optional_url("compendium:follow", draft.identifier)
    response = client_for(submitter).get(path)
    if follow:
        assert (response.status_code, response["Location"]) == (302, follow)
    else:
        assert response.status_code == 404


def test_a_drafts_files_are_private(client, submitter, curator):
    draft = factories.draft(submitter)
    attachment = Attachment.objects.create(
        experience=draft,
        file=ContentFile(b"%PDF-1.4 report", name="report.pdf"),
        name="report.pdf",
        kind="document",
        content_type="application/pdf",
        size=15,
    )
    path = f"/en/compendium/{draft.identifier}/files/{attachment.pk}/"
    assert client.get(path).status_code == 404
    response = client_for(submitter).get(path)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 report"


def test_a_published_records_files_are_listed_and_downloadable(client, curator):
    experience = quick(curator)
    Attachment.objects.create(
        experience=experience,
        file=ContentFile(b"a,b\n1,2\n", name="data.csv"),
        name="data.csv",
        kind="data",
        content_type="text/csv",
        size=8,
    )
    services.publish_edit(
        experience=experience, actor=curator, values={"title_en": "With data"}, change_note="Data."
    )
    page = soup(client.get(f"/en/compendium/{experience.identifier}/"))
    link = page.select_one("#h-files + ul a")
    assert link.get_text() == "data.csv"
    response = client.get(link["href"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"a,b\n1,2\n"


def test_the_pages_follow_the_site_rules(client, curator):
    """One heading, no inline script or style, a label for every control (as in
    tests/core/test_pages.py), on the list, a record and a tombstone."""
    experience = quick(curator)
    withdrawn = quick(curator, title_en="To withdraw")
    services.withdraw(experience=withdrawn, actor=curator, reason="Duplicate.")
    paths = [
        LIST,
        f"/fr/compendium/{experience.identifier}/",
        f"/en/compendium/{withdrawn.identifier}/",
    ]
    for path in paths:
        page = soup(client.get(path))
        assert len(page.find_all("h1")) == 1, path
        assert page.find_all("style") == [], path
        assert [tag for tag in page.find_all(True) if "style" in tag.attrs] == [], path
        inline = [s for s in page.find_all("script") if not s.get("src")]
        # Only data blocks (schema.org JSON-LD), never code.
        assert [s for s in inline if s.get("type") != "application/ld+json"] == [], path
        labelled = {label.get("for") for label in page.find_all("label")}
        for control in page.find_all(["input", "select", "textarea"]):
            if control.get("type") not in ("hidden", "submit"):
                assert control.get("id") in labelled or control.find_parent("label"), path


def test_published_filtered_is_what_the_list_shows(dataset):
    from django.http import QueryDict

    records = queries.published_filtered(QueryDict("phase=response&phase=bogus&sort=title"))
    assert [e.identifier for e in records] == [
        dataset["senegal"].identifier,
        dataset["india"].identifier,
    ]
