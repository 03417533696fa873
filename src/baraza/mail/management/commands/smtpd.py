"""``baraza smtpd --host 127.0.0.1 --port 2525``: receive email over SMTP.

Put it behind the site's MX (or let the mail server relay the mail domain to it). It accepts
mail only for addresses on ``BARAZA_MAIL_DOMAIN`` and messages up to ``BARAZA_MAIL_MAX_MB``;
each message is handled by ``baraza.mail.inbound.receive`` in a worker thread (the database is
never used from the event loop), and answered 250 once handled, posted or not; 451 (try again
later) if the database failed.
"""

from __future__ import annotations

import asyncio
import signal
import threading

from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connections

from baraza.core.management.commands.serve import port_number


def _receive(raw: bytes, recipients: list[str]) -> str:
    """The SMTP answer to one message, which is handled in this worker thread."""
    from baraza.mail import inbound

    close_old_connections()
    try:
        result = inbound.receive(raw, recipients=recipients)
    finally:
        # Email comes seldom: closing after each message leaves no connection open in an idle
        # worker thread (nor when the server stops).
        connections.close_all()
    if result.pk is None:  # not even recorded: the database failed, the sender tries again
        return "451 4.3.0 Not handled now, try again later"
    return f"250 2.0.0 Message {result.outcome}"


class InboundHandler:
    """The aiosmtpd handler: recipients are checked as they come, messages in worker threads."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        domain = address.rpartition("@")[2].lower()
        if domain != settings.BARAZA_MAIL_DOMAIN:
            return f"550 5.1.1 <{address}>: not accepted here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        # The mail server delivering a message records its envelope sender; "<>" marks a bounce.
        sender = (envelope.mail_from or "").strip("<>").replace("\r", "").replace("\n", "")
        raw = f"Return-Path: <{sender}>\r\n".encode() + envelope.original_content
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, _receive, raw, list(envelope.rcpt_tos))


def listener(host: str, port: int) -> Controller:
    """The SMTP server, not yet started (``.start()``, ``.stop()``)."""
    return Controller(
        InboundHandler(),
        hostname=host,
        port=port,
        data_size_limit=settings.BARAZA_MAIL_MAX_MB * 1024 * 1024,
        enable_SMTPUTF8=True,
    )


class Command(BaseCommand):
    help = "Receive email over SMTP: replies and new topics sent to the mail domain."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to bind (127.0.0.1).")
        parser.add_argument("--port", type=port_number, default=2525, help="Port (2525).")

    def handle(self, *args, host, port, **options):
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_args: stop.set())
        controller = listener(host, port)
        controller.start()
        self.stdout.write(
            f"Receiving email for @{settings.BARAZA_MAIL_DOMAIN} on {host}:{port} (Ctrl-C to stop)"
        )
        self.stdout.flush()
        try:
            while not stop.wait(0.5):
                pass
        finally:
            controller.stop()
        self.stdout.write("Stopped.")
