from __future__ import annotations

import logging
import re
import time
import uuid
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.functional import empty

logger = logging.getLogger("baraza.request")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# URL arguments that carry secrets (verification and reset links); never logged.
_SECRET_KWARGS = {"key", "uidb36", "uidb64", "token"}


class RequestLogMiddleware:
    """Logs one structured line per request and tags the response with a request id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        match = getattr(request, "resolver_match", None)
        logger.info(
            "request",
            extra={
                "request_id": request.request_id,
                "method": request.method,
                "path": _loggable_path(request.path, match),
                "view": match.view_name if match else None,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": _user_id(request),
                "language": getattr(request, "LANGUAGE_CODE", None),
            },
        )
        response["X-Request-ID"] = request.request_id
        return response


def _loggable_path(path: str, match) -> str:
    if match is None:
        return path
    for name, value in match.kwargs.items():
        if name in _SECRET_KWARGS and isinstance(value, str) and value:
            path = path.replace(value, "***")
    return path


def _user_id(request):
    """The member's id, if this request already loaded the member (logging adds no query)."""
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is None or wrapped is empty:
        return None
    return getattr(wrapped, "pk", None)


class MemberPreferencesMiddleware:
    """Applies a signed-in member's time zone, and their preferred language when they log in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.timezone:
            try:
                timezone.activate(ZoneInfo(user.timezone))
            except (ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        try:
            response = self.get_response(request)
        finally:
            timezone.deactivate()
        language = getattr(request, "baraza_login_language", None)
        if language:
            _apply_login_language(request, response, language)
        return response


def _apply_login_language(request, response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    if response.status_code in (301, 302, 303, 307, 308) and response.has_header("Location"):
        # The address is resolved in the language the request came in with.
        with translation.override(request.LANGUAGE_CODE):
            response["Location"] = translate_url(response["Location"], language)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself."""

    PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
