from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baraza.communities import queries as community_queries
from baraza.core.policies import can, require
from baraza.events import ical, queries, services
from baraza.events.forms import EventForm, FollowUpForm, RSVPForm

PAGE_SIZE = 20
FEED_MAX_AGE = 15 * 60
ICALENDAR = "text/calendar; charset=utf-8"


def _page(request, events):
    return Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))


@require_GET
def index(request):
    """Coming events in every community the viewer may read."""
    page = _page(request, queries.upcoming(request.user))
    return render(request, "events/index.html", {"page": page, "showing_past": False})


@require_GET
def past(request):
    page = _page(request, queries.past(request.user))
    return render(request, "events/index.html", {"page": page, "showing_past": True})


def _readable_community(request, slug: str):
    community = community_queries.visible_community(request.user, slug)
    require(
        request.user,
        "read",
        community,
        reason=_("Only members of this community can see its events."),
    )
    return community


@require_GET
def community_events(request, slug: str):
    community = _readable_community(request, slug)
    context = {
        "community": community,
        "upcoming": queries.upcoming_in(community, viewer=request.user),
        "page": _page(request, queries.past_in(community, viewer=request.user)),
        "can_manage": can(request.user, "moderate", community),
        "feed_url": _feed_url(request.user, community),
        "feed_is_personal": not can(AnonymousUser(), "read", community),
    }
    return render(request, "events/community.html", context)


def _feed_url(user, community) -> str | None:
    """The address calendar apps subscribe to: public, or personal for closed communities."""
    if can(AnonymousUser(), "read", community):
        path = reverse("calendars:community", args=[community.slug])
    elif user.is_authenticated:
        path = reverse(
            "calendars:member", args=[services.feed_token(user=user, community=community)]
        )
    else:
        return None
    return settings.SITE_URL + path


@login_required
@require_POST
def new_feed_address(request, slug: str):
    community = _readable_community(request, slug)
    services.reset_calendar_key(user=request.user)
    messages.success(
        request,
        _("Your calendar addresses have been renewed. The old ones no longer work."),
    )
    return redirect("events:community", slug=community.slug)


@require_GET
def detail(request, pk: int):
    event = queries.readable_event(request.user, pk)
    return _render_detail(request, event)


def _render_detail(request, event, rsvp_form=None, status=200):
    answer = queries.answer_of(request.user, event)
    can_rsvp = can(request.user, "rsvp", event)
    if can_rsvp and rsvp_form is None:
        rsvp_form = RSVPForm(initial={"answer": answer})
    context = {
        "event": event,
        "counts": queries.rsvp_counts(event),
        "answer": answer,
        "can_rsvp": can_rsvp,
        "can_manage": can(request.user, "manage", event),
        "rsvp_form": rsvp_form,
    }
    return render(request, "events/detail.html", context, status=status)


@login_required
@require_POST
def rsvp(request, pk: int):
    event = queries.readable_event(request.user, pk)
    form = RSVPForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, event, rsvp_form=form, status=400)
    services.rsvp(user=request.user, event=event, answer=form.cleaned_data["answer"])
    messages.success(request, _("Thank you: your answer has been saved."))
    return redirect("events:detail", pk=event.pk)


@require_GET
def download(request, pk: int):
    """One event as an .ics file, to open in any calendar app."""
    event = queries.readable_event(request.user, pk)
    response = HttpResponse(ical.calendar([event]), content_type=ICALENDAR)
    filename = slugify(event.title)[:60] or "event"
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def create(request, slug: str):
    community = community_queries.visible_community(request.user, slug)
    require(
        request.user,
        "moderate",
        community,
        reason=_("Only the facilitators of this community can plan its events."),
    )
    form = EventForm(request.POST or None, initial={"language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        event = services.create_event(
            actor=request.user,
            community=community,
            time_zone=timezone.get_current_timezone_name(),
            **form.cleaned_data,
        )
        messages.success(request, _("The event has been published."))
        return redirect("events:detail", pk=event.pk)
    return render(request, "events/form.html", {"community": community, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    event = queries.readable_event(request.user, pk)
    require(request.user, "manage", event)
    initial = {name: getattr(event, name) for name in services.EDITABLE}
    form = EventForm(request.POST or None, initial=initial, afterwards=True)
    if request.method == "POST" and form.is_valid():
        services.update_event(
            actor=request.user,
            event=event,
            time_zone=timezone.get_current_timezone_name(),
            **form.cleaned_data,
        )
        messages.success(request, _("The event has been saved."))
        return redirect("events:detail", pk=event.pk)
    context = {"community": event.community, "event": event, "form": form}
    return render(request, "events/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request, pk: int):
    event = queries.readable_event(request.user, pk)
    require(request.user, "manage", event)
    if event.follow_up_id is not None:
        return redirect("events:detail", pk=event.pk)
    with translation.override(event.language):
        # The discussion opens in the event's own language.
        initial = {
            "title": _("After the event: %(title)s") % {"title": event.title},
            "body": _(
                "Thank you to everyone who took part in “%(title)s”. Let's continue the "
                "conversation here: what will you take back to your work?"
            )
            % {"title": event.title},
        }
    form = FollowUpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.open_follow_up(actor=request.user, event=event, **form.cleaned_data)
        messages.success(request, _("The follow-up discussion is open."))
        return redirect("events:detail", pk=event.pk)
    return render(request, "events/follow_up.html", {"event": event, "form": form})


# --- Calendar feeds (outside the language prefix: calendar apps can't log in) -----------------


def _feed_response(events, name: str, *, private: bool) -> HttpResponse:
    response = HttpResponse(
        ical.calendar(events, name=name), content_type="text/calendar; charset=utf-8"
    )
    patch_cache_control(response, private=private, public=not private, max_age=FEED_MAX_AGE)
    return response


@require_GET
def community_feed(request, slug: str):
    """A public community's events, for anyone's calendar app."""
    anyone = AnonymousUser()
    community = community_queries.visible_community(anyone, slug)
    if not can(anyone, "read", community):
        raise Http404
    return _feed_response(queries.feed_events(community), community.name, private=False)


@require_GET
def member_feed(request, token: str):
    """A closed community's events for one member, checked again on every fetch."""
    found = queries.feed_reader(token)
    if found is None:
        raise Http404
    member, community = found
    if not can(member, "read", community):
        raise Http404
    with translation.override(member.language):
        return _feed_response(queries.feed_events(community), community.name, private=True)


def community_section(request, community):
    """The "Coming events" section of a community's home page (for people who may read it)."""
    context = {
        "events": queries.upcoming_in(community, viewer=request.user)[:3],
        "can_manage": can(request.user, "moderate", community),
    }
    return "events/community_section.html", context
