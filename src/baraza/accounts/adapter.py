from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from baraza.accounts import services
from baraza.accounts.models import User

EMAIL_MAX_LENGTH = User._meta.get_field("email").max_length


def user_display(user) -> str:
    return user.public_name


class AccountAdapter(DefaultAccountAdapter):
    """Connects allauth's flows to Baraza's services, languages and pages."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        return services.register_member(
            user=user,
            display_name=data["display_name"],
            country=data["country"],
            language=data["language"],
        )

    def confirm_email(self, request, email_address):
        """Verifying an address lists the member in the directory, and so in search. (allauth
        calls this for the link and for the code alike.)"""
        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            services.member_changed(member=email_address.user)
        return confirmed

    def clean_email(self, email):
        email = super().clean_email(email)
        MaxLengthValidator(EMAIL_MAX_LENGTH)(email)
        return email

    def send_mail(self, template_prefix, email, context):
        """Every account email is written in the recipient's preferred language."""
        recipient = User.objects.filter(email__iexact=email).only("language").first()
        language = recipient.language if recipient else translation.get_language()
        context = {**context, "site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def get_signup_redirect_url(self, request):
        """A new member (just verified, and logged in) is asked to complete their profile."""
        messages.success(
            request,
            _("Welcome to %(site)s! Tell other members a little about yourself.")
            % {"site": settings.SITE_NAME},
        )
        return reverse("accounts:profile_edit")
