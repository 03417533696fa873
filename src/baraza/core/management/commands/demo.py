"""Set up and run the demo: database, demo content, logins, then serve."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from baraza.core.management.commands.serve import port_number


class Command(BaseCommand):
    help = (
        "Create the database, load bilingual demo content (safe to re-run), print the demo "
        "logins and serve the site on http://127.0.0.1:8000 with gunicorn."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Set up only; don't serve.")
        parser.add_argument("--port", type=port_number, default=8000, help="Port (8000).")
        parser.add_argument("--host", default="127.0.0.1", help="Address to bind (127.0.0.1).")

    def handle(self, *args, no_serve, port, host, **options):
        self.stdout.write(f"Data folder: {settings.DATA_DIR}")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database ready.")
        call_command("collectstatic", interactive=False, verbosity=0)
        logins = []
        for config in apps.get_app_configs():
            if not config.name.startswith("baraza."):
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            logins.extend(module.load(stdout=self.stdout) or [])
        self.stdout.write("Demo content loaded.\n")
        self.stdout.write(self.style.SUCCESS("Demo logins (the same password for all):"))
        width = max((len(role) for role, _email, _pw in logins), default=0)
        for role, email, password in logins:
            self.stdout.write(f"  {role.ljust(width)}  {email}  /  {password}")
        self.stdout.write(f"\nOutgoing email is written to {settings.EMAIL_FILE_PATH}")
        if no_serve:
            self.stdout.write(f"Start the site with: baraza serve --port {port}")
            return
        call_command("serve", host=host, port=port)
