"""Optional TOTP two-factor authentication."""

from __future__ import annotations

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _logged_in(member) -> Client:
    client = Client()
    response = client.post("/en/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _reauthenticate(client, language="en") -> None:
    """Security settings ask for the password again before any change."""
    page = client.get(f"/{language}/accounts/2fa/totp/activate/")
    assert page["Location"].startswith(f"/{language}/accounts/reauthenticate/")
    response = client.post(page["Location"], {"password": PASSWORD})
    assert response.status_code == 302


def _activate_totp(client) -> pyotp.TOTP:
    _reauthenticate(client)
    page = client.get("/en/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert 'src="data:image/svg+xml' in page.content.decode()  # QR code inline: no extra request
    totp = pyotp.TOTP(secret)
    response = client.post("/en/accounts/2fa/totp/activate/", {"code": totp.now()})
    assert response.status_code == 302
    return totp


def test_a_member_can_turn_on_totp_and_then_needs_a_code_to_log_in(member):
    client = _logged_in(member)
    totp = _activate_totp(client)
    assert Authenticator.objects.filter(user=member, type="totp").exists()
    client.post("/en/accounts/logout/")

    fresh = Client()
    response = fresh.post("/en/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in fresh.session

    wrong = fresh.post("/en/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors == {"code": ["Incorrect code."]}

    right = fresh.post("/en/accounts/2fa/authenticate/", {"code": totp.now()})
    assert right.status_code == 302
    assert int(fresh.session["_auth_user_id"]) == member.pk


def test_two_factor_is_optional(member):
    client = Client()
    response = client.post("/en/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response["Location"] == "/en/"
    assert int(client.session["_auth_user_id"]) == member.pk


def test_a_wrong_activation_code_is_rejected_in_french(member):
    client = _logged_in(member)
    _reauthenticate(client, "fr")
    client.get("/fr/accounts/2fa/totp/activate/")
    response = client.post("/fr/accounts/2fa/totp/activate/", {"code": "123"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"code": ["Code incorrect."]}
    assert not Authenticator.objects.filter(user=member).exists()
