"""Certificates: the public page that checks one by its code, the form to type a code, and
the PDF with the verification address and its QR code, in the language of the address."""

from __future__ import annotations

import io

import pytest
import segno
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from pypdf import PdfReader

from baraza.learning import certificates
from baraza.learning.models import Certificate
from tests.learning.test_learner_progress import enrol, main_text, pass_every_quiz, visit_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(member_client, learning_package) -> Certificate:
    enrol(member_client, learning_package)
    visit_all(member_client, learning_package)
    pass_every_quiz(member_client, learning_package)
    return Certificate.objects.get()


def french(text: str) -> str:
    with translation.override("fr"):
        return translation.gettext(text)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_public_page_says_the_certificate_is_valid(client, certificate):
    response = client.get(f"/en/learning/certificates/{certificate.display_code}/")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == f"Certificate {certificate.display_code}"
    assert soup.find(class_="lp-valid").get_text() == "This certificate is valid."
    dl = soup.find("dl", class_="facts")
    shown = {dt.get_text(): dd.get_text() for dt, dd in zip(dl("dt"), dl("dd"), strict=True)}
    assert shown == {
        "Awarded to": "Aminata Member",
        "For completing": "Community engagement essentials",
        "Version": "1",
        "Notional hours": "3",
        "Date": shown["Date"],
        "Average quiz score": "100%",
        "Code": certificate.display_code,
    }
    assert shown["Date"] == formats.date_format(
        timezone.localtime(certificate.issued_at), "DATE_FORMAT"
    )


def test_the_public_page_is_in_french_at_its_french_address(client, certificate):
    response = client.get(f"/fr/learning/certificates/{certificate.display_code}/")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find(class_="lp-valid").get_text() == french("This certificate is valid.")
    assert soup.find("a", string="L'essentiel de l'engagement communautaire")["href"] == (
        "/fr/learning/ce-essentials/"
    )


def test_a_code_typed_in_another_form_leads_to_the_certificate(client, certificate):
    typed = certificate.code.lower()
    response = client.get(f"/en/learning/certificates/{typed}/")
    assert response["Location"] == f"/en/learning/certificates/{certificate.display_code}/"
    spaced = " " + " ".join(certificate.display_code.lower().split("-")) + " "
    response = client.get("/en/learning/verify/", {"code": spaced})
    assert response["Location"] == f"/en/learning/certificates/{certificate.display_code}/"
    response = client.get("/en/learning/verify/", {"code": certificate.code})
    assert response["Location"] == f"/en/learning/certificates/{certificate.display_code}/"


def test_an_unknown_code_says_no_certificate_has_it(client, certificate):
    response = client.get("/en/learning/certificates/AAAA-BBBB-CCCC-DDDD/")
    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "No certificate has this code"
    assert soup.find("input", id="id_code")["value"] == "AAAA-BBBB-CCCC-DDDD"
    response = client.get("/en/learning/verify/", {"code": "aaaa-bbbb-cccc-dddd"})
    assert response.status_code == 404
    assert BeautifulSoup(response.content, "html.parser").h1.get_text() == (
        "No certificate has this code"
    )
    response = client.get("/en/learning/certificates/AAAA-BBBB-CCCC-DDDD.pdf")
    assert response.status_code == 404
    assert "No certificate has this code" in main_text(response)
    french_page = client.get("/fr/learning/certificates/AAAA/")
    assert french_page.status_code == 404
    assert BeautifulSoup(french_page.content, "html.parser").h1.get_text() == french(
        "No certificate has this code"
    )


def test_the_verify_form_asks_for_a_code(client):
    soup = BeautifulSoup(client.get("/en/learning/verify/").content, "html.parser")
    assert soup.h1.get_text() == "Check a certificate"
    assert soup.find("label", attrs={"for": "id_code"}).get_text() == "Certificate code:"
    empty = client.get("/en/learning/verify/", {"code": ""})
    assert empty.status_code == 400
    assert BeautifulSoup(empty.content, "html.parser").select_one(".errorlist").get_text() == (
        "This field is required."
    )


def test_the_pdf_names_the_holder_the_code_and_the_verification_address(
    client, certificate, settings
):
    settings.SITE_URL = "https://baraza.example.org"
    response = client.get(f"/en/learning/certificates/{certificate.display_code}.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Certificate of completion" in text
    assert "Aminata Member" in text
    assert "Community engagement essentials" in text
    assert f"Code: {certificate.display_code}" in text
    url = f"https://baraza.example.org/en/learning/certificates/{certificate.display_code}/"
    assert url in text.replace(" ", "")
    assert "Version 1 · 3 notional hours" in text


def test_the_pdf_is_in_the_language_of_its_address(client, certificate, settings):
    settings.SITE_URL = "https://baraza.example.org"
    response = client.get(f"/fr/learning/certificates/{certificate.display_code}.pdf")
    text = pdf_text(response.content)
    assert "L'essentiel de l'engagement communautaire" in text
    assert french("Certificate of completion") in text
    url = f"https://baraza.example.org/fr/learning/certificates/{certificate.display_code}/"
    assert url in text.replace(" ", "")


def test_the_pdf_embeds_a_qr_code_of_the_verification_address(certificate, settings):
    settings.SITE_URL = "https://baraza.example.org"
    context = certificates.context(certificate, "fr")  # while English is active
    assert context["url"] == (
        f"https://baraza.example.org/fr/learning/certificates/{certificate.display_code}/"
    )
    html = render_to_string(certificates.TEMPLATE, context)
    image = BeautifulSoup(html, "html.parser").find("img")
    assert image["src"] == segno.make(context["url"], error="m").svg_data_uri(scale=4, border=2)
    assert image["alt"] == "QR code of the verification address"
