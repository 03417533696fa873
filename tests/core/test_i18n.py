"""English and French are equal: complete catalogue, language in the URL, localised output."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.core import mail
from django.utils import translation

import baraza
from tests.factories import MemberFactory

LOCALE = Path(baraza.__file__).parent / "locale"
PO = LOCALE / "fr" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{ *\w+ *\}\}|</?\w+[^>]*>")


def test_the_french_catalogue_is_complete():
    catalogue = polib.pofile(str(PO))
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    assert [e.msgid for e in catalogue.obsolete_entries()] == []
    assert not catalogue.metadata_is_fuzzy


def test_translations_keep_every_placeholder_and_tag():
    for entry in polib.pofile(str(PO)).translated_entries():
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid)), (
                entry.msgid
            )


@pytest.mark.skipif(
    shutil.which("msgfmt") is None and os.environ.get("CI") != "true",
    reason="GNU gettext (msgfmt) is not installed; CI installs it",
)
def test_gnu_msgfmt_accepts_the_catalogue():
    result = subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(PO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_the_compiled_catalogue_matches_the_source():
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.pofile(str(PO))}
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(MO)) if e.msgid
    }
    compiled = {key: value for key, value in compiled.items()}
    assert {k: (v if isinstance(v, str) else list(v.values())) for k, v in compiled.items()} == {
        k: (v if isinstance(v, str) else list(v.values())) for k, v in source.items()
    }, "run: cd src/baraza && baraza compilemessages"


@pytest.mark.skipif(
    shutil.which("xgettext") is None and os.environ.get("CI") != "true",
    reason="GNU gettext (xgettext) is not installed; CI installs it",
)
def test_every_interface_string_in_the_code_is_in_the_catalogue(tmp_path):
    copy = tmp_path / "baraza"
    shutil.copytree(
        Path(baraza.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__")
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "baraza.cli",
            "makemessages",
            "-l",
            "fr",
            "--no-location",
            "--ignore",
            "*/migrations/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "BARAZA_DATA_DIR": str(tmp_path / "data")},
    )
    fresh = polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in fresh.untranslated_entries() + fresh.fuzzy_entries()]
    assert missing == [], "run makemessages in src/baraza and translate the new strings"


@pytest.mark.django_db
def test_the_first_visit_follows_accept_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr-SN,fr;q=0.9,en;q=0.5")["Location"] == "/fr/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="sw,en;q=0.8")["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de")["Location"] == "/en/"


@pytest.mark.django_db
def test_every_page_offers_the_other_language_for_the_same_page(client):
    html = client.get("/en/members/?country=SN").content.decode()
    assert '<link rel="alternate" hreflang="fr" href="/fr/members/?country=SN">' in html
    assert 'name="language" value="fr" lang="fr">Français</button>' in html
    assert '<input type="hidden" name="next" value="/en/members/?country=SN">' in html


@pytest.mark.django_db
def test_switching_language_stays_on_the_same_page(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/en/members/?country=SN"})
    assert response.status_code == 302
    assert response["Location"] == "/fr/members/?country=SN"
    page = client.get(response["Location"])
    assert '<html lang="fr">' in page.content.decode()
    assert "<h1>Membres</h1>" in page.content.decode()
    # And the choice is remembered for addresses without a language.
    assert client.get("/")["Location"] == "/fr/"


@pytest.mark.django_db
def test_an_unknown_language_prefix_is_a_plain_404(client):
    for path in ("/de/", "/de/members/", "/xx-yy/accounts/login/"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_dates_and_numbers_are_localised(client, settings):
    member = MemberFactory(visibility="public")
    member.date_joined = member.date_joined.replace(year=2026, month=2, day=3)
    member.save(update_fields=["date_joined"])
    assert "février 2026" in client.get(f"/fr/members/{member.pk}/").content.decode()
    assert "February 2026" in client.get(f"/en/members/{member.pk}/").content.decode()
    with translation.override("fr"):
        from django.contrib.humanize.templatetags.humanize import intcomma

        assert intcomma(1234567) == "1\xa0234\xa0567"
    with translation.override("en"):
        assert intcomma(1234567) == "1,234,567"


@pytest.mark.django_db
def test_account_emails_are_written_in_the_recipients_language(client):
    french = MemberFactory(language="fr")
    english = MemberFactory(language="en")
    client.post("/en/accounts/password/reset/", {"email": french.email})
    client.post("/fr/accounts/password/reset/", {"email": english.email})
    to_french, to_english = mail.outbox
    assert to_french.subject == "[Baraza] E-mail de réinitialisation de mot de passe"
    assert to_french.body.startswith("Bonjour de la part de Baraza,")
    assert to_english.subject == "[Baraza] Password Reset Email"
    assert to_english.body.startswith("Hello from Baraza,")


@pytest.mark.django_db
def test_the_language_switch_works_on_a_page_that_does_not_exist(client):
    html = client.get("/en/no-such-page/?x=1").content.decode()
    assert '<link rel="alternate" hreflang="fr" href="/fr/no-such-page/?x=1">' in html
