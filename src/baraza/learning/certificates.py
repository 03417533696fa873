"""Certificates: the public page that checks one by its code, the form to type a code, and the
certificate as a one-page PDF (the holder, the package, the code, and the address where anyone
can check it, written out and as a QR code).

The PDF is made with WeasyPrint from ``learning/learner/certificate_pdf.html``; the QR code is
an SVG ``data:`` URL made by ``segno``, so nothing is fetched while the document renders. Anyone
with the code may see the page and the PDF: the code is what the holder hands out.
"""

from __future__ import annotations

from pathlib import Path

import segno
from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from baraza.compendium.models import reader_language
from baraza.core.pdf_fetcher import render_pdf
from baraza.learning import learner_queries
from baraza.learning.models import Certificate

TEMPLATE = "learning/learner/certificate_pdf.html"
# The only folder the PDF's fetcher may read from (nothing there is needed: fonts are the
# system's, and the QR code is inline).
ROOT = Path(__file__).resolve().parent / "templates" / "learning" / "learner"


def verification_url(certificate: Certificate, language: str | None = None) -> str:
    """The public address of the certificate's page, in ``language`` (default: the active
    one)."""
    with translation.override(language or translation.get_language()):
        path = reverse("learning:certificate", args=[certificate.display_code])
    return settings.SITE_URL.rstrip("/") + path


def qr_code(url: str) -> str:
    """A QR code of ``url``, as an SVG ``data:`` URL."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def title_of(certificate: Certificate, language: str) -> str:
    other = "fr" if language == "en" else "en"
    return getattr(certificate, f"title_{language}") or getattr(certificate, f"title_{other}")


def context(certificate: Certificate, language: str) -> dict:
    url = verification_url(certificate, language)
    return {
        "certificate": certificate,
        "language": language,
        "title": title_of(certificate, language),
        "url": url,
        "qr": qr_code(url),
        "SITE_NAME": settings.SITE_NAME,
    }


def pdf(certificate: Certificate, language: str) -> bytes:
    """The certificate in ``language`` (``en`` or ``fr``)."""
    with translation.override(language):
        html = render_to_string(TEMPLATE, context(certificate, language))
    return render_pdf(html, root=ROOT)


# --- The pages: the public check, the PDF, the form to type a code ----------------------------


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Certificate code"),
        max_length=40,
        help_text=gettext_lazy("As printed on the certificate, for example ABCD-EFGH-JKLM-NPQR."),
    )


def _not_found(request, form=None):
    return render(
        request,
        "learning/learner/verify.html",
        {"form": form or VerifyForm(), "not_found": True},
        status=404,
    )


@require_GET
def certificate(request, code: str):
    found = learner_queries.certificate_by_code(code)
    if found is None:
        return _not_found(request, VerifyForm(initial={"code": code}))
    if code != found.display_code:
        return redirect("learning:certificate", code=found.display_code)
    language = reader_language()
    return render(
        request,
        "learning/learner/certificate.html",
        {
            "certificate": found,
            "title": title_of(found, language),
            "package": found.enrolment.package,
            "url": verification_url(found),
        },
    )


@require_GET
def certificate_pdf(request, code: str):
    found = learner_queries.certificate_by_code(code)
    if found is None:
        return _not_found(request, VerifyForm(initial={"code": code}))
    language = reader_language()
    response = HttpResponse(pdf(found, language), content_type="application/pdf")
    filename = f"certificate-{found.display_code}-{language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def verify(request):
    if "code" not in request.GET:
        return render(request, "learning/learner/verify.html", {"form": VerifyForm()})
    form = VerifyForm(request.GET)
    if form.is_valid():
        found = learner_queries.certificate_by_code(form.cleaned_data["code"])
        if found is not None:
            return redirect("learning:certificate", code=found.display_code)
        return _not_found(request, form)
    return render(request, "learning/learner/verify.html", {"form": form}, status=400)
