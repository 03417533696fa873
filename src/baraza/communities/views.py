from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baraza.communities import policies, queries, sections, services
from baraza.communities.forms import CommunitySettingsForm, InvitationForm, JoinRequestForm
from baraza.communities.models import Membership, Status
from baraza.core.policies import can, require
from baraza.core.uploads import IMAGES, KINDS, detect_kind

EXPLORE_PAGE_SIZE = 20


@require_GET
def explore(request):
    page = Paginator(queries.explore(request.user), EXPLORE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    mine = {c.pk for c in queries.communities_of(request.user)}
    return render(request, "communities/explore.html", {"page": page, "mine": mine})


@require_GET
def detail(request, slug: str):
    community = queries.visible_community(request.user, slug)
    context = {
        "community": community,
        "membership": policies.membership(request.user, community),
        "can_read": can(request.user, "read", community),
        "can_join": can(request.user, "join", community),
        "can_request": can(request.user, "request", community),
        "can_leave": can(request.user, "leave", community),
        "can_moderate": can(request.user, "moderate", community),
        "can_manage": can(request.user, "manage", community),
        "facilitators": queries.facilitators(community),
        "member_count": community.memberships.filter(status=Status.ACTIVE).count(),
    }
    if context["can_moderate"]:
        context["pending_count"] = queries.pending_requests(community).count()
    if context["can_read"]:
        context["sections"] = sections.render_all(request, community)
    return render(request, "communities/detail.html", context)


@login_required
@require_POST
def join(request, slug: str):
    community = queries.visible_community(request.user, slug)
    services.join(user=request.user, community=community)
    messages.success(request, _("Welcome! You are now a member of %(name)s.") % {"name": community})
    return redirect("communities:detail", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def request_to_join(request, slug: str):
    community = queries.visible_community(request.user, slug)
    require(request.user, "request", community, reason=_("You can't ask to join this community."))
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_to_join(
            user=request.user, community=community, message=form.cleaned_data["message"]
        )
        messages.success(
            request,
            _("Your request has been sent. A facilitator of %(name)s will answer it.")
            % {"name": community},
        )
        return redirect("communities:detail", slug=slug)
    return render(request, "communities/request.html", {"community": community, "form": form})


@login_required
@require_POST
def leave(request, slug: str):
    community = queries.visible_community(request.user, slug)
    services.leave(user=request.user, community=community)
    messages.success(request, _("You have left %(name)s.") % {"name": community})
    return redirect("communities:explore")


@login_required
@require_http_methods(["GET", "POST"])
def requests(request, slug: str):
    community = queries.visible_community(request.user, slug)
    require(request.user, "moderate", community)
    if request.method == "POST":
        membership = get_object_or_404(
            Membership, pk=request.POST.get("membership", 0) or 0, community=community
        )
        approve = request.POST.get("decision") == "approve"
        services.decide_request(actor=request.user, membership=membership, approve=approve)
        if approve:
            message = _("%(name)s is now a member.")
        else:
            message = _("You declined the request from %(name)s.")
        messages.success(request, message % {"name": membership.user.public_name})
        return redirect("communities:requests", slug=slug)
    return render(
        request,
        "communities/requests.html",
        {"community": community, "pending": queries.pending_requests(community)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, slug: str):
    community = queries.visible_community(request.user, slug)
    require(request.user, "moderate", community)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sent = services.invite(
            actor=request.user,
            community=community,
            emails=form.cleaned_data["emails"],
            language=get_language(),
        )
        messages.success(request, _("Invitations sent: %(count)d.") % {"count": len(sent)})
        return redirect("communities:detail", slug=slug)
    return render(request, "communities/invite.html", {"community": community, "form": form})


@require_http_methods(["GET", "POST"])
def invitation(request, token: str):
    try:
        found = services.invitation_from_token(token)
    except services.InvitationError as error:
        return render(request, "communities/invitation.html", {"error": error.message}, status=410)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            community = services.accept_invitation(user=request.user, token=token)
        except services.InvitationError as error:
            return render(
                request,
                "communities/invitation.html",
                {"error": error.message, "invitation": found},
                status=403,
            )
        messages.success(
            request, _("Welcome! You are now a member of %(name)s.") % {"name": community}
        )
        return redirect("communities:detail", slug=community.slug)
    return render(request, "communities/invitation.html", {"invitation": found})


@require_GET
def members(request, slug: str):
    community = queries.visible_community(request.user, slug)
    require(request.user, "read", community, reason=_("Only members can see who belongs here."))
    page = Paginator(queries.members(community), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "communities/members.html",
        {
            "community": community,
            "page": page,
            "can_moderate": can(request.user, "moderate", community),
            "can_manage": can(request.user, "manage", community),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request, slug: str):
    community = queries.visible_community(request.user, slug)
    require(request.user, "manage", community)
    form = CommunitySettingsForm(request.POST or None, request.FILES or None, instance=community)
    if request.method == "POST" and form.is_valid():
        changed_original, changed_translation = form.changed_original(), form.changed_translation()
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        community.refresh_from_db()
        services.update_community(
            actor=request.user,
            community=community,
            changed_original=changed_original,
            changed_translation=changed_translation,
            **fields,
        )
        messages.success(request, _("The community's settings have been saved."))
        return redirect("communities:detail", slug=slug)
    return render(request, "communities/settings.html", {"community": community, "form": form})


@require_GET
def logo(request, slug: str):
    """A community's logo, served only to people who may see the community."""
    community = queries.visible_community(request.user, slug)
    if not community.logo:
        raise Http404
    try:
        handle = community.logo.open("rb")
    except OSError:
        raise Http404 from None
    kind = detect_kind(handle)
    if kind not in IMAGES:
        handle.close()
        raise Http404
    response = FileResponse(handle, content_type=KINDS[kind].content_type)
    response["Cache-Control"] = "private, max-age=86400"
    return response


@login_required
@require_POST
def remove_member(request, slug: str, pk: int):
    community = queries.visible_community(request.user, slug)
    membership = get_object_or_404(Membership, pk=pk, community=community, status=Status.ACTIVE)
    ban = request.POST.get("ban") == "1"
    services.remove_member(
        actor=request.user, membership=membership, ban=ban, reason=request.POST.get("reason", "")
    )
    if ban:
        message = _("%(name)s is banned from this community.")
    else:
        message = _("%(name)s was removed from this community.")
    messages.success(request, message % {"name": membership.user.public_name})
    return redirect("communities:members", slug=slug)


@login_required
@require_POST
def change_role(request, slug: str, pk: int):
    community = queries.visible_community(request.user, slug)
    membership = get_object_or_404(Membership, pk=pk, community=community, status=Status.ACTIVE)
    services.set_role(actor=request.user, membership=membership, role=request.POST.get("role", ""))
    messages.success(
        request,
        _("%(name)s is now %(role)s.")
        % {"name": membership.user.public_name, "role": membership.get_role_display().lower()},
    )
    return redirect("communities:members", slug=slug)
