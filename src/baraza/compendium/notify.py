"""Telling the people concerned about each curation step, by email in their own language.

Service functions call ``later(event, *ids)``; once the transaction commits, a background task
loads the record again and sends one short plain-text email per recipient, rendered inside
``translation.override(recipient.language)``. Private details (scores, other reviews) never go
into an email: it says what happened and links to the page, which checks permissions.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from baraza.core import mail
from baraza.core.tasks import enqueue


def later(event, *args) -> None:
    from baraza.compendium.tasks import notify

    enqueue(notify, event.__name__, *args)


def run(name: str, *args) -> None:
    EVENTS[name](*args)


def _curators():
    return get_user_model().objects.filter(is_active=True, groups__name="curators").distinct()


def _send(users, template: str, experience, **context) -> None:
    for user in users:
        if user is None or not user.is_active or not user.email:
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            link = settings.SITE_URL.rstrip("/") + reverse(
                "compendium:follow", args=[experience.identifier]
            )
            mail.send(
                template=f"compendium/email/{template}",
                to=user.email,
                context={"experience": experience, "recipient": user, "link": link, **context},
            )


def _experience(pk: int):
    from baraza.compendium.models import Experience

    return Experience.objects.select_related("submitter").get(pk=pk)


def submitted(pk: int) -> None:
    experience = _experience(pk)
    _send(_curators(), "submitted", experience)


def changes_requested(pk: int) -> None:
    experience = _experience(pk)
    _send([experience.submitter], "changes_requested", experience)


def feedback(pk: int) -> None:
    experience = _experience(pk)
    _send([experience.submitter], "feedback", experience)


def review_assigned(review_pk: int) -> None:
    from baraza.compendium.models import Review

    review = Review.objects.select_related("experience", "reviewer").get(pk=review_pk)
    _send([review.reviewer], "review_assigned", review.experience, review=review)


def reviewer_recused(review_pk: int) -> None:
    from baraza.compendium.models import Review

    review = Review.objects.select_related("experience", "reviewer").get(pk=review_pk)
    _send(_curators(), "reviewer_recused", review.experience, review=review)


def reviews_complete(pk: int) -> None:
    experience = _experience(pk)
    _send(_curators(), "reviews_complete", experience)


def discussion_opened(pk: int) -> None:
    from baraza.compendium.models import ReviewState

    experience = _experience(pk)
    reviewers = [
        r.reviewer
        for r in experience.reviews.filter(state=ReviewState.SUBMITTED).select_related("reviewer")
    ]
    _send(reviewers, "discussion_opened", experience)


def declined(pk: int) -> None:
    experience = _experience(pk)
    _send([experience.submitter], "declined", experience)


def published(pk: int) -> None:
    experience = _experience(pk)
    _send([experience.submitter], "published", experience)


def new_version(pk: int, number: int) -> None:
    experience = _experience(pk)
    _send([experience.submitter], "new_version", experience, number=number)


def withdrawn(pk: int) -> None:
    experience = _experience(pk)
    _send([experience.submitter], "withdrawn", experience)


EVENTS = {
    fn.__name__: fn
    for fn in (
        submitted,
        changes_requested,
        feedback,
        review_assigned,
        reviewer_recused,
        reviews_complete,
        discussion_opened,
        declined,
        published,
        new_version,
        withdrawn,
    )
}
