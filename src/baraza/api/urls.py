"""``/api/v1/``: the REST API (django-ninja), its reference page and curators' tokens.

The API's own patterns are wrapped so that a request carrying a NUL character (which
PostgreSQL refuses in a query) gets a 400 instead of reaching the database.
"""

import functools

from django.http import JsonResponse
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext as _

from baraza.api import endpoints_open, endpoints_records, endpoints_write, views  # noqa: F401
from baraza.api.core import api

app_name = "api"


def _refuse_nul(view):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        values = [request.path, *(v for vs in request.GET.lists() for v in vs[1] + [vs[0]])]
        if any("\x00" in value for value in values):
            return JsonResponse({"detail": _("The request contains a NUL character.")}, status=400)
        return view(request, *args, **kwargs)

    return guarded


def _guarded(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield pattern
        else:
            yield URLPattern(
                pattern.pattern, _refuse_nul(pattern.callback), pattern.default_args, pattern.name
            )


urlpatterns = [
    path("docs", views.docs, name="docs"),
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    *_guarded(api.urls[0]),
]
