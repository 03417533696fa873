"""Facilitators' pages: the review queue and the actions on topics and posts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baraza.communities import queries as community_queries
from baraza.communities.models import Community
from baraza.core.policies import require
from baraza.discussions import queries, services
from baraza.discussions.forms import CloseTopicForm

TOPIC_MESSAGES = {
    "lock": _("The topic is locked: no new replies."),
    "open": _("The topic is open again."),
    "pin": _("The topic is pinned to the top."),
    "unpin": _("The topic is no longer pinned."),
    "hide": _("The topic is hidden from members."),
    "unhide": _("The topic is visible again."),
    "move": _("The topic has been moved."),
}
POST_MESSAGES = {
    "hide": _("The post is hidden."),
    "unhide": _("The post is visible again."),
    "approve": _("The post is approved and published."),
    "reject": _("The post was not approved."),
    "dismiss": _("The flags on this post were dismissed."),
}


@login_required
@require_GET
def queue(request, slug: str):
    community = community_queries.visible_community(request.user, slug)
    require(request.user, "moderate", community)
    return render(
        request,
        "discussions/queue.html",
        {
            "community": community,
            "flags": queries.open_flags(community),
            "pending": queries.pending_posts(community),
        },
    )


@login_required
@require_POST
def moderate_topic(request, pk: int):
    topic = queries.readable_topic(request.user, pk)
    action = request.POST.get("action", "")
    target = None
    if action == "move":
        target = Community.objects.filter(slug=request.POST.get("community", "")).first()
    services.moderate_topic(actor=request.user, topic=topic, action=action, community=target)
    messages.success(request, str(TOPIC_MESSAGES.get(action, "")))
    return redirect("discussions:topic", pk=topic.pk)


@login_required
@require_http_methods(["GET", "POST"])
def close_topic(request, pk: int):
    topic = queries.readable_topic(request.user, pk)
    require(request.user, "close", topic)
    form = CloseTopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.close_topic(actor=request.user, topic=topic, summary=form.cleaned_data["summary"])
        messages.success(request, _("The topic is closed and its summary is published."))
        return redirect("discussions:topic", pk=topic.pk)
    return render(request, "discussions/close.html", {"topic": topic, "form": form})


@login_required
@require_POST
def moderate_post(request, pk: int):
    post = queries.readable_post(request.user, pk)
    action = request.POST.get("action", "")
    if action == "dismiss":
        services.dismiss_flags(actor=request.user, post=post)
    else:
        services.moderate_post(
            actor=request.user, post=post, action=action, reason=request.POST.get("reason", "")
        )
    messages.success(request, str(POST_MESSAGES.get(action, "")))
    back = request.POST.get("back")
    if back == "queue":
        return redirect("discussions:queue", slug=post.topic.community.slug)
    return redirect("discussions:post", pk=post.topic_id, number=post.number)


@login_required
@require_GET
def log(request, slug: str):
    from baraza.core import audit

    community = community_queries.visible_community(request.user, slug)
    require(request.user, "moderate", community)
    return render(
        request,
        "discussions/log.html",
        {"community": community, "entries": audit.entries_in(community)[:200]},
    )
