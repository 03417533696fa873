from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from baraza.discussions.models import Delivery

DEFAULT = ""
STOP = "stop"


class SettingsForm(forms.Form):
    topic_delivery = forms.ChoiceField(
        label=_("Topics I follow or take part in"), choices=Delivery.choices
    )
    community_delivery = forms.ChoiceField(
        label=_("Communities I belong to"),
        choices=Delivery.choices,
        help_text=_("New topics and replies in your communities, unless you choose otherwise."),
    )
    mentions = forms.BooleanField(
        label=_("Email me at once when someone mentions me"), required=False
    )
    paused = forms.BooleanField(
        label=_("Pause all notification email"),
        required=False,
        help_text=_("Account emails, such as password resets, still arrive."),
    )


def follow_choices(default_label: str) -> list[tuple[str, str]]:
    """The choices for one followed community, topic or theme."""
    return [
        (DEFAULT, default_label),
        *Delivery.choices,
        (STOP, _("Stop following")),
    ]
