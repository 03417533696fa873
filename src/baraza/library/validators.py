"""Rules on resource metadata, shared by the forms and the services (and later the API)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Links open from the resource page: only web addresses, never javascript:, data: or ftp:.
validate_web_address = URLValidator(
    schemes=["http", "https"], message=_("Enter a web address starting with https:// or http://.")
)

EARLIEST_YEAR = 1900

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:")


def normalise_doi(value: str) -> str:
    """The bare DOI (``10.1234/abc``) from what people paste: a doi.org link or ``doi:…``."""
    value = value.strip()
    for prefix in _DOI_PREFIXES:
        if value.lower().startswith(prefix):
            value = value[len(prefix) :].strip()
            break
    if value and not _DOI.match(value):
        raise ValidationError(
            _("This is not a DOI. A DOI starts with “10.” and has a slash, e.g. 10.1000/182."),
            code="invalid_doi",
        )
    return value


def validate_year(value: int | None) -> None:
    latest = timezone.now().year + 1
    if value is not None and not EARLIEST_YEAR <= value <= latest:
        raise ValidationError(
            _("Enter a year between %(earliest)d and %(latest)d."),
            code="invalid_year",
            params={"earliest": EARLIEST_YEAR, "latest": latest},
        )
