from django.apps import AppConfig
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _


class CompendiumConfig(AppConfig):
    name = "baraza.compendium"
    label = "compendium"
    verbose_name = _("Community Engagement Compendium")

    def ready(self):
        from baraza.compendium import (
            indexing,
            policies,  # noqa: F401  (registers the rules)
        )
        from baraza.core import navigation
        from baraza.mail import digests

        navigation.register("compendium:index", _("Compendium"), order=25)
        indexing.register()
        digests.register_section(
            "experience",
            order=15,
            collect=_digest_items,
            heading=_("New in the compendium"),
            count=_experience_count,
            more="compendium:index",
        )


def _digest_items(since, until):
    """Experiences published for the first time in the window, for every member's digest."""
    from baraza.compendium.models import Experience, Status
    from baraza.core.markdown import excerpt
    from baraza.mail.digests import DigestItem

    def in_reader_language(experience, field, limit=None):
        # Each member's digest is rendered in their language: resolve the text only then.
        def text():
            value = experience.text(field)
            return excerpt(value, limit) if limit else f"{experience.identifier} {value}"

        return lazy(text, str)()

    published = Experience.objects.filter(
        status=Status.PUBLISHED, published_at__gt=since, published_at__lte=until
    ).order_by("published_at", "pk")
    return [
        DigestItem(
            pk=experience.pk,
            title=in_reader_language(experience, "title"),
            created_at=experience.published_at,
            community=None,
            link=("compendium:detail", (experience.identifier,)),
            author_id=experience.submitter_id,
            details=(experience.get_label_display(),) if experience.label else (),
            text=in_reader_language(experience, "summary", 200),
        )
        for experience in published
    ]


def _experience_count(n: int) -> str:
    from django.utils.translation import ngettext

    return ngettext("%(count)d experience", "%(count)d experiences", n) % {"count": n}
