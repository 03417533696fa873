from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from baraza.discussions.models import FlagReason
from baraza.discussions.services import MAX_ATTACHMENTS
from baraza.taxonomy import queries as taxonomy

BODY_MAX = 20_000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by content in the service."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("You can attach at most %(count)d files."), params={"count": MAX_ATTACHMENTS}
            )
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def _body_field(label):
    return forms.CharField(
        label=label,
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "You can use Markdown: **bold**, *italic*, lists, > quotes, [links](https://…). "
            "Mention someone with @ and their handle."
        ),
    )


def _language_field():
    return forms.ChoiceField(label=_("Written in"), choices=settings.LANGUAGES)


def _attachments_field():
    return MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, images or office documents, up to %(mb)s MB each.")
        % {"mb": settings.BARAZA_MAX_UPLOAD_MB},
    )


class TopicForm(forms.Form):
    required_css_class = "required"

    title = forms.CharField(label=_("Title"), max_length=200)
    body = _body_field(_("Message"))
    language = _language_field()
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=taxonomy.themes(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    files = _attachments_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = (get_language() or "en")[:2]
        # The fields above are lazy; the help text with the limit is built per request.
        self.fields["files"].help_text = _attachments_field().help_text

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Please give the topic a title."))
        return title


class ReplyForm(forms.Form):
    body = _body_field(_("Your reply"))
    language = _language_field()
    files = _attachments_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = (get_language() or "en")[:2]


class EditPostForm(forms.Form):
    body = _body_field(_("Message"))


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this post?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anything the facilitators should know? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CloseTopicForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What did the discussion conclude? The summary is shown at the top of the topic."
        ),
    )
