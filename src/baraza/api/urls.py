"""``/api/v1/``: the REST API (django-ninja), its reference page and curators' tokens.

The API's own patterns are wrapped so that a request carrying a NUL character (which
PostgreSQL refuses in text) gets a 400 instead of reaching the database: in the query, a form
field or a JSON body.
"""

import functools

from django.http import JsonResponse
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext as _

from baraza.api import endpoints_open, endpoints_records, endpoints_write, views  # noqa: F401
from baraza.api.core import api

app_name = "api"


def _has_nul(request) -> bool:
    """A NUL in the address, the query, a form field or (escaped) a JSON body. (Django's
    upload parser already strips it from file names.)"""
    values = [request.path, *(v for vs in request.GET.lists() for v in vs[1] + [vs[0]])]
    if request.method == "POST" and request.content_type == "application/json":
        if b"\\u0000" in request.body or b"\x00" in request.body:
            return True
    elif request.method == "POST":
        values += [v for vs in request.POST.lists() for v in vs[1] + [vs[0]]]
    return any("\x00" in value for value in values)


def _refuse_nul(view):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if _has_nul(request):
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
