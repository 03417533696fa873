"""The API's pages for people: its reference and curators' tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baraza.api import docs as reference
from baraza.api import tokens
from baraza.api.core import api
from baraza.api.forms import TokenForm
from baraza.api.models import ApiToken
from baraza.compendium.policies import is_curator
from baraza.core.policies import Refused


@require_GET
def docs(request):
    schema = api.get_openapi_schema()
    return render(
        request,
        "api/docs.html",
        {
            "info": schema["info"],
            "sections": reference.reference(schema),
            "openapi_url": request.build_absolute_uri("openapi.json"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    if not is_curator(request.user):
        raise Refused(tokens.REFUSAL)
    form = TokenForm(request.POST or None)
    new_key = ""
    if request.method == "POST" and form.is_valid():
        _token, new_key = tokens.create(user=request.user, name=form.cleaned_data["name"])
        form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens.tokens_of(request.user), "new_key": new_key},
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.revoke(token=token, actor=request.user)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("api:tokens")
