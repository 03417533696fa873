"""The security baseline: headers, CSRF, rate limits, password hashing and the admin."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db


def test_security_headers_on_every_page(client):
    response = client.get("/en/")
    csp = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_forms_without_a_csrf_token_are_refused_with_a_readable_page():
    client = Client(enforce_csrf_checks=True)
    member = MemberFactory()
    response = client.post("/fr/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "Ce formulaire a expiré" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logging_out_needs_a_post_with_a_token(member_client):
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = member_client.cookies
    assert strict.post("/en/accounts/logout/").status_code == 403
    assert member_client.get("/en/").context["user"].is_authenticated


def test_repeated_failed_logins_are_slowed_down(client):
    member = MemberFactory()
    for _ in range(5):
        client.post("/en/accounts/login/", {"login": member.email, "password": "wrong"})
    response = client.post("/en/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Too many failed login attempts. Try again later."
    ]
    assert "_auth_user_id" not in client.session


def test_login_attempts_per_address_are_limited(client):
    for n in range(30):
        client.post("/en/accounts/login/", {"login": f"x{n}@example.org", "password": "x"})
    response = client.post("/fr/accounts/login/", {"login": "y@example.org", "password": "x"})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()


def test_signups_from_one_address_are_limited(client):
    for n in range(10):
        client.post("/en/accounts/signup/", {"email": f"new{n}@example.org"})
    response = client.post("/en/accounts/signup/", {"email": "one-more@example.org"})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_password_reset_requests_are_limited(client):
    member = MemberFactory()
    for _ in range(3):
        assert (
            client.post("/en/accounts/password/reset/", {"email": member.email}).status_code == 302
        )
    response = client.post("/en/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 429


def test_the_admin_is_for_staff_only(client, member_client, staff_client):
    anonymous = client.get("/en/admin/")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/en/admin/login/")
    login = client.get(anonymous["Location"])
    assert login["Location"].startswith("/en/accounts/login/")  # through allauth's rate limits
    assert member_client.get("/en/admin/").status_code == 302
    assert member_client.get("/en/admin/login/").status_code == 403
    assert staff_client.get("/en/admin/").status_code == 200


def test_staff_can_curate_the_vocabularies_in_both_languages(staff_client):
    from baraza.taxonomy.models import Theme

    theme = Theme.objects.get(slug="new-technology")
    page = staff_client.get(f"/en/admin/taxonomy/theme/{theme.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="name_en"' in html and 'name="name_fr"' in html
    response = staff_client.post(
        f"/en/admin/taxonomy/theme/{theme.pk}/change/",
        {
            "slug": theme.slug,
            "name_en": "Harnessing digital technology",
            "name_fr": "Tirer parti du numérique",
            "description_en": theme.description_en,
            "description_fr": theme.description_fr,
            "position": theme.position,
        },
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert (theme.name_en, theme.name_fr) == (
        "Harnessing digital technology",
        "Tirer parti du numérique",
    )


def test_the_admin_never_shows_a_members_gender(staff_client):
    member = MemberFactory()
    member.profile.gender = "non-binary"
    member.profile.save()
    page = staff_client.get(f"/en/admin/accounts/user/{member.pk}/change/")
    assert page.status_code == 200
    assert "non-binary" not in page.content.decode()
