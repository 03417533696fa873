from __future__ import annotations

import zoneinfo

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from baraza.accounts import queries
from baraza.accounts.models import Level, User, Visibility
from baraza.taxonomy import queries as taxonomy
from baraza.taxonomy.fields import (
    AlphabeticalChoiceField,
    AlphabeticalMultipleChoiceField,
    country_filter,
    language_filter,
    theme_filter,
)

DISPLAY_NAME_MAX = User._meta.get_field("display_name").max_length


def _interface_language_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        help_text=_("The language of the site and of your emails."),
    )


def _clean_display_name(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise forms.ValidationError(_("Please enter the name other members will see."))
    return value


class SignupDetailsForm(forms.Form):
    """The fields Baraza adds to allauth's sign-up form (email and password come from allauth).

    Sign-up asks for the minimum; everything else lives in the profile, filled in afterwards.
    """

    required_css_class = "required"

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=DISPLAY_NAME_MAX,
        help_text=_("How other members see you, e.g. your first and last name."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    country = AlphabeticalChoiceField(
        label=_("Country"),
        queryset=taxonomy.countries(),
        to_field_name="code",
        empty_label=_("Choose your country"),
        help_text=_("Where you work. If you work across several, choose the main one."),
    )
    language = _interface_language_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = (get_language() or "en")[:2]

    def clean_display_name(self):
        return _clean_display_name(self.cleaned_data["display_name"])

    def signup(self, request, user):
        """Nothing left to do: the adapter saves these fields with the new account."""


def _timezone_choices() -> list[tuple[str, str]]:
    names = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
    return [(name, name.replace("_", " ")) for name in names]


class ProfileForm(forms.Form):
    required_css_class = "required"

    display_name = forms.CharField(label=_("Display name"), max_length=DISPLAY_NAME_MAX)
    country = AlphabeticalChoiceField(
        label=_("Country"), queryset=taxonomy.countries(), to_field_name="code"
    )
    language = _interface_language_field()
    timezone_name = forms.ChoiceField(
        label=_("Time zone"),
        help_text=_("Event times and dates are shown in this time zone."),
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    stakeholder_type = forms.ModelChoiceField(
        label=_("I am mainly a…"),
        queryset=taxonomy.stakeholder_types(),
        to_field_name="slug",
        required=False,
        empty_label=_("Choose one"),
    )
    level = forms.ChoiceField(
        label=_("Level I work at"),
        choices=[("", _("Choose one")), *Level.choices],
        required=False,
    )
    languages = AlphabeticalMultipleChoiceField(
        label=_("Languages I speak"),
        queryset=taxonomy.languages(),
        to_field_name="code",
        required=False,
        help_text=_("On a computer, hold Ctrl (or Cmd) to choose several."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes of interest"),
        queryset=taxonomy.themes(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    bio = forms.CharField(
        label=_("Short bio"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few lines about your work. At most 1,000 characters."),
    )
    gender = forms.CharField(
        label=_("Gender (optional, private)"),
        max_length=100,
        required=False,
        help_text=_(
            "In your own words. Never shown to anyone; only used, counted together with "
            "others, to check that all genders are heard."
        ),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see my profile"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, member: User, **kwargs):
        profile = member.profile
        initial = {
            "display_name": member.display_name,
            "country": member.country.code if member.country else None,
            "language": member.language,
            "timezone_name": member.timezone,
            "organisation": profile.organisation,
            "stakeholder_type": profile.stakeholder_type.slug if profile.stakeholder_type else None,
            "level": profile.level,
            "languages": [lang.code for lang in profile.languages.all()],
            "themes": [theme.slug for theme in profile.themes.all()],
            "bio": profile.bio,
            "gender": profile.gender,
            "visibility": profile.visibility,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["timezone_name"].choices = _timezone_choices()

    def clean_display_name(self):
        return _clean_display_name(self.cleaned_data["display_name"])


class DirectoryFilterForm(forms.Form):
    """The member directory's filters; invalid values are ignored, never an error page."""

    q = forms.CharField(label=_("Name or organisation"), max_length=100, required=False)
    country = country_filter()
    stakeholder_type = forms.ModelChoiceField(
        label=_("Stakeholder type"),
        queryset=taxonomy.stakeholder_types(),
        to_field_name="slug",
        required=False,
        empty_label=_("All types"),
    )
    theme = theme_filter()
    language = language_filter(_("Language spoken"))

    def filters(self) -> queries.DirectoryFilters:
        """The valid filters; a field with a bad value is shown with its error and ignored."""
        if not self.is_bound:
            return queries.DirectoryFilters()
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value}
        return queries.DirectoryFilters(
            q=data.get("q", ""),
            country=data["country"].code if "country" in data else "",
            stakeholder_type=data["stakeholder_type"].slug if "stakeholder_type" in data else "",
            theme=data["theme"].slug if "theme" in data else "",
            language=data["language"].code if "language" in data else "",
        )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, member: User, **kwargs):
        self.member = member
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.member.check_password(password):
            raise forms.ValidationError(_("That is not your current password."))
        return password
