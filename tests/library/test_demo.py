"""The demo library: real public publications as links, and a demo note in two languages."""

from __future__ import annotations

import pytest

from baraza.accounts import demo as accounts_demo
from baraza.communities import demo as communities_demo
from baraza.library import demo
from baraza.library.models import Resource

pytestmark = pytest.mark.django_db


def test_the_demo_library_loads_once(media):
    accounts_demo.load()
    communities_demo.load()
    demo.load()
    demo.load()
    resources = Resource.objects.order_by("pk")
    assert resources.count() == len(demo.RESOURCES) == 6
    assert {r.language.code for r in resources} == {"en", "fr"}
    assert all(r.topic is not None for r in resources)

    english = resources.get(title__startswith="Paying community health workers")
    french = resources.get(title__startswith="Rémunérer les agents")
    assert list(english.translations.all()) == [french]
    assert french.text.startswith("Rémunérer les agents de santé communautaires")
    assert french.file_kind == "pdf"

    by_doi = resources.get(doi="10.1002/14651858.CD004015.pub3")
    assert (by_doi.url, by_doi.file.name) == ("", "")
    assert resources.filter(community__slug="ce-in-emergencies").count() == 1
