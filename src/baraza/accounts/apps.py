from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def _remember_login_language(sender, request, user, **kwargs):
    """After logging in, the member sees the site in their preferred language.

    The middleware (``MemberPreferencesMiddleware``) sets the language cookie and sends the
    login redirect to the same page in that language. This sets request-scoped state only.
    """
    if request is not None and user.language:
        request.baraza_login_language = user.language
        # Messages and links produced during the rest of this request speak it too.
        translation.activate(user.language)


class AccountsConfig(AppConfig):
    name = "baraza.accounts"
    label = "accounts"
    verbose_name = _("Members")

    def ready(self):
        from baraza.accounts import (
            indexing,
            services,  # noqa: F401  (registers personal-data sections)
        )
        from baraza.core import navigation

        user_logged_in.connect(_remember_login_language, dispatch_uid="baraza.login_language")
        navigation.register("accounts:directory", _("Members"), order=80)
        indexing.register()
