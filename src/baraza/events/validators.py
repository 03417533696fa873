"""Rules that the event form and the services share."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WEB_ADDRESS_MESSAGE = _("Enter a full web address that starts with https:// or http://.")

# Only web links: a javascript:, data: or file: address must never become a link on a page.
web_address = URLValidator(schemes=["http", "https"], message=WEB_ADDRESS_MESSAGE)

EARLIEST = timedelta(days=5 * 365)  # past events may be recorded afterwards, within reason
LATEST = timedelta(days=3 * 365)
LONGEST = timedelta(days=31)


def validate_span(starts_at: datetime, ends_at: datetime) -> None:
    """An event ends after it starts, lasts at most a month, and is not absurdly far away."""
    now = timezone.now()
    errors = {}
    if not now - EARLIEST <= starts_at <= now + LATEST:
        errors["starts_at"] = ValidationError(
            _("Choose a start between five years ago and three years from now."),
            code="out_of_range",
        )
    if ends_at <= starts_at:
        errors["ends_at"] = ValidationError(
            _("The end must be after the start."), code="ends_before_start"
        )
    elif ends_at - starts_at > LONGEST:
        errors["ends_at"] = ValidationError(
            _("An event can last at most 31 days."), code="too_long"
        )
    if errors:
        raise ValidationError(errors)
