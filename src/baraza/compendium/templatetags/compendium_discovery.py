"""Tags for discovery: schema.org JSON-LD blocks and Open Graph tags.

{% load compendium_discovery %}
{% jsonld version|schema_record %}      a published record's version (nothing otherwise)
{% jsonld edition|schema_edition %}     an edition landing page
{% opengraph title description %}       og:* tags for the current page (type "website")
{% opengraph title description "article" %}
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from baraza.compendium import jsonld as schema

register = template.Library()


@register.simple_tag
def jsonld(data):
    """``<script type="application/ld+json">`` with ``data``; empty when there is none.
    ``schema.dumps`` escapes ``<``, ``>`` and ``&``, so no text can close the block."""
    if not data:
        return ""
    block = f'<script type="application/ld+json">{schema.dumps(data)}</script>'
    return mark_safe(block)  # noqa: S308 -- dumps escapes every character that could end it


@register.filter
def schema_record(version):
    return schema.record(version) if version is not None else None


@register.filter
def schema_edition(edition):
    return schema.edition(edition) if edition is not None else None


@register.simple_tag(takes_context=True)
def opengraph(context, title, description="", kind="website"):
    request = context.get("request")
    tags = schema.open_graph(
        title=title, description=description, path=request.path if request else "/", kind=kind
    )
    html = format_html_join("\n", '<meta property="{}" content="{}">', tags)
    return format_html("{}\n", html)
