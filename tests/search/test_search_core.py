"""The one search, over entries indexed directly: the same behaviour on SQLite FTS5 and on
PostgreSQL (CI runs this file on both)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from baraza.search import backends, services
from baraza.search.documents import Access
from baraza.search.models import Document
from tests.factories import CommunityFactory, MemberFactory
from tests.search.conftest import entry, find, found, index

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)
NOW = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)


@pytest.fixture
def records():
    index(
        entry(
            "CE-1",
            en=("Vaccine hesitancy in rural areas", "Health workers talk with families."),
            fr=("Hésitation vaccinale en zone rurale", "Les agents de santé communautaire."),
            date=NOW - 3 * DAY,
            tags=(("theme", "immunisation"), ("country", "SN")),
        ),
        entry(
            "CE-2",
            en=("Malaria bed nets", "Volunteers hand out nets to every household."),
            date=NOW - 2 * DAY,
            tags=(("theme", "malaria"), ("country", "KE")),
        ),
        entry(
            "CE-3",
            fr=("Santé communautaire au Sénégal", "Le ministère de la santé et les relais."),
            original="fr",
            date=NOW - DAY,
            tags=(("theme", "immunisation"), ("country", "SN")),
        ),
        entry(
            "R-1",
            kind="resource",
            other={"pt": ("Saúde comunitária em Moçambique", "Agentes polivalentes.")},
            original="pt",
            date=NOW,
        ),
    )


def test_plural_and_singular_find_each_other(records):
    assert found("vaccines") == ["CE-1"]
    assert found("net") == ["CE-2"]


def test_accents_and_case_do_not_matter(records):
    assert sorted(found("sante communautaire")) == ["CE-1", "CE-3"]
    assert sorted(found("SANTÉ Communautaire")) == ["CE-1", "CE-3"]
    assert found("senegal") == ["CE-3"]
    assert found("saude comunitaria") == ["R-1"]


def test_a_french_query_finds_the_french_translation(records):
    assert found("hésitation vaccinale") == ["CE-1"]


def test_results_show_the_readers_language_and_say_where_the_words_were(records):
    [hit] = find("vaccinale", language="en").hits
    assert hit.title == "Vaccine hesitancy in rural areas"
    assert hit.language == "en"
    assert hit.matched_language == "fr"
    assert hit.snippet == "Les agents de santé communautaire."

    [hit] = find("vaccinale", language="fr").hits
    assert hit.title == "Hésitation <mark>vaccinale</mark> en zone rurale"
    assert (hit.language, hit.matched_language) == ("fr", "")
    assert hit.url == "/fr/experience/CE-1/"


def test_a_text_only_in_the_other_language_is_shown_in_it(records):
    [hit] = find("relais", language="en").hits
    assert hit.language == "fr"
    assert hit.title == "Santé communautaire au Sénégal"
    assert hit.snippet == "Le ministère de la santé et les <mark>relais</mark>."


def test_every_word_must_match_and_phrases_keep_their_order(records):
    assert found("malaria nets") == ["CE-2"]
    assert found("malaria vaccine") == []
    assert found('"ministère de la santé"') == ["CE-3"]
    assert found('"santé ministère"') == []


def test_a_minus_leaves_out(records):
    assert sorted(found("sante")) == ["CE-1", "CE-3"]
    assert found("sante -senegal") == ["CE-1"]


def test_title_words_rank_above_body_words():
    index(
        entry("body", en=("Annual report", "A section mentions cholera once."), date=NOW),
        entry("title", en=("Cholera response", "What the teams did."), date=NOW - DAY),
    )
    assert found("cholera") == ["title", "body"]
    assert found("cholera", sort="date") == ["body", "title"]


def test_facets_count_every_match_and_leave_their_own_choice_out(records):
    results = find("sante")
    assert results.total == 2
    assert [(v.value, v.count) for v in results.facets["language"]] == [("en", 1), ("fr", 2)]
    assert [(v.value, v.count) for v in results.facets["theme"]] == [("immunisation", 2)]
    assert [(v.value, v.count) for v in results.facets["country"]] == [("SN", 2)]

    # Choosing English narrows the results, and the other facets, not the language counts.
    narrowed = find("sante", lang="en")
    assert [h.object_id for h in narrowed.hits] == ["CE-1"]
    assert narrowed.total == 1
    assert [(v.value, v.count, v.selected) for v in narrowed.facets["language"]] == [
        ("en", 1, True),
        ("fr", 2, False),
    ]
    assert [(v.value, v.count) for v in narrowed.facets["theme"]] == [("immunisation", 1)]


def test_filters_by_kind_language_and_tag(records):
    assert sorted(found("", kinds=("experience",))) == ["CE-1", "CE-2", "CE-3"]
    assert found("", kinds=("resource",)) == ["R-1"]
    assert sorted(found("", tags=(("country", "SN"),))) == ["CE-1", "CE-3"]
    assert found("sante", tags=(("theme", "malaria"),)) == []


def test_browsing_without_words_lists_the_newest_first(records):
    results = find("", kinds=("experience",))
    assert results.browsing
    assert [h.object_id for h in results.hits] == ["CE-3", "CE-2", "CE-1"]


def test_no_words_and_no_filters_is_no_search(records):
    results = find("")
    assert (results.searched, results.total, results.hits) == (False, 0, [])


def test_pages():
    index(
        *(
            entry(f"E{n:02d}", en=(f"Outbreak {n}", "Cholera."), date=NOW - n * DAY)
            for n in range(45)
        )
    )
    assert find("cholera", sort="date").total == 45
    assert found("cholera", sort="date") == [f"E{n:02d}" for n in range(20)]
    assert found("cholera", sort="date", page=3) == [f"E{n:02d}" for n in range(40, 45)]
    assert found("cholera", sort="date", page=4) == []


@pytest.fixture
def places():
    public = CommunityFactory(visibility="public")
    members_only = CommunityFactory(visibility="members")
    private = CommunityFactory(visibility="private")
    insider = MemberFactory()
    for community in (members_only, private):
        community.memberships.create(user=insider, role="member", status="active")
    index(
        entry("open", en=("Cholera open", "x"), tags=(("theme", "wash"),)),
        entry("signed", en=("Cholera signed", "x"), access=Access.SIGNED_IN),
        entry(
            "pub",
            en=("Cholera public", "x"),
            access=Access.COMMUNITY,
            community_id=public.pk,
        ),
        entry(
            "mem",
            en=("Cholera members", "x"),
            access=Access.COMMUNITY,
            community_id=members_only.pk,
            tags=(("theme", "secret-theme"),),
        ),
        entry(
            "priv",
            fr=("Choléra privé", "x"),
            access=Access.COMMUNITY,
            community_id=private.pk,
            tags=(("theme", "secret-theme"), ("country", "ZW")),
        ),
    )
    return {"insider": insider, "private": private}


def _everything(results) -> dict:
    return {
        "hits": sorted(h.object_id for h in results.hits),
        "total": results.total,
        "facets": {
            name: sorted((v.value, v.count) for v in values)
            for name, values in results.facets.items()
        },
    }


def test_anonymous_readers_find_only_public_things(places):
    assert _everything(find("cholera")) == {
        "hits": ["open", "pub"],
        "total": 2,
        "facets": {
            "kind": [("experience", 2)],
            "language": [("en", 2)],
            "theme": [("wash", 1)],
            "country": [],
        },
    }


def test_members_find_signed_in_things_and_their_communities(places):
    outsider = MemberFactory()
    assert sorted(found("cholera", outsider)) == ["open", "pub", "signed"]
    assert sorted(found("cholera", places["insider"])) == ["mem", "open", "priv", "pub", "signed"]
    facets = _everything(find("cholera", places["insider"]))["facets"]
    assert facets["theme"] == [("secret-theme", 2), ("wash", 1)]


def test_site_facilitators_find_everything(places):
    facilitator = MemberFactory(groups=["facilitators"])
    assert len(found("cholera", facilitator)) == 5


def test_a_community_turning_private_hides_its_things_at_once(places):
    outsider = MemberFactory()
    assert "pub" in found("cholera", outsider)
    from baraza.communities.models import Community

    Community.objects.filter(visibility="public").update(visibility="private")
    assert "pub" not in found("cholera", outsider)


def test_writing_again_replaces_and_removing_removes():
    index(entry("X", en=("Cholera", "first words")))
    index(entry("X", en=("Cholera", "second words"), tags=(("theme", "wash"),)))
    assert found("first") == []
    assert found("second") == ["X"]
    assert Document.objects.count() == 1
    services.remove("experience", ["X"])
    assert found("second") == []
    assert Document.objects.count() == 0
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT COUNT(*) FROM search_fts")
            assert cursor.fetchone()[0] == 0


def test_removing_a_community_removes_its_documents(places):
    services.remove_community(places["private"].pk)
    facilitator = MemberFactory(groups=["facilitators"])
    assert sorted(found("cholera", facilitator)) == ["mem", "open", "pub", "signed"]


def test_the_index_reports_its_size():
    index(entry("X", en=("Cholera", "words")))
    with connection.cursor() as cursor:
        assert backends.for_connection().size(cursor) > 0
