"""Template helpers for frozen package versions (see ``baraza.learning.snapshot``)."""

from django import template

from baraza.core.policies import can
from baraza.learning.models import Kind, Package
from baraza.learning.snapshot import pick

register = template.Library()


@register.filter
def tr(text: dict | None, original: str = "en") -> str:
    """``{{ lesson.title|tr }}``: the text in the reader's language, else in the other one."""
    return pick(text, original=original)


@register.filter
def lines(text: str) -> list[str]:
    """The non-empty lines of a one-per-line text field."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register.filter
def duration(minutes: int) -> str:
    """``90`` → ``1 h 30``; ``45`` → ``45 min`` (the same in English and French)."""
    minutes = int(minutes or 0)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


@register.inclusion_tag("learning/_package_links.html", takes_context=True)
def package_links(context, package: Package) -> dict:
    """What one can do with a published package besides reading it: download it, see its
    versions and adopters, record an adoption, edit it."""
    user = context["request"].user
    return {
        "package": package,
        "is_learning": package.kind == Kind.LEARNING,
        "can_adopt": can(user, "adopt", package),
        "can_edit": can(user, "edit", package),
    }
