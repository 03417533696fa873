"""Sending one email rendered from templates, in whatever language is active.

Callers choose the language (``translation.override(recipient.language)``); this renders
``<template>_subject.txt`` and ``<template>_message.txt`` and sends a plain-text message, which
reads well in every mail client and costs the least on a mobile connection.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string


def send(*, template: str, to: str, context: dict) -> None:
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_message.txt", context)
    message = EmailMessage(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    message.send()
