from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def other_languages(context):
    """The page's address in each other interface language, for the switch and hreflang."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    return [
        {"code": code, "name": _native_name(code), "url": _translated(path, current, code)}
        for code, _name in settings.LANGUAGES
        if code != current
    ]


def _translated(path: str, current: str, code: str) -> str:
    url = translate_url(path, code)
    if url == path and path.startswith(f"/{current}/"):
        # An address that resolves to no page (a 404) still gets its language prefix swapped.
        url = f"/{code}/" + path[len(current) + 2 :]
    return url


def _native_name(code: str) -> str:
    # Each language is offered in its own name, so a reader finds theirs whatever the page.
    return {"en": "English", "fr": "Français"}.get(code, code)
