"""Bad input gets a clear message in the user's language; never a 500, never half a write."""

from __future__ import annotations

import pytest
from django.test import Client

from baraza.accounts.models import User
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

GOOD_SIGNUP = {
    "email": "kofi@example.org",
    "password1": "A-sound-passphrase-2026",
    "display_name": "Kofi Mensah",
    "country": "GH",
    "language": "en",
}


def _signup_errors(client, lang="en", **changes):
    response = client.post(f"/{lang}/accounts/signup/", {**GOOD_SIGNUP, **changes})
    assert response.status_code == 200, response.status_code
    assert not User.objects.exists()
    return response.context["form"].errors


def test_an_invalid_email_address(client):
    assert _signup_errors(client, "fr", email="kofi@")["email"] == [
        "Saisissez une adresse de courriel valide."
    ]


def test_overlong_values(client):
    errors = _signup_errors(client, display_name="K" * 500)
    assert errors["display_name"] == ["Ensure this value has at most 80 characters (it has 500)."]
    errors = _signup_errors(client, "fr", email="k" * 250 + "@example.org")
    assert errors["email"] == [
        "Assurez-vous que cette valeur comporte au plus 254 caractères (actuellement 262)."
    ]


def test_an_unknown_country_code(client):
    assert _signup_errors(client, "fr", country="XX")["country"] == [
        "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."
    ]


def test_an_unknown_interface_language(client):
    assert _signup_errors(client, language="klingon")["language"] == [
        "Select a valid choice. klingon is not one of the available choices."
    ]


def test_a_weak_password_is_explained(client):
    errors = _signup_errors(client, "fr", password1="12345678")
    assert "Ce mot de passe est trop courant." in errors["password1"]


def test_null_bytes_and_control_characters(client):
    errors = _signup_errors(client, display_name="Kofi\x00Mensah")
    assert errors["display_name"] == ["Null characters are not allowed."]
    response = client.post("/en/accounts/login/", {"login": "a\x00@example.org", "password": "x"})
    assert response.status_code == 200


def test_names_in_any_script_are_welcome(client):
    response = client.post(
        "/en/accounts/signup/", {**GOOD_SIGNUP, "display_name": "  فاطمة   Nguyễn 🌍 "}
    )
    assert response.status_code == 302
    assert User.objects.get().display_name == "فاطمة Nguyễn 🌍"


@pytest.mark.parametrize(
    "query",
    [
        "q=%ff%fe%fd",
        "q=%00&country=%00",
        "country=%E9t%E9",
        "q=" + "x" * 5000,
        "q=<script>alert(1)</script>",
        "page=-1",
        "page=99999999999999999999",
        "theme[]=a&theme=b&theme=c",
        "q=%",
        "%%%=%%%",
    ],
)
def test_odd_query_strings_on_the_directory(query):
    MemberFactory(visibility="public")
    response = Client().get("/en/members/", QUERY_STRING=query)
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


@pytest.mark.parametrize(
    "path",
    ["/en/members/%ff/", "/en/members/0/", "/en/members/-1/", "/%ff%fe/", "/en/me/data.json/x"],
)
def test_odd_paths_are_404(path, client):
    assert client.get(path).status_code == 404


def test_the_language_switch_ignores_bad_input(client):
    bad_language = client.post("/i18n/setlang/", {"language": "xx", "next": "/en/members/"})
    assert bad_language.status_code == 302
    assert bad_language["Location"] == "/en/members/"
    offsite = client.post("/i18n/setlang/", {"language": "fr", "next": "https://evil.example/"})
    assert offsite.status_code == 302
    assert offsite["Location"] == "/"
    garbage = client.post("/i18n/setlang/", {"language": "fr", "next": "/\x00%ff"})
    assert garbage.status_code == 302


def test_a_login_redirect_to_another_site_is_ignored(client):
    member = MemberFactory()
    from tests.factories import PASSWORD

    response = client.post(
        "/en/accounts/login/?next=https://evil.example/",
        {"login": member.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_a_malformed_multipart_body_is_a_400(client):
    response = client.generic(
        "POST",
        "/en/accounts/login/",
        b"--broken\r\nnot really multipart",
        content_type="multipart/form-data; boundary=other",
    )
    assert response.status_code < 500
    assert "_auth_user_id" not in client.session
