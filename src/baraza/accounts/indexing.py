"""Members in the search index: exactly those the directory lists, found by what their profile
page shows.

A member is found while they are listed (active, not deleted, with a verified address;
``queries.listed_members`` is the one place that rule is written): by anyone if their profile
is public, by logged-in members if it is for members only. Their text is what the profile page
shows, in their preferred language; never their address, handle or gender.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from baraza.accounts import queries
from baraza.accounts.models import Profile, User, Visibility
from baraza.search import registry
from baraza.search.documents import Access, Entry, Text, path_of

KIND = "member"
CHUNK = 500


def _listed():
    return queries.listed_to_members().order_by("pk")


def _language(member: User) -> str:
    return member.language if member.language in ("en", "fr") else "en"


def _profile(member: User):
    try:
        return member.profile
    except Profile.DoesNotExist:
        return None  # a member created outside the sign-up (``createsuperuser``)


def _entry(member: User) -> Entry:
    """The entry of a listed member, loaded with ``queries._with_profile``."""
    language = _language(member)
    profile = _profile(member)
    themes = list(profile.themes.all()) if profile else []
    with translation.override(language):
        country = member.country.name if member.country else ""
        stakeholder = profile.stakeholder_type.name if profile and profile.stakeholder_type else ""
        organisation = profile.organisation if profile else ""
        lead = ", ".join(part for part in (stakeholder, organisation) if part)
        body = [
            lead,
            country,
            str(profile.get_level_display()) if profile and profile.level else "",
            profile.bio if profile else "",
            ", ".join(theme.name for theme in themes),
            ", ".join(spoken.name for spoken in profile.languages.all()) if profile else "",
        ]
        title = member.public_name
    tags = [("theme", theme.slug) for theme in themes]
    if member.country:
        tags.append(("country", member.country.code))
    public = profile is not None and profile.visibility == Visibility.PUBLIC
    return Entry(
        kind=KIND,
        object_id=str(member.pk),
        texts={
            language: Text(
                title=title,
                body="\n".join(part for part in body if part),
                summary=" · ".join(part for part in (lead, country) if part),
            )
        },
        original_language=language,
        path=path_of("accounts:member_detail", member.pk),
        date=member.date_joined,
        access=Access.PUBLIC if public else Access.SIGNED_IN,
        tags=tuple(tags),
        meta={"organisation": organisation},
    )


def entry(member: User) -> Entry | None:
    """The entry of ``member``, or None if the directory does not list them (not verified,
    deactivated, deleted)."""
    listed = _listed().filter(pk=member.pk).first()
    return None if listed is None else _entry(listed)


def entries():
    for member in _listed().iterator(chunk_size=CHUNK):
        yield _entry(member)


def register() -> None:
    registry.register(
        KIND,
        label=_("Member"),
        plural=_("Members"),
        order=60,
        entry=entry,
        entries=entries,
        count=lambda: _listed().count(),
    )
