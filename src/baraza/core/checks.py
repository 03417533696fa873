"""System checks for deployment settings Django's own checks don't cover."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def check_site_url(app_configs, **kwargs):
    if not settings.SITE_URL.startswith("https://"):
        return [
            Warning(
                "SITE_URL does not use https://, so cookies are not marked secure and HSTS is off.",
                hint="Set SITE_URL=https://your.domain in production.",
                id="baraza.W001",
            )
        ]
    return []


@register(deploy=True)
def check_email(app_configs, **kwargs):
    if not settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
        return [
            Warning(
                "Outgoing mail is not sent over SMTP, so members never receive verification, "
                "password-reset or notification emails.",
                hint="Set EMAIL_HOST (and the other EMAIL_* variables).",
                id="baraza.W002",
            )
        ]
    return []
