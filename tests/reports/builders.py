"""Builders for activity at known dates: members with a profile, topics and replies."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from baraza.communities.models import Membership
from baraza.discussions import services
from baraza.discussions.models import Post
from baraza.reports.queries import week_starts
from baraza.taxonomy.models import StakeholderType
from tests.factories import MemberFactory


def weeks_ago(n: int, *, day: int = 2) -> datetime:
    """Noon on a day of the week ``n`` weeks before this one (0 is Monday)."""
    monday = week_starts(n + 1)[0]
    return timezone.make_aware(datetime.combine(monday + timedelta(days=day), time(12)))


def join(community, *, country="KE", stakeholder=None, gender="", when=None, **fields):
    """A new member of ``community`` with the given profile, who joined at ``when``."""
    person = MemberFactory(country=country, **fields)
    profile = person.profile
    profile.gender = gender
    if stakeholder:
        profile.stakeholder_type = StakeholderType.objects.get(slug=stakeholder)
    profile.save()
    Membership.objects.create(
        community=community,
        user=person,
        status="active",
        role="member",
        created_at=when or weeks_ago(60),
    )
    return person


def topic(community, author, *, when, title="A question"):
    started = services.start_topic(
        author=author, community=community, title=title, body="Body.", language="en"
    )
    started.posts.update(created_at=when)
    type(started).objects.filter(pk=started.pk).update(created_at=when)
    started.refresh_from_db()
    return started


def reply(found_topic, author, *, when):
    post = services.post_reply(topic=found_topic, author=author, body="A reply.", language="en")
    Post.objects.filter(pk=post.pk).update(created_at=when)
    return post
