"""English and French versions of one document are separate resources, linked both ways."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from baraza.library import services
from baraza.library.models import Resource
from tests.factories import CommunityFactory, MemberFactory
from tests.library.factories import add

pytestmark = pytest.mark.django_db


def _also(client, resource) -> list[tuple[str, str]]:
    soup = BeautifulSoup(client.get(f"/en/library/{resource.pk}/").content, "html.parser")
    return [(a.get_text(), a["href"]) for a in soup.select("a[hreflang]")]


def test_a_translation_added_from_the_original_links_both_ways(member_client, member):
    community = CommunityFactory(members=[member])
    english = add(member, community, title="Paying CHWs", language="en")
    page = BeautifulSoup(member_client.get(f"/en/library/{english.pk}/").content, "html.parser")
    offer = page.find("a", string="Add this document in another language")
    assert (
        offer["href"]
        == f"/en/communities/{community.slug}/library/add/?translation_of={english.pk}"
    )
    form = BeautifulSoup(member_client.get(offer["href"]).content, "html.parser")
    assert form.select_one("#id_translation_of")["value"] == str(english.pk)

    member_client.post(
        offer["href"],
        {
            "kind": "policy-note",
            "title": "Rémunérer les ASC",
            "language": "fr",
            "licence": "cc-by-4.0",
            "url": "https://example.org/fr",
            "translation_of": f"http://testserver/fr/library/{english.pk}/",
        },
    )
    french = Resource.objects.get(language__code="fr")
    assert list(english.translations.all()) == [french]
    assert list(french.translations.all()) == [english]
    assert _also(member_client, english) == [("Also in French", f"/en/library/{french.pk}/")]
    assert _also(member_client, french) == [("Also in English", f"/en/library/{english.pk}/")]


def test_every_version_links_to_every_other_one(member):
    community = CommunityFactory(members=[member])
    english = add(member, community, language="en")
    french = add(member, community, language="fr", translation_of=english)
    portuguese = add(member, community, language="pt", translation_of=french)
    assert set(english.translations.all()) == {french, portuguese}
    assert set(portuguese.translations.all()) == {english, french}


def test_two_versions_in_the_same_language_are_refused(member_client, member):
    community = CommunityFactory(members=[member])
    english = add(member, community, language="en")
    add(member, community, language="fr", translation_of=english)
    other_english = add(member, community, language="en", title="Another report")
    with pytest.raises(ValidationError):
        services.link_translation(actor=member, resource=other_english, other=english)
    response = member_client.post(
        f"/en/library/{other_english.pk}/edit/",
        {
            "kind": "report",
            "title": "Another report",
            "language": "en",
            "licence": "cc-by-4.0",
            "url": "https://example.org/report",
            "translation_of": str(english.pk),
        },
    )
    soup = BeautifulSoup(response.content, "html.parser")
    assert [li.get_text() for li in soup.select("ul.errorlist li")] == [
        "That document already has a version in English."
    ]
    assert other_english.translations.count() == 0


def test_an_unknown_or_unreadable_resource_cannot_be_named_as_the_original(member_client, member):
    community = CommunityFactory(members=[member])
    owner = MemberFactory()
    hidden = add(owner, CommunityFactory(visibility="private", owner=owner), language="en")
    data = {
        "kind": "report",
        "title": "Version française",
        "language": "fr",
        "licence": "cc-by-4.0",
        "url": "https://example.org/fr",
    }
    url = f"/en/communities/{community.slug}/library/add/"
    for reference in (str(hidden.pk), "/en/library/999999/", "not an address"):
        response = member_client.post(url, {**data, "translation_of": reference})
        soup = BeautifulSoup(response.content, "html.parser")
        assert [li.get_text() for li in soup.select("ul.errorlist li")] == [
            "There is no resource at this address. Copy the address of its page."
        ]
    assert Resource.objects.filter(language__code="fr").count() == 0


def test_translations_the_reader_may_not_read_are_not_offered(client, member):
    private = CommunityFactory(visibility="private", members=[member])
    english = add(member, CommunityFactory(members=[member]), language="en")
    add(member, private, language="fr", translation_of=english)
    assert _also(client, english) == []


def test_a_resource_can_leave_its_group_of_translations(member_client, member):
    community = CommunityFactory(members=[member])
    english = add(member, community, language="en")
    french = add(member, community, language="fr", translation_of=english)
    response = member_client.post(f"/en/library/{french.pk}/unlink/")
    assert response["Location"] == f"/en/library/{french.pk}/edit/"
    assert english.translations.count() == 0
    assert french.translations.count() == 0
