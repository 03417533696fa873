from __future__ import annotations

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from baraza.communities.models import Community
from baraza.core.uploads import IMAGES, check_upload

MAX_INVITATIONS = 50
# Logos appear on the community page of every visitor, many on costly data.
LOGO_MAX_BYTES = 100 * 1024


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Why would you like to join? (optional)"),
        help_text=_("A line about your work helps the facilitators say yes quickly."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InvitationForm(forms.Form):
    emails = forms.CharField(
        label=_("Email addresses"),
        help_text=_(
            "One per line, or separated by commas. People without an account can join too."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20_000,
    )

    def clean_emails(self) -> list[str]:
        raw = self.cleaned_data["emails"].replace(",", "\n").replace(";", "\n").split()
        addresses = list(dict.fromkeys(a.strip().lower() for a in raw if a.strip()))
        bad = []
        for address in addresses:
            try:
                validate_email(address)
            except forms.ValidationError:
                bad.append(address)
        if bad:
            raise forms.ValidationError(
                _("These are not valid email addresses: %(addresses)s"),
                params={"addresses": ", ".join(bad[:10])},
            )
        if not addresses:
            raise forms.ValidationError(_("Enter at least one email address."))
        if len(addresses) > MAX_INVITATIONS:
            raise forms.ValidationError(
                ngettext_lazy(
                    "You can invite at most %(limit)d person at a time.",
                    "You can invite at most %(limit)d people at a time.",
                    MAX_INVITATIONS,
                ),
                params={"limit": MAX_INVITATIONS},
            )
        return addresses


class CommunitySettingsForm(forms.ModelForm):
    required_css_class = "required"

    class Meta:
        model = Community
        fields = [
            "name_en",
            "name_fr",
            "original_language",
            "description_en",
            "description_fr",
            "rules_en",
            "rules_fr",
            "visibility",
            "join_policy",
            "premoderation",
            "logo",
        ]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "description_fr": forms.Textarea(attrs={"rows": 5}),
            "rules_en": forms.Textarea(attrs={"rows": 4}),
            "rules_fr": forms.Textarea(attrs={"rows": 4}),
            "visibility": forms.RadioSelect,
            "join_policy": forms.RadioSelect,
        }
        labels = {
            "name_en": _("Name in English"),
            "name_fr": _("Name in French"),
            "description_en": _("Description in English"),
            "description_fr": _("Description in French"),
            "rules_en": _("Rules in English"),
            "rules_fr": _("Rules in French"),
        }

    def clean_logo(self):
        """A small picture, checked by its content like every upload."""
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            check_upload(logo, allowed=IMAGES, max_bytes=LOGO_MAX_BYTES)
        return logo

    def changed_original(self) -> bool:
        """Whether the text in the original language changed (the translation is then stale)."""
        language = self.cleaned_data.get("original_language") or "en"
        return any(
            f"{field}_{language}" in self.changed_data for field in ("name", "description", "rules")
        )

    def changed_translation(self) -> bool:
        language = self.cleaned_data.get("original_language") or "en"
        other = "fr" if language == "en" else "en"
        return any(
            f"{field}_{other}" in self.changed_data for field in ("name", "description", "rules")
        )
