"""The compendium's own "words" filter (browse page and API) uses the search index, so it
matches words as the search page does: either language, any accents, stems."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from tests.editions.conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(curator):
    return {
        "vaccine": publish(curator, "Mothers' groups explain the measles vaccine"),
        "nets": publish(curator, "Volunteers hang bed nets with families"),
    }


def _titles(path: str) -> list[str]:
    page = BeautifulSoup(Client().get(path).content, "html.parser")
    return [a.get_text() for a in page.select(".cards h3 a")]


def test_the_browse_page_matches_stems_and_ignores_accents(records):
    assert _titles("/en/compendium/?q=vaccines") == ["Mothers' groups explain the measles vaccine"]
    assert _titles("/en/compendium/?q=M%C3%92THERS+Vaccination") == [
        "Mothers' groups explain the measles vaccine"
    ]
    assert _titles("/en/compendium/?q=cholera") == []


def test_words_that_are_no_words_do_not_filter(records):
    assert len(_titles("/en/compendium/?q=%22%28%2A")) == 2


def test_the_api_matches_the_same_way(records):
    response = Client().get("/api/v1/experiences/?q=vaccines")
    assert response.status_code == 200
    assert [r["identifier"] for r in response.json()["results"]] == [records["vaccine"].identifier]
