"""Members in search: exactly the members the directory lists, to exactly its audience.

A public profile is found by anyone, a members-only profile by logged-in members only; an
unverified, deactivated or deleted member by no one. Members are found by what their profile
page shows (name, organisation, bio, country, themes, languages), never by their address.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from baraza.accounts import indexing, services
from baraza.accounts.models import User
from baraza.search import services as search_services
from baraza.search.documents import Access, Entry, Text
from baraza.search.models import Document
from baraza.search.queries import FacetValue
from baraza.taxonomy.models import Country, Language, StakeholderType, Theme
from tests.factories import PASSWORD, MemberFactory
from tests.search.conftest import find, found

pytestmark = pytest.mark.django_db

NO_FACETS = {"kind": [], "language": [], "theme": [], "country": []}


def describe(member: User, **changes) -> User:
    """Complete ``member``'s profile through the profile service, as the profile form does."""
    fields = {
        "display_name": member.display_name,
        "country": member.country.code,
        "language": member.language,
        "timezone_name": member.timezone,
        "organisation": "",
        "stakeholder_type": "",
        "level": "",
        "languages": [],
        "themes": [],
        "bio": "",
        "gender": "",
        "visibility": member.profile.visibility,
        **changes,
    }
    fields["country"] = Country.objects.get(code=fields["country"])
    fields["stakeholder_type"] = StakeholderType.objects.filter(
        slug=fields["stakeholder_type"]
    ).first()
    fields["languages"] = list(Language.objects.filter(code__in=fields["languages"]))
    fields["themes"] = list(Theme.objects.filter(slug__in=fields["themes"]))
    return services.update_profile(actor=member, member=member, **fields)


@pytest.fixture
def awa(db) -> User:
    """A French-speaking member with a public profile."""
    member = MemberFactory(
        display_name="Awa Ndiaye",
        email="nd1942@postbox.example",
        country="SN",
        language="fr",
        visibility="public",
    )
    return describe(
        member,
        organisation="Relais communautaires de Kolda",
        stakeholder_type="community-health-worker",
        level="community",
        languages=["fr", "wo"],
        themes=["quality-of-services", "new-technology"],
        bio="Je forme les matrones du district depuis 2015.",
        gender="femme",
    )


@pytest.fixture
def bola(db) -> User:
    """An English-speaking member whose profile is for members only."""
    member = MemberFactory(
        display_name="Bola Adeyemi", country="NG", language="en", visibility="members"
    )
    return describe(
        member,
        organisation="Lagos Health Trust",
        stakeholder_type="funding-agency",
        themes=["new-technology"],
        bio="Funding digital tools for supervisors.",
    )


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_entry_is_what_the_profile_page_shows_in_the_members_language(awa):
    assert indexing.entry(awa) == Entry(
        kind="member",
        object_id=str(awa.pk),
        texts={
            "fr": Text(
                title="Awa Ndiaye",
                body=(
                    "Agent de santé communautaire, Relais communautaires de Kolda\n"
                    "Sénégal\n"
                    "Communautaire\n"
                    "Je forme les matrones du district depuis 2015.\n"
                    "Qualité des services, Tirer parti des nouvelles technologies\n"
                    "français, wolof"
                ),
                summary="Agent de santé communautaire, Relais communautaires de Kolda · Sénégal",
            )
        },
        original_language="fr",
        path=f"members/{awa.pk}/",
        date=awa.date_joined,
        access=Access.PUBLIC,
        tags=(("theme", "quality-of-services"), ("theme", "new-technology"), ("country", "SN")),
        meta={"organisation": "Relais communautaires de Kolda"},
    )


def test_a_public_member_is_found_by_name_and_organisation_by_anyone(awa, member):
    assert found("Ndiaye") == [str(awa.pk)]
    assert found("relais kolda") == [str(awa.pk)]
    assert found("matrones") == [str(awa.pk)]
    assert found("Kolda", member) == [str(awa.pk)]
    (hit,) = find("Kolda").hits
    assert (hit.kind, str(hit.title), hit.url, hit.language, hit.meta) == (
        "member",
        "Awa Ndiaye",
        f"/en/members/{awa.pk}/",
        "fr",
        {"organisation": "Relais communautaires de Kolda"},
    )
    # Indexed in her language only.
    assert find("Kolda").facets["language"] == [FacetValue("fr", "French", 1, False)]
    assert found(kinds=("member",), tags=(("country", "SN"),)) == [str(awa.pk)]
    assert found(kinds=("member",), tags=(("theme", "quality-of-services"),)) == [str(awa.pk)]


def test_a_members_only_profile_is_found_by_logged_in_members_only(awa, bola, member):
    anonymous = find("Lagos")
    assert (anonymous.hits, anonymous.total, anonymous.facets) == ([], 0, NO_FACETS)
    browsing = find(kinds=("member",))
    assert [h.object_id for h in browsing.hits] == [str(awa.pk)]
    assert browsing.total == 1
    assert [(v.value, v.count) for v in find("technologies").facets["kind"]] == [("member", 1)]
    assert [(v.value, v.count) for v in find(kinds=("member",)).facets["theme"]] == [
        ("new-technology", 1),
        ("quality-of-services", 1),
    ]

    signed_in = find("Lagos", member)
    assert [h.object_id for h in signed_in.hits] == [str(bola.pk)]
    assert signed_in.total == 1
    assert signed_in.facets["kind"] == [FacetValue("member", "Members", 1, False)]
    assert find(kinds=("member",), user=member).total == 2


def test_the_email_address_and_the_private_gender_never_match(awa, member):
    for words in ("nd1942", "postbox", "nd1942@postbox.example", "femme"):
        assert found(words) == []
        assert found(words, member) == []


def test_editing_the_profile_changes_what_is_found(bola, member):
    response = client_of(bola).post(
        "/en/me/profile/",
        {
            "display_name": "Bola Adeyemi-Okafor",
            "country": "GH",
            "language": "en",
            "timezone_name": "Africa/Accra",
            "organisation": "Accra Primary Care Network",
            "stakeholder_type": "ngo",
            "level": "national",
            "languages": ["en"],
            "themes": ["quality-of-services"],
            "bio": "Supervision at scale.",
            "gender": "",
            "visibility": "public",
        },
    )
    assert response.status_code == 302
    assert found("Accra") == [str(bola.pk)]  # now public: anyone finds her
    assert found("Okafor") == [str(bola.pk)]
    assert found("Lagos", member) == []
    assert found("Nigeria", member) == []
    assert found(kinds=("member",), tags=(("country", "GH"),)) == [str(bola.pk)]
    assert found(kinds=("member",), tags=(("theme", "new-technology"),)) == []


def test_making_a_profile_members_only_hides_it_from_visitors(awa, member):
    describe(awa, visibility="members", organisation="Relais communautaires de Kolda")
    assert found("Kolda") == []
    assert found("Kolda", member) == [str(awa.pk)]


def test_an_unverified_member_is_found_once_they_verify_their_address(client, member):
    signup = {
        "email": "chidi@example.org",
        "password1": "Une-phrase-de-passe-longue-2026",
        "display_name": "Chidi Okeke",
        "country": "NG",
        "language": "en",
    }
    assert client.post("/en/accounts/signup/", signup).status_code == 302
    chidi = User.objects.get(email="chidi@example.org")
    describe(chidi, organisation="Enugu Outreach")
    assert found("Okeke", member) == []
    assert found("Enugu", member) == []

    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    assert client.post("/" + link.split("://", 1)[1].split("/", 1)[1]).status_code == 302
    assert found("Okeke", member) == [str(chidi.pk)]
    assert found("Enugu", member) == [str(chidi.pk)]
    assert found("Okeke") == []  # members only, as profiles are at first


def test_a_member_deactivated_by_staff_is_no_longer_found(awa, member, staff_client):
    url = f"/en/admin/accounts/user/{awa.pk}/change/"
    page = staff_client.get(url)
    data = _admin_form_data(page)
    del data["is_active"]
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not User.objects.get(pk=awa.pk).is_active
    assert found("Kolda") == []
    assert found("Kolda", member) == []

    data["is_active"] = "on"
    data["profile-0-organisation"] = "Relais de Ziguinchor"
    assert staff_client.post(url, data).status_code == 302
    assert found("Ziguinchor") == [str(awa.pk)]
    assert found("Kolda") == []


def test_a_deleted_member_is_found_by_no_one(awa, member, staff):
    response = client_of(awa).post("/en/me/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    for user in (None, member, staff):
        for words in ("Awa Ndiaye", "Ndiaye", "Kolda", "matrones"):
            assert found(words, user) == []
        assert find(kinds=("member",), user=user).total == 0
    assert not Document.objects.filter(kind="member", object_id=str(awa.pk)).exists()


def test_reindexing_gives_the_same_results(awa, bola, member):
    MemberFactory(display_name="Unverified Kolda", verified=False, visibility="public")
    words = ("Kolda", "Lagos", "technologies", "Ndiaye")
    searches = [(q, user) for q in words for user in (None, member)]
    before = [found(q, user) for q, user in searches]
    documents = _documents()
    assert set(documents) == {str(awa.pk), str(bola.pk)}

    counts = search_services.reindex(["member"])

    # The reindex also adds the personas of this test (listed members never indexed here).
    assert counts == {"member": 3}
    assert [found(q, user) for q, user in searches] == before
    assert {k: v for k, v in _documents().items() if k in documents} == documents
    assert found("Unverified", member) == []


@pytest.mark.parametrize("n", [1, 3])
def test_entries_take_the_same_queries_for_one_member_and_for_three(n, db):
    for _ in range(n):
        describe(
            MemberFactory(visibility="public"),
            stakeholder_type="ngo",
            themes=["new-technology", "quality-of-services"],
            languages=["en", "fr"],
        )
    with CaptureQueriesContext(connection) as queries:
        entries = list(indexing.entries())
    assert len(entries) == n
    assert len(queries) == 3  # the members with their profiles, their themes, their languages


def _documents() -> dict[str, tuple]:
    return {
        d.object_id: (
            d.texts,
            d.access,
            d.path,
            d.date,
            d.meta,
            d.original_language,
            sorted(d.tags.values_list("facet", "value")),
        )
        for d in Document.objects.filter(kind="member").prefetch_related("tags")
    }


def _admin_form_data(page) -> dict:
    """What the admin's change form would post back unchanged."""
    forms = [page.context["adminform"].form]
    data = {}
    for inline in page.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    for form in forms:
        for field in form:
            if field.field.disabled:
                continue
            value = field.value()
            if isinstance(value, bool):
                if value:
                    data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(getattr(v, "pk", v)) for v in value]
            elif value is not None:
                data[field.html_name] = str(getattr(value, "pk", value))
    return data
