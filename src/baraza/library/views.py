from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baraza.communities import queries as community_queries
from baraza.core.policies import can, require
from baraza.library import queries, services
from baraza.library.forms import LibraryFilterForm, ResourceEditForm, ResourceForm
from baraza.library.policies import Library

PAGE_SIZE = 20


@require_GET
def index(request):
    return _library_page(request, community=None)


@require_GET
def community_library(request, slug: str):
    community = community_queries.visible_community(request.user, slug)
    require(
        request.user,
        "read",
        community,
        reason=_("Only members can read the resources of this community."),
    )
    return _library_page(request, community=community)


def _library_page(request, *, community):
    form = LibraryFilterForm(
        request.GET or None,
        choices=queries.filter_choices(request.user, community=community),
    )
    filters = form.filters()
    page = Paginator(
        queries.library(request.user, filters, community=community), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "library/library.html",
        {
            "community": community,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": filters.active,
            "can_add": can(request.user, "add", Library(community)),
        },
    )


@require_GET
def detail(request, pk: int):
    resource = queries.visible_resource(request.user, pk)
    topic = resource.topic if resource.topic and can(request.user, "read", resource.topic) else None
    return render(
        request,
        "library/detail.html",
        {
            "resource": resource,
            "translations": queries.translations(request.user, resource),
            "topic": topic,
            "can_edit": can(request.user, "edit", resource),
            "can_translate": can(request.user, "add", Library(resource.community)),
        },
    )


@require_GET
def download(request, pk: int):
    """The file, checked against the policy on every request; never a public media URL."""
    resource = queries.visible_resource(request.user, pk)
    if not resource.is_file:
        raise Http404
    response = FileResponse(
        resource.file.open("rb"),
        as_attachment=True,
        filename=resource.file_name,
        content_type=resource.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def add(request, slug: str | None = None):
    community = community_queries.visible_community(request.user, slug) if slug else None
    reason = (
        _("Only members of this community can add resources to its library.")
        if community
        else _("Only the facilitators team can add resources to the global library.")
    )
    require(request.user, "add", Library(community), reason=reason)
    initial = {}
    if request.GET.get("translation_of", "").isdigit():
        initial["translation_of"] = request.GET["translation_of"]
    form = ResourceForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.add_resource(
                actor=request.user, community=community, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The resource has been added to the library."))
            return redirect("library:detail", pk=resource.pk)
    return render(request, "library/add.html", {"community": community, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    resource = queries.visible_resource(request.user, pk)
    require(request.user, "edit", resource)
    form = ResourceEditForm(
        request.POST or None, request.FILES or None, user=request.user, resource=resource
    )
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "file"}
        try:
            services.update_resource(
                actor=request.user,
                resource=resource,
                file=form.cleaned_data.get("file") or None,
                **data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("library:detail", pk=resource.pk)
    return render(
        request,
        "library/edit.html",
        {
            "resource": resource,
            "form": form,
            "translations": queries.translations(request.user, resource),
        },
    )


@login_required
@require_POST
def unlink_translations(request, pk: int):
    resource = queries.visible_resource(request.user, pk)
    services.unlink_translations(actor=request.user, resource=resource)
    messages.success(request, _("This resource is no longer linked to other versions."))
    return redirect("library:edit", pk=pk)
