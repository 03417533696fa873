"""``baraza api_token create EMAIL --name NAME`` and ``baraza api_token revoke ID``."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from baraza.api import tokens
from baraza.api.models import ApiToken
from baraza.core.policies import Refused


class Command(BaseCommand):
    help = "Create or revoke a curator's API token (the key is printed once)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token for a curator.")
        create.add_argument("email")
        create.add_argument("--name", required=True)
        revoke = sub.add_parser("revoke", help="Revoke a token by its id.")
        revoke.add_argument("id", type=int)

    def handle(self, *args, action, **options):
        if action == "create":
            user = get_user_model().objects.filter(email__iexact=options["email"]).first()
            if user is None:
                raise CommandError(f"No account has the address {options['email']}.")
            try:
                token, key = tokens.create(user=user, name=options["name"])
            except Refused as exc:
                raise CommandError(str(exc.reason)) from None
            self.stdout.write(f"Token {token.pk} “{token.name}” for {user.email}:\n{key}\n")
            self.stdout.write("Keep it: it is not shown again.\n")
            return
        token = ApiToken.objects.select_related("user").filter(pk=options["id"]).first()
        if token is None:
            raise CommandError(f"There is no token {options['id']}.")
        tokens.revoke(token=token, actor=token.user)
        self.stdout.write(f"Token {token.pk} revoked.\n")
