from django import template

register = template.Library()


@register.filter
def markdown(text: str):
    """A post's Markdown as safe HTML (sanitised: no raw HTML, scripts or unsafe links)."""
    from baraza.core.markdown import render

    return render(text or "")


@register.filter
def filesize(num_bytes: int) -> str:
    from baraza.core.uploads import human_size

    return human_size(num_bytes or 0)
