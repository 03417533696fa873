"""A real SMTP server for tests: Django's outgoing email goes over SMTP to an ``aiosmtpd``
server on 127.0.0.1, and tests read what arrived (the ``mailbox`` fixture in conftest.py)."""

from __future__ import annotations

import email
import re
import socket
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller


class Mailbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.original_content, policy=default_policy)
        with self._arrived:
            self.messages.append(message)
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for_message(self, to: str, timeout: float = 10) -> EmailMessage:
        def addressed():
            return [m for m in self.messages if to.lower() in str(m["To"]).lower()]

        with self._arrived:
            if not self._arrived.wait_for(addressed, timeout=timeout):
                received = [str(m["To"]) for m in self.messages]
                raise AssertionError(f"No email to {to} within {timeout}s; received: {received}")
            return addressed()[-1]


def body_of(message: EmailMessage) -> str:
    # SMTP carries CRLF line ends; tests compare with "\n".
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def first_link_in(message: EmailMessage) -> str:
    match = re.search(r"https?://\S+", body_of(message))
    assert match, f"No link in the email:\n{body_of(message)}"
    return match.group(0)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mailbox(settings) -> Iterator[Mailbox]:
    """An SMTP server on 127.0.0.1, and Django sending its email there for this test."""
    handler = Mailbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield handler
    finally:
        controller.stop()
