"""Signing up, verifying the address, logging in and out, and recovering a password."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from baraza.accounts.models import User
from tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "Awa.Ndiaye@Example.org",
    "password1": "Une-phrase-de-passe-longue-2026",
    "display_name": "  Awa   Ndiaye ",
    "country": "SN",
    "language": "fr",
}


def _link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_signup_asks_only_for_the_essentials(client):
    page = client.get("/en/accounts/signup/")
    form = page.context["form"]
    assert sorted(name for name, field in form.fields.items() if field.required) == [
        "country",
        "display_name",
        "email",
        "language",
        "password1",
    ]
    assert sorted(form.fields) == sorted(
        ["email", "password1", "display_name", "country", "language"]
    )


def test_signup_creates_a_member_and_sends_the_verification_email_in_their_language(client):
    response = client.post("/en/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"

    member = User.objects.get()
    assert (member.email, member.display_name, member.country.code, member.language) == (
        "awa.ndiaye@example.org",
        "Awa Ndiaye",
        "SN",
        "fr",
    )
    assert member.timezone == "Africa/Dakar"
    assert member.profile.visibility == "members"
    assert not EmailAddress.objects.get(user=member).verified

    (message,) = mail.outbox
    assert message.to == ["awa.ndiaye@example.org"]
    assert message.subject.startswith("[Baraza] ")
    assert "Bonjour de la part de Baraza" in message.body
    assert "/accounts/confirm-email/" in _link_in(message)


def test_unverified_members_cannot_log_in_until_they_verify(client):
    client.post("/en/accounts/signup/", SIGNUP)
    client.logout()
    response = client.post(
        "/en/accounts/login/", {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_following_the_verification_link_logs_in_and_opens_the_profile(client):
    client.post("/en/accounts/signup/", SIGNUP)
    link = _link_in(mail.outbox[0])
    path = link.split("://", 1)[1].split("/", 1)[1]
    confirm_page = client.get("/" + path)
    assert confirm_page.status_code == 200
    response = client.post("/" + path)
    assert response.status_code == 302
    assert response["Location"] == "/fr/me/profile/"  # in the member's preferred language
    assert EmailAddress.objects.get(email="awa.ndiaye@example.org").verified
    welcome = client.get(response["Location"])
    assert welcome.status_code == 200
    assert "Bienvenue sur Baraza ! Présentez-vous en quelques mots aux autres membres." in [
        str(message) for message in welcome.context["messages"]
    ]
    assert int(client.session["_auth_user_id"]) == User.objects.get().pk


def test_a_tampered_verification_link_is_refused_politely(client):
    client.post("/en/accounts/signup/", SIGNUP)
    link = _link_in(mail.outbox[0])
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    tampered = path.rstrip("/")[:-3] + "xyz/"
    page = client.get(tampered)
    assert page.status_code == 200
    assert "expired or is invalid" in page.content.decode()
    assert client.post(tampered).status_code == 404
    assert not EmailAddress.objects.get().verified


def test_signup_with_an_address_already_in_use_does_not_reveal_it(client, member):
    response = client.post("/en/accounts/signup/", {**SIGNUP, "email": member.email.upper()})
    assert response.status_code == 302
    assert User.objects.filter(email__iexact=member.email).count() == 1
    (message,) = mail.outbox
    assert message.to == [member.email]
    assert "already" in message.body


def test_log_in_and_out(client, member):
    response = client.post("/en/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/en/").context["user"] == member
    assert client.post("/en/accounts/logout/").status_code == 302
    assert not client.get("/en/").context["user"].is_authenticated


def test_wrong_password_shows_an_error_in_the_users_language(client, member):
    response = client.post("/fr/accounts/login/", {"login": member.email, "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "L’adresse e-mail ou le mot de passe sont incorrects."
    ]


def test_after_login_the_preferred_language_applies(client):
    french = MemberFactory(language="fr")
    response = client.post(
        "/en/accounts/login/?next=/en/members/", {"login": french.email, "password": PASSWORD}
    )
    assert response["Location"] == "/fr/members/"
    assert response.cookies["django_language"].value == "fr"
    # The bare address now also opens in French.
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/fr/"


def test_password_reset_by_email(client, member):
    response = client.post("/en/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 302
    (message,) = mail.outbox
    link = _link_in(message)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    new_password = "A-brand-new-passphrase-77"
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(new_password)


def test_a_tampered_reset_link_is_refused_politely(client, member):
    client.post("/en/accounts/password/reset/", {"email": member.email})
    link = _link_in(mail.outbox[0])
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    tampered = re.sub(r"-[^/]+/$", "-not-the-real-token/", path)
    page = client.get(tampered, follow=True)
    assert page.status_code == 200
    assert "Bad Token" in page.content.decode() or "invalid" in page.content.decode()
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_reset_for_an_unknown_address_does_not_reveal_that_it_is_unknown(client):
    response = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/password/reset/done/"


def test_change_password(member_client, member):
    response = member_client.post(
        "/en/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "Another-long-pass-88",
            "password2": "Another-long-pass-88",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("Another-long-pass-88")


def test_change_email_needs_the_new_address_verified(member_client, member):
    response = member_client.post(
        "/en/accounts/email/", {"action_add": "", "email": "new@example.org"}
    )
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.to == ["new@example.org"]
    member.refresh_from_db()
    assert member.email != "new@example.org"  # not until the new address is verified
    path = "/" + _link_in(message).split("://", 1)[1].split("/", 1)[1]
    member_client.post(path)
    member.refresh_from_db()
    assert member.email == "new@example.org"
    assert list(EmailAddress.objects.filter(user=member).values_list("email", flat=True)) == [
        "new@example.org"
    ]


def test_passwords_are_hashed_with_argon2(member):
    assert member.password.startswith("argon2")
