from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baraza.communities import queries as community_queries
from baraza.core.policies import Refused, can, require
from baraza.core.uploads import IMAGES
from baraza.discussions import queries, services
from baraza.discussions.forms import EditPostForm, FlagForm, ReplyForm, TopicForm
from baraza.discussions.models import Delivery
from baraza.taxonomy.models import Theme

TOPICS_PER_PAGE = 30


def _topic_url(topic, page: int = 1, number: int | None = None) -> str:
    url = reverse("discussions:topic", args=[topic.pk])
    if page > 1:
        url += f"?page={page}"
    if number:
        url += f"#p{number}"
    return url


def _upload_error(form, error: ValidationError) -> None:
    form.add_error("files", error)


@require_GET
def topic_list(request, slug: str):
    community = community_queries.visible_community(request.user, slug)
    require(
        request.user,
        "read",
        community,
        reason=_("Only members can read the discussions of this community."),
    )
    page = Paginator(queries.topics_in(community, viewer=request.user), TOPICS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "discussions/topic_list.html",
        {"community": community, "page": page, "can_post": can(request.user, "post", community)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def topic_new(request, slug: str):
    community = community_queries.visible_community(request.user, slug)
    reason = _("Only members of this community can start a topic. Join it first.")
    require(request.user, "post", community, reason=reason)
    form = TopicForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            topic = services.start_topic(
                author=request.user,
                community=community,
                title=data["title"],
                body=data["body"],
                language=data["language"],
                themes=data["themes"],
                files=data["files"],
            )
        except ValidationError as error:
            _upload_error(form, error)
        else:
            first = topic.posts.get(number=1)
            if first.status == "pending":
                messages.info(
                    request, _("Thank you! A facilitator will approve your post shortly.")
                )
            return redirect(_topic_url(topic))
    return render(request, "discussions/topic_new.html", {"community": community, "form": form})


@require_GET
def topic_detail(request, pk: int):
    topic = queries.readable_topic(request.user, pk)
    paginator = Paginator(queries.posts_of(topic, viewer=request.user), queries.POSTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    posts = list(page.object_list)
    last_read = 0
    if request.user.is_authenticated and posts:
        visit = topic.visits.filter(user=request.user).first()
        last_read = visit.last_read if visit else 0
        services.mark_read(user=request.user, topic=topic, up_to=posts[-1].number)
    quote = request.GET.get("quote", "")
    initial = {}
    if quote.isdigit():
        quoted = next((p for p in posts if p.number == int(quote)), None) or (
            queries.posts_of(topic, viewer=request.user).filter(number=int(quote)).first()
        )
        if quoted is not None:
            lines = "\n".join(f"> {line}" for line in quoted.body.splitlines())
            initial["body"] = (
                f"> **{quoted.author.public_name if quoted.author else ''}**:\n{lines}\n\n"
            )
    context = {
        "topic": topic,
        "community": topic.community,
        "page": page,
        "posts": posts,
        "last_read": last_read,
        "can_reply": can(request.user, "reply", topic),
        "can_moderate": can(request.user, "moderate", topic),
        "following": queries.follow_of(request.user, topic=topic),
        "deliveries": Delivery.choices,
        "form": ReplyForm(initial=initial),
    }
    return render(request, "discussions/topic_detail.html", context)


@require_GET
def post_permalink(request, pk: int, number: int):
    topic = queries.readable_topic(request.user, pk)
    post = queries.posts_of(topic, viewer=request.user).filter(number=number).first()
    if post is None:
        raise Http404
    page = queries.page_of_post(topic, number, viewer=request.user)
    return redirect(_topic_url(topic, page, number))


@login_required
@require_POST
def reply(request, pk: int):
    topic = queries.readable_topic(request.user, pk)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            post = services.post_reply(
                topic=topic,
                author=request.user,
                body=data["body"],
                language=data["language"],
                files=data["files"],
            )
        except ValidationError as error:
            _upload_error(form, error)
        else:
            if post.status == "pending":
                messages.info(
                    request, _("Thank you! A facilitator will approve your post shortly.")
                )
            page = queries.page_of_post(topic, post.number, viewer=request.user)
            return redirect(_topic_url(topic, page, post.number))
    if not can(request.user, "reply", topic):
        raise Refused(_("This topic is closed to new replies."))
    return render(
        request,
        "discussions/reply.html",
        {"topic": topic, "community": topic.community, "form": form},
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk: int):
    post = queries.readable_post(request.user, pk)
    require(request.user, "edit", post)
    form = EditPostForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        services.edit_post(actor=request.user, post=post, body=form.cleaned_data["body"])
        messages.success(request, _("Your changes have been saved."))
        return redirect("discussions:post", pk=post.topic_id, number=post.number)
    return render(request, "discussions/post_edit.html", {"post": post, "form": form})


@require_GET
def post_history(request, pk: int):
    post = queries.readable_post(request.user, pk)
    return render(
        request,
        "discussions/post_history.html",
        {"post": post, "revisions": post.revisions.select_related("edited_by")},
    )


@require_GET
def attachment(request, pk: int, name: str):
    found = queries.readable_attachment(request.user, pk)
    if name != found.name:
        raise Http404
    try:
        handle = found.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle,
        # Pictures open in the browser; documents are downloaded, never rendered by it.
        as_attachment=found.kind not in IMAGES,
        filename=found.name,
        content_type=found.content_type or mimetypes.guess_type(found.name)[0],
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_POST
def follow_topic(request, pk: int):
    topic = queries.readable_topic(request.user, pk)
    if request.POST.get("follow") == "0":
        services.unfollow(user=request.user, topic=topic)
        messages.success(request, _("You no longer follow this topic."))
    elif "delivery" in request.POST:
        services.follow(user=request.user, topic=topic, delivery=_delivery(request))
        messages.success(request, _("Your email choice for this topic has been saved."))
    else:
        services.follow(user=request.user, topic=topic)
        messages.success(request, _("You now follow this topic."))
    return redirect(_topic_url(topic))


def _delivery(request) -> str:
    """The email choice posted with a follow form ("" is the member's own default); the
    service refuses anything else."""
    return request.POST.get("delivery", "")


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    if request.method == "POST":
        services.mark_notifications_read(user=request.user)
        return redirect("discussions:notifications")
    groups = queries.grouped_notifications(request.user)
    return render(request, "discussions/notifications.html", {"groups": groups})


@login_required
@require_http_methods(["GET", "POST"])
def flag(request, pk: int):
    post = queries.readable_post(request.user, pk)
    require(request.user, "flag", post, reason=_("Only members of this community can flag posts."))
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.flag_post(reporter=request.user, post=post, **form.cleaned_data)
        messages.success(request, _("Thank you. The facilitators will look at this post soon."))
        return redirect("discussions:post", pk=post.topic_id, number=post.number)
    return render(request, "discussions/flag.html", {"post": post, "form": form})


def _toggle_follow(request, **target) -> None:
    if request.POST.get("follow") == "0":
        services.unfollow(user=request.user, **target)
        messages.success(request, _("You no longer follow this."))
    elif "delivery" in request.POST:
        services.follow(user=request.user, delivery=_delivery(request), **target)
        messages.success(request, _("Your email choice has been saved."))
    else:
        services.follow(user=request.user, **target)
        messages.success(request, _("You will be notified of new topics here."))


@login_required
@require_POST
def follow_community(request, slug: str):
    community = community_queries.visible_community(request.user, slug)
    _toggle_follow(request, community=community)
    return redirect("communities:detail", slug=slug)


@require_GET
def theme_detail(request, slug: str):
    theme = get_object_or_404(Theme, slug=slug)
    page = Paginator(
        queries.topics_with_theme(theme, viewer=request.user), TOPICS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "discussions/theme.html",
        {
            "theme": theme,
            "page": page,
            "following": queries.follow_of(request.user, theme=theme),
            "deliveries": Delivery.choices,
        },
    )


@login_required
@require_POST
def follow_theme(request, slug: str):
    theme = get_object_or_404(Theme, slug=slug)
    _toggle_follow(request, theme=theme)
    return redirect("discussions:theme", slug=slug)
