"""Rate limits of the API, kept in the shared cache (so every web worker counts together).

Anonymous clients are counted per IP address (``REMOTE_ADDR``, or the address the trusted
proxies report when ``NINJA_NUM_PROXIES`` is set), clients with a token per token. The rates
are read from the settings on every request (``BARAZA_API_RATE_ANON``,
``BARAZA_API_RATE_TOKEN``, e.g. ``"120/m"``); over the limit, the answer is a 429 with a
``Retry-After`` header.
"""

from __future__ import annotations

import threading

from django.conf import settings
from ninja.throttling import SimpleRateThrottle

from baraza.api import tokens

DEFAULT_ANON_RATE = "120/m"
DEFAULT_TOKEN_RATE = "600/m"  # noqa: S105 (a rate, not a secret)


def request_token(request):
    """The live token the request carries (authenticated once per request), or None."""
    auth = getattr(request, "auth", None)
    if auth is not None:
        return auth
    if not hasattr(request, "_baraza_api_token"):
        request._baraza_api_token = tokens.authenticate(tokens.bearer_key(request))
    return request._baraza_api_token


# What SimpleRateThrottle keeps on the throttle between allow_request() and wait(): kept per
# thread, since one throttle object serves every request and gunicorn runs several threads.
_PER_REQUEST = frozenset({"rate", "num_requests", "duration", "key", "history", "now"})


class _SettingsRate(SimpleRateThrottle):
    setting = ""
    default = ""

    def __init__(self):  # the rate is read per request (see allow_request)
        object.__setattr__(self, "_state", threading.local())

    def __setattr__(self, name, value):
        if name in _PER_REQUEST:
            setattr(self._state, name, value)
        else:
            object.__setattr__(self, name, value)

    def __getattr__(self, name):  # only for what normal lookup did not find
        if name in _PER_REQUEST:
            return getattr(self._state, name, None)
        raise AttributeError(name)

    def allow_request(self, request) -> bool:
        self.rate = getattr(settings, self.setting, None) or self.default
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_ident(self, request):
        """The client's address: REMOTE_ADDR, or with N trusted proxies the address the
        first of them saw (X-Forwarded-For is whatever the client says before that)."""
        proxies = getattr(settings, "NINJA_NUM_PROXIES", 0) or 0
        remote = request.META.get("REMOTE_ADDR", "")
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
        if not proxies or not forwarded:
            return remote
        addresses = forwarded.split(",")
        return addresses[-min(proxies, len(addresses))].strip()


class AnonThrottle(_SettingsRate):
    scope = "anon"
    setting = "BARAZA_API_RATE_ANON"
    default = DEFAULT_ANON_RATE

    def get_cache_key(self, request):
        if request_token(request) is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenThrottle(_SettingsRate):
    scope = "token"
    setting = "BARAZA_API_RATE_TOKEN"
    default = DEFAULT_TOKEN_RATE

    def get_cache_key(self, request):
        token = request_token(request)
        if token is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}
