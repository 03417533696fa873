"""The search page: plain HTML that works without JavaScript, whatever is typed."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from baraza.search.documents import Access
from tests.factories import CommunityFactory
from tests.search.conftest import entry, index

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)


def _page(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def _titles(soup) -> list[str]:
    return [a.get_text(" ", strip=True) for a in soup.select("ol.results h3 a")]


@pytest.fixture
def records():
    index(
        entry(
            "CE-1",
            en=("Vaccine <hesitancy> in rural areas", "Health workers talk with families."),
            fr=("Hésitation vaccinale en zone rurale", "Les agents de santé communautaire."),
            date=NOW,
            tags=(("theme", "immunisation"), ("country", "SN")),
        ),
        entry(
            "R-1",
            kind="resource",
            en=("Vaccination handbook", "Chapters on cold chains."),
            date=NOW - dt.timedelta(days=1),
        ),
    )


def test_without_words_the_page_explains_how_to_search(client):
    soup = _page(client, "/en/search/")
    assert soup.h1.get_text() == "Search"
    assert soup.select_one("ol.results") is None
    assert "sante communautaire" in soup.select_one(".search-tips").get_text()


def test_results_are_marked_linked_and_counted(client, records):
    soup = _page(client, "/en/search/?q=vaccines")
    assert soup.select_one("#count").get_text(" ", strip=True) == "2 results for “vaccines”"
    assert sorted(_titles(soup)) == ["Vaccination handbook", "Vaccine <hesitancy> in rural areas"]
    first = soup.select_one('ol.results li:has(a[href="/en/experience/CE-1/"])')
    assert first.select_one("h3 a")["href"] == "/en/experience/CE-1/"
    assert [m.get_text() for m in first.select("mark")] == ["Vaccine"]
    assert soup.select_one("#search-q")["value"] == "vaccines"


def test_facets_are_links_that_filter_and_unfilter(client, records):
    soup = _page(client, "/en/search/?q=vaccines")
    links = {a.get_text(" ", strip=True): a["href"] for a in soup.select("nav.facets a")}
    assert links["Experiences"] == "?q=vaccines&type=experience"
    assert links["Library resources"] == "?q=vaccines&type=resource"
    soup = _page(client, "/en/search/" + links["Experiences"])
    assert _titles(soup) == ["Vaccine <hesitancy> in rural areas"]
    chosen = soup.select_one('nav.facets a[aria-current="true"]')
    assert chosen["href"] == "?q=vaccines"
    # The search box keeps the filter for the next words.
    assert soup.select_one('form.search-form input[name="type"]')["value"] == "experience"


def test_sorting_by_date(client, records):
    soup = _page(client, "/en/search/?q=vaccination&sort=date")
    assert soup.select_one('[aria-current="true"]').get_text() == "Newest"


def test_the_french_interface(client, records):
    soup = _page(client, "/fr/search/?q=vaccinale")
    assert soup.h1.get_text() == "Recherche"
    assert soup.select_one("#count").get_text(" ", strip=True) == "1 résultat pour « vaccinale »"
    assert _titles(soup) == ["Hésitation vaccinale en zone rurale"]


def test_pages_link_to_each_other(client):
    index(*(entry(f"E{n}", en=(f"Cholera {n}", "x"), date=NOW) for n in range(25)))
    soup = _page(client, "/en/search/?q=cholera")
    assert len(_titles(soup)) == 20
    next_page = soup.select_one('a[rel="next"]')["href"]
    assert next_page == "?q=cholera&page=2"
    soup = _page(client, "/en/search/" + next_page)
    assert len(_titles(soup)) == 5
    assert soup.select_one('a[rel="prev"]')["href"] == "?q=cholera&page=1"


@pytest.mark.parametrize(
    "query",
    [
        'q="',
        "q=*",
        "q=NEAR(cholera",
        "q=-",
        "q=(((",
        'q="unbalanced',
        "q=%00cholera",
        "q=" + "cholera+" * 2000,
        "q=" + "x" * 100_000,
        "q=",
        "q=a:b|c%26d!'\\",
        "q=cholera&page=abc",
        "q=cholera&page=-3",
        "q=cholera&page=99999999999999999999",
        "q=cholera&type=nonsense",
        "q=cholera&lang=xx",
        "q=cholera&theme=%3Cscript%3E",
        "q=cholera&country=zzz",
        "q=cholera&sort=random",
        "q=cholera&q=twice",
    ],
)
def test_nothing_typed_gives_an_error_page(client, query):
    index(entry("E", en=("Cholera", "x"), date=NOW))
    response = client.get("/en/search/?" + query)
    assert response.status_code == 200
    assert b"<mark>" not in response.content or b"Cholera" in response.content


def test_a_long_query_says_it_was_cut(client):
    soup = _page(client, "/en/search/?q=" + "+".join(f"word{n}" for n in range(40)))
    assert "only its first 24 words" in soup.select_one('p[role="status"]').get_text()


def test_nothing_found_suggests_what_to_do(client, records):
    soup = _page(client, "/en/search/?q=zzzz&type=resource")
    text = soup.select_one(".search-results").get_text(" ", strip=True)
    assert "Nothing was found." in text
    assert soup.select_one(".search-results a")["href"] == "?q=zzzz"


def test_private_words_do_not_reach_the_page(client):
    private = CommunityFactory(visibility="private")
    index(
        entry(
            "secret",
            en=("Cholera plan", "The confidential budget line."),
            access=Access.COMMUNITY,
            community_id=private.pk,
        )
    )
    response = client.get("/en/search/?q=cholera")
    assert b"Cholera plan" not in response.content
    assert b"budget" not in response.content
    assert "0 results" in BeautifulSoup(response.content, "html.parser").select_one("#count").text


@pytest.mark.parametrize("n", [1, 3])
def test_a_page_of_results_costs_the_same_queries(client, django_assert_num_queries, n):
    community = CommunityFactory(visibility="public")
    index(
        *(
            entry(
                f"E{i}",
                en=(f"Cholera {i}", "x"),
                access=Access.COMMUNITY,
                community_id=community.pk,
                tags=(("theme", "wash"), ("country", "SN")),
            )
            for i in range(n)
        )
    )
    client.get("/en/search/?q=cholera")  # warm the session and vocabularies
    with django_assert_num_queries(10):
        assert client.get("/en/search/?q=cholera").status_code == 200


def test_the_header_search_box_is_on_every_page(client):
    soup = _page(client, "/en/")
    form = soup.select_one("header form.header-search")
    assert form["action"] == "/en/search/"
    assert form.select_one('input[name="q"]')["type"] == "search"
    # The search page has its own box, and no second one in the header.
    assert len(_page(client, "/en/search/").select('form[role="search"]')) == 1


def test_it_works_without_a_session(records):
    assert _titles(_page(Client(), "/en/search/?q=handbook")) == ["Vaccination handbook"]
