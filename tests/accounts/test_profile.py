"""Completing a profile, who can see it, downloading one's data and leaving."""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from baraza.accounts.models import User
from baraza.core.models import AuditEntry
from tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db

PROFILE = {
    "display_name": "Aminata Diallo",
    "country": "SN",
    "language": "fr",
    "timezone_name": "Africa/Dakar",
    "organisation": "Relais communautaires de Kolda",
    "stakeholder_type": "community-health-worker",
    "level": "community",
    "languages": ["fr", "wo"],
    "themes": ["quality-of-services", "new-technology"],
    "bio": "Relais communautaire depuis 2015.",
    "gender": "femme",
    "visibility": "public",
}


def test_completing_the_profile(member_client, member):
    response = member_client.post("/en/me/profile/", PROFILE)
    assert response.status_code == 302
    assert response["Location"] == f"/en/members/{member.pk}/"

    member = User.objects.get(pk=member.pk)
    profile = member.profile
    assert (member.display_name, member.language, member.timezone) == (
        "Aminata Diallo",
        "fr",
        "Africa/Dakar",
    )
    assert profile.organisation == "Relais communautaires de Kolda"
    assert profile.stakeholder_type.slug == "community-health-worker"
    assert sorted(profile.languages.values_list("code", flat=True)) == ["fr", "wo"]
    assert sorted(profile.themes.values_list("slug", flat=True)) == [
        "new-technology",
        "quality-of-services",
    ]
    assert AuditEntry.objects.filter(actor=member, action="profile.update").count() == 1


def test_the_profile_page_shows_the_profile_but_never_the_gender(member_client, member):
    member_client.post("/en/me/profile/", PROFILE)
    page = Client().get(f"/fr/members/{member.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Aminata Diallo" in html
    assert "Relais communautaires de Kolda" in html
    assert "Sénégal" in html
    assert "femme" not in html


def test_profile_errors_are_shown_in_the_users_language_and_nothing_is_saved(member_client, member):
    bad = {
        **PROFILE,
        "display_name": "x" * 81,
        "country": "ZZ",
        "timezone_name": "Mars/Olympus",
        "bio": "b" * 1001,
    }
    response = member_client.post("/fr/me/profile/", bad)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["display_name"] == [
        "Assurez-vous que cette valeur comporte au plus 80 caractères (actuellement 81)."
    ]
    assert errors["country"] == [
        "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."
    ]
    assert errors["timezone_name"] == [
        "Sélectionnez un choix valide. Mars/Olympus n’en fait pas partie."
    ]
    assert "bio" in errors
    member.refresh_from_db()
    assert member.display_name == "Aminata Member"


def test_a_blank_display_name_is_refused(member_client):
    response = member_client.post("/en/me/profile/", {**PROFILE, "display_name": "   "})
    assert response.context["form"].errors["display_name"] == ["This field is required."]


def test_profile_editing_needs_a_login(client):
    response = client.get("/en/me/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


@pytest.mark.parametrize(("visibility", "outsider_sees"), [("public", True), ("members", False)])
def test_profile_visibility(visibility, outsider_sees, member_client):
    other = MemberFactory(visibility=visibility)
    assert (Client().get(f"/en/members/{other.pk}/").status_code == 200) is outsider_sees
    assert member_client.get(f"/en/members/{other.pk}/").status_code == 200


def test_unverified_and_deleted_members_have_no_profile_page(member_client):
    unverified = MemberFactory(verified=False, visibility="public")
    assert member_client.get(f"/en/members/{unverified.pk}/").status_code == 404
    assert member_client.get("/en/members/999999/").status_code == 404


def test_downloading_my_data(member_client, member):
    member_client.post("/en/me/profile/", PROFILE)
    response = member_client.get("/en/me/data.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="baraza-personal-data-')
    data = json.loads(response.content)
    assert data["format"] == "baraza-personal-data"
    assert data["account"]["email"] == member.email
    assert data["account"]["email_addresses"] == [
        {"email": member.email, "verified": True, "primary": True}
    ]
    assert data["profile"] | {"updated_at": None} == {
        "organisation": "Relais communautaires de Kolda",
        "stakeholder_type": "community-health-worker",
        "level": "community",
        "languages_spoken": ["fr", "wo"],
        "themes_of_interest": ["new-technology", "quality-of-services"],
        "bio": "Relais communautaire depuis 2015.",
        "gender": "femme",
        "visibility": "public",
        "updated_at": None,
    }
    assert [entry["action"] for entry in data["activity_log"]] == [
        "account.register",
        "profile.update",
    ]


def test_deleting_my_account_erases_personal_data_but_keeps_the_record(member_client, member):
    member_client.post("/en/me/profile/", PROFILE)
    wrong = member_client.post("/en/me/delete/", {"password": "not-it"})
    assert wrong.context["form"].errors == {"password": ["That is not your current password."]}

    response = member_client.post("/en/me/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/"

    gone = User.objects.get(pk=member.pk)  # the row stays, so threads don't break
    assert gone.public_name == "Former member"
    assert gone.email.endswith("@deleted.invalid")
    assert (gone.display_name, gone.country, gone.is_active, gone.has_usable_password()) == (
        "",
        None,
        False,
        False,
    )
    profile = gone.profile
    assert (profile.organisation, profile.bio, profile.gender, profile.stakeholder_type) == (
        "",
        "",
        "",
        None,
    )
    assert not profile.themes.exists()
    assert not EmailAddress.objects.filter(user=gone).exists()
    assert not AuditEntry.objects.filter(target_label__contains="Aminata").exists()
    assert AuditEntry.objects.filter(action="account.delete", target_id=str(member.pk)).exists()
    # Logged out, and the old credentials no longer work.
    assert not member_client.get("/en/").context["user"].is_authenticated
    assert not Client().login(email=member.email, password=PASSWORD)
    assert Client().get(f"/en/members/{member.pk}/").status_code == 404


def test_a_deleted_member_is_shown_as_former_member_in_french(member):
    from django.utils import translation

    from baraza.accounts import services

    services.delete_account(actor=member, member=member)
    with translation.override("fr"):
        assert User.objects.get(pk=member.pk).public_name == "Ancien membre"
