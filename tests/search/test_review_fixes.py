"""Regressions found in review: exclusions alone, chosen facet values, the last page, NFD
text, admin deletions and verifications, and the index built after an upgrade."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.test import Client

from baraza.search import queries
from baraza.search.apps import build_index_if_empty
from baraza.search.models import Document
from tests.editions.conftest import publish
from tests.factories import CommunityFactory, MemberFactory
from tests.search.conftest import entry, find, found, index

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)


def test_a_query_of_exclusions_only_lists_everything_else():
    index(
        entry("measles", en=("Measles outreach", "x"), date=NOW),
        entry("covid", en=("Covid outreach", "x"), date=NOW - dt.timedelta(days=1)),
    )
    assert found("-covid") == ["measles"]
    assert found("–covid") == ["measles"]  # the dash a phone keyboard may put instead
    assert found('-"covid outreach"') == ["measles"]


def test_a_chosen_value_outside_the_top_of_its_facet_keeps_its_count():
    for n in range(14):
        index(
            *(
                entry(f"{n}-{i}", en=("Cholera", "x"), tags=(("country", f"C{n:02d}"),))
                for i in range(20 - n)
            )
        )
    results = find("cholera", tags=(("country", "C13"),))
    assert results.total == 7
    assert [(v.value, v.count, v.selected) for v in results.facets["country"]][-1] == (
        "C13",
        7,
        True,
    )


def test_pages_stop_at_the_last_page_there_is():
    results = queries.Results(
        request=queries.Request(q="x"), query=None, total=queries.MAX_PAGE * 20 + 5
    )
    assert results.pages == queries.MAX_PAGE


def test_decomposed_accents_are_marked_too():
    index(entry("E", fr=("Re\u0301seau", "Une e\u0301cole de sante\u0301."), original="fr"))
    results = find("ecole", language="fr")
    assert results.total == 1, results
    [hit] = results.hits
    assert hit.snippet == "Une <mark>école</mark> de santé."


def test_a_long_text_is_marked_where_the_words_are():
    index(entry("E", en=("Report", "filler " * 20_000 + "cholera outbreak " + "tail " * 50)))
    [hit] = find("cholera").hits
    assert "<mark>cholera</mark> outbreak" in hit.snippet


def test_the_compendium_words_filter_takes_exclusions_and_has_no_cap(curator):
    publish(curator, "Measles outreach by mothers' groups")
    publish(curator, "Covid outreach by youth groups")
    page = Client().get("/en/compendium/?q=-covid").content.decode()
    assert "Measles outreach" in page
    assert "Covid outreach" not in page


@pytest.fixture
def admin_client(staff):
    client = Client()
    client.force_login(staff)
    return client


def test_records_cannot_be_deleted_in_the_admin(admin_client, curator):
    record = publish(curator, "Village health committees")
    response = admin_client.post(
        f"/en/admin/compendium/experience/{record.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert found("committees") == [record.identifier]


def test_deleting_a_community_in_the_admin_empties_its_documents(admin_client):
    community = CommunityFactory(visibility="private")
    index(
        entry("T", kind="topic", en=("Cholera", "x"), access="community", community_id=community.pk)
    )
    admin_client.post(f"/en/admin/communities/community/{community.pk}/delete/", {"post": "yes"})
    assert not Document.objects.filter(community_id=community.pk).exists()


def test_unverifying_an_address_in_the_admin_takes_the_member_out_of_search(admin_client):
    from baraza.accounts import services

    member = MemberFactory(visibility="public", display_name="Zanzibarite Person")
    services.member_changed(member=member)
    assert len(found("zanzibarite")) == 1
    address = EmailAddress.objects.get(user=member)
    response = admin_client.post(
        f"/en/admin/account/emailaddress/{address.pk}/change/",
        {"user": member.pk, "email": address.email, "primary": "on"},
    )
    assert response.status_code == 302
    assert found("zanzibarite") == []

    admin_client.post(
        "/en/admin/account/emailaddress/",
        {"action": "make_verified", "_selected_action": [address.pk]},
    )
    assert len(found("zanzibarite")) == 1


def test_after_an_upgrade_the_first_migrate_builds_the_index(curator):
    publish(curator, "Village health committees")
    Document.objects.all().delete()
    build_index_if_empty(sender=None)
    assert len(found("committees")) == 1
    call_command("migrate", verbosity=0)  # an index with documents is left alone
    assert len(found("committees")) == 1
