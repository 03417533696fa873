"""Taking part by email, end to end: a member follows a topic in the browser, another replies on
the web, the first gets the reply over SMTP, answers it from their mail client through
``baraza smtpd``, and the answer shows on the topic page marked "via email". A French-speaking
member's weekly digest arrives in French."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

import pytest
from playwright.sync_api import Browser, Page, expect

from baraza.discussions import services as discussions
from baraza.mail.management.commands.smtpd import listener
from tests.e2e.conftest import log_in_as, new_context
from tests.factories import CommunityFactory, MemberFactory
from tests.smtp import body_of, free_port

pytestmark = pytest.mark.e2e


def test_a_member_takes_part_by_email(page: Page, browser: Browser, site, settings, mailbox):
    settings.SITE_URL = site("")
    amina = MemberFactory(display_name="Amina Inbox", country="KE")
    bakary = MemberFactory(display_name="Bakary Web", country="ML")
    francoise = MemberFactory(display_name="Françoise Digest", country="BF", language="fr")
    community = CommunityFactory(
        name_en="Community Health Workers", members=[amina, bakary, francoise]
    )
    topic = discussions.start_topic(
        author=bakary,
        community=community,
        title="Paying community health workers",
        body="How are your CHWs paid?",
        language="en",
    )

    # 1. Amina follows the topic in the browser.
    log_in_as(page.context, amina, site())
    page.goto(site(f"/en/t/{topic.pk}/"))
    page.get_by_role("button", name="Follow this topic").click()
    expect(page.get_by_role("button", name="Stop following")).to_be_visible()

    # 2. Bakary replies on the web; Amina receives it over SMTP.
    bakary_context = new_context(browser)
    log_in_as(bakary_context, bakary, site())
    bakary_page = bakary_context.new_page()
    bakary_page.goto(site(f"/en/t/{topic.pk}/"))
    bakary_page.get_by_label("Your reply").fill("A monthly stipend, paid by mobile money.")
    bakary_page.get_by_role("button", name="Post my reply").click()
    expect(bakary_page.locator("#p2")).to_contain_text("A monthly stipend")
    bakary_context.close()

    notification = mailbox.wait_for_message(amina.email)
    assert notification["Subject"] == (
        "[Community Health Workers] Re: Paying community health workers"
    )
    assert "A monthly stipend, paid by mobile money." in body_of(notification)

    # 3. Amina answers from her mail client; the message goes through `baraza smtpd`.
    answer = EmailMessage()
    answer["From"] = f"Amina Inbox <{amina.email}>"
    answer["To"] = notification["Reply-To"]
    answer["Subject"] = "Re: " + notification["Subject"]
    answer["Message-ID"] = "<answer-1@mail.example.org>"
    answer["In-Reply-To"] = notification["Message-ID"]
    answer.set_content(
        "Ours are paid by the district, every quarter.\n\n"
        "Amina\n\n"
        f"On Mon, 2 Nov 2026 at 09:00, Baraza <{notification['Reply-To']}> wrote:\n"
        "> A monthly stipend, paid by mobile money.\n"
    )
    port = free_port()
    smtp_server = listener("127.0.0.1", port)
    smtp_server.start()
    try:
        with smtplib.SMTP("127.0.0.1", port) as client:
            client.send_message(answer)
    finally:
        smtp_server.stop()

    # 4. The answer is on the topic page, marked "via email", without the quoted text.
    page.goto(site(f"/en/t/{topic.pk}/"))
    answer_post = page.locator("#p3")
    expect(answer_post).to_contain_text("Amina Inbox")
    expect(answer_post).to_contain_text("via email")
    expect(answer_post).to_contain_text("Ours are paid by the district, every quarter.")
    expect(answer_post).not_to_contain_text("A monthly stipend")

    # 5. Françoise, who reads in French, gets her weekly digest in French.
    from baraza.mail import digests

    assert digests.send_digests("weekly").sent >= 1
    digest = mailbox.wait_for_message(francoise.email)
    assert digest["Subject"].strip() == "[Baraza] Votre résumé hebdomadaire : 3 nouveaux messages"
    text = body_of(digest)
    assert "Paying community health workers" in text
    assert "Ours are paid by the district, every quarter." in text
    assert "Se désabonner" in text
