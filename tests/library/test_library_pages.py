"""The library pages: filters, a constant number of queries, and the site's page rules."""

from __future__ import annotations

import gzip

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from baraza.library.models import ResourceType
from baraza.taxonomy.models import Country, Theme
from tests.core import test_pages as page_rules
from tests.factories import CommunityFactory
from tests.library.factories import add, pdf_upload

pytestmark = pytest.mark.django_db


def _titles(client, url) -> list[str]:
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return [a.get_text() for a in soup.select("ul.grid h3 a")]


@pytest.fixture
def shelf(facilitator):
    """Four global resources with different types, themes, languages, countries and years."""
    themes = {t.slug: t for t in Theme.objects.all()}
    add(
        facilitator,
        title="Supervision checklist",
        kind="tool",
        language="en",
        year=2019,
        themes=[themes["quality-of-services"]],
        countries=list(Country.objects.filter(code="KE")),
    )
    add(
        facilitator,
        title="Rémunération des relais",
        kind="policy-note",
        language="fr",
        year=2023,
        themes=[themes["equitable-financing-and-payment"]],
        countries=list(Country.objects.filter(code__in=["SN", "ML"])),
    )
    add(
        facilitator,
        title="CHW payment review",
        kind="evidence-synthesis",
        language="en",
        year=2023,
        themes=[themes["equitable-financing-and-payment"]],
        doi="10.1000/182",
    )
    add(
        facilitator,
        title="Relatório de agentes comunitários",
        kind="report",
        language="pt",
        year=2021,
        countries=list(Country.objects.filter(code="MZ")),
        file=pdf_upload("relatorio.pdf", "Agentes comunitários de saúde em Moçambique"),
    )


def test_the_newest_resources_come_first(client, shelf):
    assert _titles(client, "/en/library/") == [
        "Relatório de agentes comunitários",
        "CHW payment review",
        "Rémunération des relais",
        "Supervision checklist",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=policy-note", ["Rémunération des relais"]),
        (
            "theme=equitable-financing-and-payment",
            ["CHW payment review", "Rémunération des relais"],
        ),
        ("language=en", ["CHW payment review", "Supervision checklist"]),
        ("country=SN", ["Rémunération des relais"]),
        ("year=2023", ["CHW payment review", "Rémunération des relais"]),
        ("language=en&year=2023", ["CHW payment review"]),
        ("q=mo%C3%A7ambique", ["Relatório de agentes comunitários"]),  # words inside the PDF
        (
            "kind=no-such-type",
            [
                "Relatório de agentes comunitários",
                "CHW payment review",
                "Rémunération des relais",
                "Supervision checklist",
            ],
        ),
    ],
)
def test_filters(client, shelf, query, expected):
    assert _titles(client, f"/en/library/?{query}") == expected


def test_the_filters_offer_only_what_the_library_holds(client, shelf):
    soup = BeautifulSoup(client.get("/en/library/").content, "html.parser")

    def options(name):
        return [o.get_text() for o in soup.select(f"#id_{name} option")]

    assert options("language") == ["All languages", "English", "French", "Portuguese"]
    assert options("country") == ["All countries", "Kenya", "Mali", "Mozambique", "Senegal"]
    assert options("year") == ["All years", "2023", "2021", "2019"]
    assert len(options("kind")) == 1 + len(ResourceType.choices)  # every type, and "all"


def test_the_list_shows_each_resources_type_language_and_size(client, shelf):
    soup = BeautifulSoup(client.get("/en/library/").content, "html.parser")
    cards = [
        " ".join(li.select_one("p.muted").get_text().split()) for li in soup.select("ul.grid > li")
    ]
    assert cards[1] == "Evidence synthesis · 2023 · English · Link"
    assert cards[0].startswith("Report · 2021 · Portuguese · PDF, ")
    assert cards[0].endswith(("bytes", "KB"))


def test_pages_are_numbered(client, facilitator):
    for number in range(23):
        add(facilitator, title=f"Resource {number:02d}")
    first = BeautifulSoup(client.get("/en/library/?language=en").content, "html.parser")
    assert first.select_one("h2#count").get_text() == "23 resources"
    assert len(first.select("ul.grid > li")) == 20
    assert first.find("a", rel="next")["href"] == "?language=en&page=2"
    assert _titles(client, "/en/library/?language=en&page=2") == [
        "Resource 02",
        "Resource 01",
        "Resource 00",
    ]


@pytest.mark.parametrize("n", [1, 3])
def test_the_library_list_takes_the_same_queries_for_1_or_3_resources(
    member_client, member, n, django_assert_num_queries
):
    community = CommunityFactory(members=[member], visibility="members")
    themes = list(Theme.objects.all()[:2])
    for number in range(n):
        add(
            member,
            community,
            title=f"Note {number}",
            themes=themes,
            countries=list(Country.objects.filter(code__in=["KE", "SN"])),
            file=pdf_upload(f"note-{number}.pdf"),
        )
    with django_assert_num_queries(10):
        response = member_client.get("/en/library/")
    assert len(response.context["page"].object_list) == n
    with django_assert_num_queries(12):  # and the community, and the member's memberships
        member_client.get(f"/en/communities/{community.slug}/library/")


def test_a_full_list_page_stays_light(client, facilitator):
    """Twenty resources and every filter weigh less than the member directory's filters alone:
    the selects only offer what the library holds."""
    themes = list(Theme.objects.all()[:2])
    for number in range(25):
        add(
            facilitator,
            title=f"Community health worker programme review number {number}",
            authors="World Health Organization, UNICEF, Ministry of Health",
            year=2000 + number,
            themes=themes,
            countries=list(Country.objects.filter(code__in=["KE", "SN", "MZ"])),
        )
    html = client.get("/en/library/").content
    directory = client.get("/en/members/").content
    assert len(gzip.compress(html)) < min(4 * 1024, len(gzip.compress(directory)))


@pytest.fixture
def library_pages(member_client, member, facilitator):
    community = CommunityFactory(members=[member], slug="kolda")
    english = add(member, community, title="Kolda case study", file=pdf_upload("kolda.pdf"))
    french = add(
        member, community, language="fr", title="Étude de cas de Kolda", translation_of=english
    )
    global_link = add(facilitator, None, title="WHO guideline", doi="10.1000/182")
    for number in range(20):
        add(
            facilitator,
            title=f"Resource number {number} with a longer title to weigh something",
            authors="World Health Organization, UNICEF, Ministry of Health",
        )
    anonymous = Client()
    return [
        (anonymous, "/en/library/"),
        (anonymous, "/fr/library/"),
        (anonymous, "/en/library/?language=en&year=2020"),
        (anonymous, f"/en/library/{global_link.pk}/"),
        (anonymous, f"/fr/library/{english.pk}/"),
        (member_client, "/en/library/"),
        (member_client, "/fr/communities/kolda/library/"),
        (member_client, f"/en/library/{french.pk}/"),
        (member_client, "/en/communities/kolda/library/add/"),
        (member_client, f"/fr/library/{english.pk}/edit/"),
    ]


@pytest.mark.parametrize(
    "rule",
    [
        page_rules.test_every_page_fits_the_weight_budget_on_a_first_visit,
        page_rules.test_pages_fetch_nothing_from_other_hosts,
        page_rules.test_pages_have_no_inline_script_or_style,
        page_rules.test_pages_have_landmarks_a_skip_link_and_one_heading,
        page_rules.test_every_form_control_has_a_label,
    ],
    ids=lambda rule: rule.__name__.removeprefix("test_"),
)
def test_library_pages_follow_the_site_rules(library_pages, rule):
    rule(library_pages)


def test_the_library_is_in_the_main_navigation(client):
    soup = BeautifulSoup(client.get("/en/library/").content, "html.parser")
    current = soup.select('nav.nav-main a[aria-current="page"]')
    assert [(a.get_text(), a["href"]) for a in current] == [("Library", "/en/library/")]
