"""The API object: its errors, authentication and pagination, shared by every endpoint.

Errors are always ``{"detail": "..."}`` (a 410 for a withdrawn record adds its tombstone).
Bad parameters are a 400, never a 500.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from baraza.api import tokens
from baraza.api.throttling import AnonThrottle, TokenThrottle
from baraza.compendium.policies import is_curator

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
MAX_PAGE = 100_000

api = NinjaAPI(
    title="Baraza API",
    version="1",
    description=(
        "Open data of the Community Engagement Compendium: published experiences and their "
        "versions, editions, vocabularies, the public library and public communities. "
        "Reading needs no account; curators write with a token "
        "(`Authorization: Bearer <key>`)."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,  # the docs page is served by the project (views.docs), not from a CDN
    throttle=[AnonThrottle(), TokenThrottle()],
)

ERRORS = {400: "Error", 429: "Error"}


class TokenAuth(HttpBearer):
    """A curator's API token, sent as ``Authorization: Bearer <key>``."""

    openapi_description = "A key from the “API tokens” page (curators only)."

    def authenticate(self, request, token):
        return tokens.authenticate(token)


def require_curator(request) -> None:
    if not is_curator(request.auth.user):
        raise HttpError(403, _("Only curators can use this endpoint."))


def _message(error: dict) -> str:
    parts = [str(p) for p in error.get("loc", ())[1:] if p not in ("body", "filters", "payload")]
    where = ".".join(parts)
    return f"{where}: {error.get('msg', '')}" if where else str(error.get("msg", ""))


@api.exception_handler(ValidationError)
def bad_input(request, exc: ValidationError):
    detail = "; ".join(_message(e) for e in exc.errors) or _("The request is not valid.")
    return api.create_response(request, {"detail": detail}, status=400)


@api.exception_handler(DjangoValidationError)
def refused_input(request, exc: DjangoValidationError):
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=400)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    detail = _(
        "Authentication required: send a curator’s API token as “Authorization: Bearer <key>”."
    )
    response = api.create_response(request, {"detail": detail}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    detail = str(getattr(exc, "reason", None) or _("You may not do this."))
    return api.create_response(request, {"detail": detail}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    detail = str(exc)
    if exc.status_code == 429:
        detail = _("Too many requests: wait a little before trying again.")
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def paginate(request, items, *, page: int, page_size: int, count: int | None = None) -> dict:
    """One page of ``items`` (a queryset or a list) with the count and the links to the pages
    before and after it. A page past the end is empty."""
    if count is None:
        count = len(items) if isinstance(items, list) else items.count()
    total = count
    start = (page - 1) * page_size
    results = list(items[start : start + page_size]) if start < total else []

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        query["page_size"] = str(page_size)
        return absolute(request.path) + "?" + query.urlencode()

    last = max(1, -(-total // page_size))
    return {
        "count": total,
        "page": page,
        "page_size": page_size,
        "next": link(page + 1) if page < last else None,
        "previous": link(min(page - 1, last)) if page > 1 else None,
        "results": results,
    }
