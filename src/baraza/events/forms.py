from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baraza.events import validators
from baraza.events.models import Answer


class WebAddressField(forms.URLField):
    """A web link (http or https only), with one clear message when it is not one."""

    default_validators = [validators.web_address]
    default_error_messages = {"invalid": validators.WEB_ADDRESS_MESSAGE}

    def __init__(self, **kwargs):
        super().__init__(assume_scheme="https", max_length=500, required=False, **kwargs)


class TimeInput(forms.DateTimeInput):
    """The browser's own date and time picker; no JavaScript needed."""

    input_type = "datetime-local"

    def __init__(self):
        super().__init__(format="%Y-%m-%dT%H:%M")


class EventForm(forms.Form):
    """Plan or change an event. Times are read in the organiser's (the active) time zone."""

    required_css_class = "required"

    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.ChoiceField(
        label=_("Written in"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        help_text=_("The language of the title and description."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    starts_at = forms.DateTimeField(label=_("Starts"), widget=TimeInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=TimeInput())
    online_url = WebAddressField(
        label=_("Online link"), help_text=_("Where people join the webinar or video call.")
    )
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=300,
        help_text=_("The venue and town, if people also meet in person."),
    )
    recording_url = WebAddressField(label=_("Link to the recording"))
    slides_url = WebAddressField(label=_("Link to the slides"))

    def __init__(self, *args, afterwards: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        zone = timezone.get_current_timezone_name()
        for name in ("starts_at", "ends_at"):
            self.fields[name].help_text = _(
                "Date and time in your time zone, %(zone)s (you can change it in your profile)."
            ) % {"zone": zone}
        if not afterwards:
            # The recording and slides come after the event; they are added by editing it.
            del self.fields["recording_url"], self.fields["slides_url"]

    def clean(self):
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at:
            try:
                validators.validate_span(starts_at, ends_at)
            except ValidationError as error:
                for field, messages in error.error_dict.items():
                    self.add_error(field, messages)
        if not data.get("online_url") and not data.get("place") and "online_url" not in self.errors:
            self.add_error("online_url", _("Give an online link, a place, or both."))
        return data


class RSVPForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Will you come?"), choices=Answer.choices, widget=forms.RadioSelect
    )


class FollowUpForm(forms.Form):
    required_css_class = "required"

    title = forms.CharField(label=_("Title of the discussion"), max_length=200)
    body = forms.CharField(
        label=_("Opening message"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Thank the speakers, share the links, and ask a first question."),
    )
