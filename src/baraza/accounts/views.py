from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from baraza.accounts import queries, services
from baraza.accounts.forms import DeleteAccountForm, DirectoryFilterForm, ProfileForm

DIRECTORY_PAGE_SIZE = 24


@require_GET
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(queries.directory(request.user, filters), DIRECTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/directory.html",
        {"form": form, "page": page, "query": query.urlencode(), "filtered": filters.active},
    )


@require_GET
def member_detail(request, pk: int):
    member = queries.visible_member(request.user, pk)
    return render(request, "accounts/member_detail.html", {"member": member})


@login_required
@require_GET
def account_home(request):
    return render(request, "accounts/account_home.html")


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    member = queries.member_with_profile(request.user.pk)
    form = ProfileForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        services.update_profile(actor=request.user, member=member, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:member_detail", pk=member.pk)
    return render(request, "accounts/profile_edit.html", {"form": form, "member": member})


@login_required
@require_GET
def data_export(request):
    data = services.export_personal_data(member=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"baraza-personal-data-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = DeleteAccountForm(request.POST or None, member=request.user)
    if request.method == "POST" and form.is_valid():
        services.delete_account(actor=request.user, member=request.user)
        logout(request)
        messages.success(request, _("Your account has been deleted. Thank you for taking part."))
        return redirect("home")
    return render(request, "accounts/account_delete.html", {"form": form})
