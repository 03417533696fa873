"""Factories that build data through the same services the site uses."""

from __future__ import annotations

from functools import cache

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from baraza.accounts import services
from baraza.accounts.models import User, Visibility
from baraza.taxonomy.models import Country

PASSWORD = "a-long-test-passphrase-42"


@cache
def password_hash() -> str:
    # Argon2 is slow on purpose; hash the shared test password once per run.
    return make_password(PASSWORD)


class MemberFactory(factory.Factory):
    """A member who signed up and verified their email address.

    ``MemberFactory(visibility="public", groups=["facilitators"], verified=False)``
    """

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Member {n:03d}")
    country = "KE"
    language = "en"
    visibility = Visibility.MEMBERS
    verified = True
    groups: list[str] = []

    @classmethod
    def _create(cls, model_class, *, country, visibility, verified, groups, **fields):
        user = model_class(email=fields.pop("email"), password=password_hash())
        member = services.register_member(
            user=user,
            country=Country.objects.get(code=country),
            **fields,
        )
        if visibility != member.profile.visibility:
            member.profile.visibility = visibility
            member.profile.save(update_fields=["visibility"])
        EmailAddress.objects.create(
            user=member, email=member.email, verified=verified, primary=True
        )
        for name in groups:
            member.groups.add(Group.objects.get(name=name))
        return member
