"""The member directory: filters, pagination, and respect for profile visibility."""

from __future__ import annotations

import pytest
from django.test import Client

from baraza.accounts import services
from baraza.taxonomy.models import Language, StakeholderType, Theme
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:
    return [member.public_name for member in response.context["page"].object_list]


def _describe(member, *, stakeholder="", themes=(), languages=(), organisation=""):
    services.update_profile(
        actor=member,
        member=member,
        display_name=member.display_name,
        country=member.country,
        language=member.language,
        timezone_name=member.timezone,
        organisation=organisation,
        stakeholder_type=StakeholderType.objects.get(slug=stakeholder) if stakeholder else None,
        level="",
        languages=list(Language.objects.filter(code__in=languages)),
        themes=list(Theme.objects.filter(slug__in=themes)),
        bio="",
        gender="",
        visibility=member.profile.visibility,
    )


@pytest.fixture
def people(db):
    awa = MemberFactory(display_name="Awa", country="SN", visibility="public")
    _describe(awa, stakeholder="ngo", themes=["quality-of-services"], languages=["fr", "wo"])
    bola = MemberFactory(display_name="Bola", country="NG", visibility="members")
    _describe(bola, stakeholder="funding-agency", themes=["new-technology"], languages=["en"])
    chloe = MemberFactory(display_name="Chloé", country="SN", visibility="public")
    _describe(
        chloe,
        stakeholder="ngo",
        themes=["new-technology"],
        languages=["fr"],
        organisation="Santé Sud",
    )
    MemberFactory(display_name="Unverified", verified=False, visibility="public")
    return awa, bola, chloe


def test_visitors_see_only_public_profiles(people):
    assert _names(Client().get("/en/members/")) == ["Awa", "Chloé"]


def test_members_see_everyone_listed(people, member_client):
    assert _names(member_client.get("/en/members/")) == ["Aminata Member", "Awa", "Bola", "Chloé"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=SN", ["Aminata Member", "Awa", "Chloé"]),
        ("stakeholder_type=ngo", ["Awa", "Chloé"]),
        ("theme=new-technology", ["Bola", "Chloé"]),
        ("language=fr", ["Awa", "Chloé"]),
        ("country=SN&theme=new-technology", ["Chloé"]),
        ("q=Santé", ["Chloé"]),
        ("q=bol", ["Bola"]),
    ],
)
def test_filters(people, member_client, query, expected):
    assert _names(member_client.get(f"/en/members/?{query}")) == expected


def test_an_invalid_filter_shows_an_error_and_is_ignored(people, member_client):
    response = member_client.get("/fr/members/?country=XX&theme=new-technology")
    assert response.status_code == 200
    assert response.context["form"].errors["country"] == [
        "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."
    ]
    assert _names(response) == ["Bola", "Chloé"]


def test_pagination_keeps_the_filters(member_client):
    for n in range(30):
        MemberFactory(display_name=f"Nurse {n:02d}", country="GH")
    first = member_client.get("/en/members/?country=GH")
    assert len(_names(first)) == 24
    html = first.content.decode()
    assert 'href="?country=GH&amp;page=2"' in html
    assert "Page 1 of 2" in html
    second = member_client.get("/en/members/?country=GH&page=2")
    assert _names(second) == [f"Nurse {n:02d}" for n in range(24, 30)]
    assert member_client.get("/en/members/?page=999").status_code == 200
    assert member_client.get("/en/members/?page=abc").status_code == 200


def test_the_member_count_is_localised(member_client):
    response = member_client.get("/fr/members/")
    assert "1 membre" in response.content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_directory_queries_do_not_grow_with_the_number_of_members(
    n, member_client, django_assert_num_queries
):
    for _ in range(n):
        person = MemberFactory(visibility="public")
        _describe(
            person,
            stakeholder="ngo",
            themes=["new-technology", "quality-of-services"],
            languages=["en"],
        )
    # session, user, count, page, themes, languages, and the filter form's four vocabularies
    with django_assert_num_queries(10):
        assert member_client.get("/en/members/").status_code == 200


def test_visitors_are_invited_to_log_in_and_come_back_to_the_same_list(people):
    html = Client().get("/en/members/?country=SN").content.decode()
    assert 'href="/en/accounts/login/?next=/en/members/%3Fcountry%3DSN">Log in</a>' in html
