"""Life in a community, in a real browser: joining, asking to join, starting a topic with an
attachment (in French), mentioning someone, flagging a reply and hiding it, and what an outsider
can't reach in a private community."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from baraza.core.uploads import human_size
from baraza.discussions import services as discussions
from tests.e2e.conftest import log_in_as, new_context, translated
from tests.factories import CommunityFactory, MemberFactory

pytestmark = pytest.mark.e2e


def tiny_pdf(text: str = "Plan de la campagne") -> bytes:
    """A small but well-formed one-page PDF (correct cross-reference table) saying ``text``."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def in_french(text: str) -> str:
    return translated(text, "fr")


def test_a_member_joins_an_open_community(page: Page, site):
    member = MemberFactory(display_name="Awa Ndiaye", country="SN")
    community = CommunityFactory(name_en="Malaria Champions", join_policy="open")
    log_in_as(page.context, member, site())

    page.goto(site(f"/en/communities/{community.slug}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Malaria Champions")
    page.get_by_role("button", name="Join this community").click()

    expect(page).to_have_url(site(f"/en/communities/{community.slug}/"))
    expect(page.get_by_role("status")).to_have_text(
        "Welcome! You are now a member of Malaria Champions."
    )
    expect(page.get_by_text("You are a member of this community.")).to_be_visible()
    expect(page.get_by_role("button", name="Join this community")).to_have_count(0)
    expect(page.get_by_role("button", name="Leave this community")).to_be_visible()


def test_a_facilitator_approves_a_request_to_join_a_members_only_community(
    browser: Browser, page: Page, site
):
    member = MemberFactory(display_name="Kofi Mensah", country="GH")
    facilitator = MemberFactory(display_name="Grace Achieng")
    community = CommunityFactory(
        name_en="Nutrition Network",
        visibility="members",
        join_policy="request",
        facilitators=[facilitator],
    )
    home = site(f"/en/communities/{community.slug}/")

    # The member asks to join, with a word for the facilitators.
    log_in_as(page.context, member, site())
    page.goto(home)
    expect(page.get_by_text("Only members can read the discussions")).to_be_visible()
    page.get_by_role("link", name="Ask to join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask to join Nutrition Network")
    page.get_by_label("Why would you like to join? (optional)").fill(
        "I run growth monitoring sessions in Tamale."
    )
    page.get_by_role("button", name="Send my request").click()
    expect(page).to_have_url(home)
    expect(page.get_by_role("status")).to_have_text(
        "Your request has been sent. A facilitator of Nutrition Network will answer it."
    )
    waiting = "Your request to join is waiting for a facilitator's answer."
    expect(page.get_by_text(waiting)).to_be_visible()

    # A facilitator, in a browser of their own, approves it from the community's home.
    other = new_context(browser)
    try:
        log_in_as(other, facilitator, site())
        facilitator_page = other.new_page()
        facilitator_page.goto(home)
        facilitator_page.get_by_role("link", name="1 request to join").click()
        expect(facilitator_page.get_by_role("heading", level=1)).to_have_text("Requests to join")
        request = facilitator_page.get_by_role("listitem").filter(
            has=facilitator_page.get_by_role("heading", name="Kofi Mensah")
        )
        expect(request).to_contain_text("I run growth monitoring sessions in Tamale.")
        request.get_by_role("button", name="Approve").click()
        expect(facilitator_page.get_by_role("status")).to_have_text("Kofi Mensah is now a member.")
        expect(facilitator_page.get_by_text("No request is waiting.")).to_be_visible()
    finally:
        other.close()

    # The member comes back: they belong, and can read the discussions.
    page.reload()
    expect(page.get_by_text("You are a member of this community.")).to_be_visible()
    expect(page.get_by_role("heading", name="Discussions")).to_be_visible()


def test_a_member_starts_a_topic_in_french_with_a_pdf(page: Page, site):
    member = MemberFactory(display_name="Awa Ndiaye", country="SN", language="fr")
    community = CommunityFactory(members=[member])
    pdf = tiny_pdf()
    log_in_as(page.context, member, site())

    page.goto(site(f"/fr/communities/{community.slug}/"))
    page.get_by_role("link", name=in_french("Start a topic")).click()
    expect(page).to_have_url(site(f"/fr/communities/{community.slug}/topics/new/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(in_french("Start a topic"))
    page.get_by_label(in_french("Title")).fill("Campagne de vaccination à Thiès")
    page.get_by_role("textbox", name=in_french("Message")).fill(
        "Voici **le plan** de la campagne :\n\n- informer les familles\n- vacciner les enfants"
    )
    expect(page.get_by_label(in_french("Written in"))).to_have_value("fr")
    page.get_by_label(in_french("Attachments")).set_input_files(
        files=[{"name": "plan-campagne.pdf", "mimeType": "application/pdf", "buffer": pdf}]
    )
    page.get_by_role("button", name=in_french("Publish the topic")).click()

    expect(page).to_have_url(re.compile(re.escape(site("/fr/t/")) + r"\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Campagne de vaccination à Thiès")
    post = page.get_by_role("article", name="Awa Ndiaye")
    body = post.locator(".prose")
    expect(body.locator("strong", has_text="le plan")).to_be_visible()
    expect(body.get_by_role("listitem")).to_have_text(
        ["informer les familles", "vacciner les enfants"]
    )
    expect(post).not_to_contain_text("**")
    attachments = post.get_by_role("list", name=in_french("Attachments"))
    link = attachments.get_by_role("link", name="plan-campagne.pdf")
    with translation.override("fr"):
        size = human_size(len(pdf))
    expect(attachments.get_by_role("listitem")).to_have_text(f"plan-campagne.pdf ({size})")

    # The link serves the very file that was uploaded.
    download = page.request.get(site(link.get_attribute("href")))
    assert download.ok
    assert download.body() == pdf


def test_a_reply_mentioning_a_member_appears_in_their_notifications(
    browser: Browser, page: Page, site
):
    awa = MemberFactory(display_name="Awa Ndiaye", country="SN")
    kofi = MemberFactory(display_name="Kofi Mensah", country="GH")
    community = CommunityFactory(name_en="Malaria Champions", members=[awa, kofi])
    topic = discussions.start_topic(
        author=awa,
        community=community,
        title="Bed nets in the rainy season",
        body="How do you keep nets in use?",
        language="en",
    )
    assert awa.handle == "awa-ndiaye"

    other = new_context(browser)
    try:
        log_in_as(other, kofi, site())
        kofi_page = other.new_page()
        kofi_page.goto(site(f"/en/t/{topic.pk}/"))
        kofi_page.get_by_role("textbox", name="Your reply").fill(
            "@awa-ndiaye we visit each household twice a month."
        )
        kofi_page.get_by_role("button", name="Post my reply").click()
        expect(kofi_page.get_by_role("article", name="Kofi Mensah")).to_contain_text(
            "we visit each household twice a month."
        )
    finally:
        other.close()

    log_in_as(page.context, awa, site())
    page.goto(site("/en/"))
    page.get_by_role("banner").get_by_role("link", name="Notifications").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    notification = page.get_by_role("main").get_by_role("listitem")
    expect(notification).to_have_count(1)
    expect(notification).to_contain_text("Bed nets in the rainy season")
    expect(notification).to_contain_text("Kofi Mensah mentioned you")
    expect(notification).to_contain_text("Malaria Champions")
    notification.get_by_role("link", name="Bed nets in the rainy season").click()
    expect(page).to_have_url(site(f"/en/t/{topic.pk}/#p2"))


def test_a_flagged_reply_is_hidden_by_a_facilitator_from_the_review_queue(
    browser: Browser, page: Page, site
):
    awa = MemberFactory(display_name="Awa Ndiaye", country="SN")
    kofi = MemberFactory(display_name="Kofi Mensah", country="GH")
    facilitator = MemberFactory(display_name="Grace Achieng")
    community = CommunityFactory(members=[awa, kofi], facilitators=[facilitator])
    topic = discussions.start_topic(
        author=awa,
        community=community,
        title="Bed nets in the rainy season",
        body="How do you keep nets in use?",
        language="en",
    )
    spam = "Buy miracle malaria pills at example.com"
    discussions.post_reply(topic=topic, author=kofi, body=spam, language="en")
    topic_url = site(f"/en/t/{topic.pk}/")

    # Awa flags the reply.
    log_in_as(page.context, awa, site())
    page.goto(topic_url)
    reply = page.get_by_role("article", name="Kofi Mensah")
    expect(reply).to_contain_text(spam)
    reply.get_by_role("link", name="Flag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Flag a post")
    page.get_by_role("radio", name="Spam or advertising").check()
    page.get_by_role("button", name="Send to the facilitators").click()
    expect(page.get_by_role("status")).to_have_text(
        "Thank you. The facilitators will look at this post soon."
    )

    # A facilitator finds it in the review queue and hides it.
    other = new_context(browser)
    try:
        log_in_as(other, facilitator, site())
        queue = other.new_page()
        queue.goto(site(f"/en/communities/{community.slug}/"))
        queue.get_by_role("link", name="Review queue").click()
        expect(queue.get_by_role("heading", level=1)).to_have_text("Review queue")
        expect(queue.get_by_role("main")).to_contain_text("Spam or advertising")
        expect(queue.get_by_role("main")).to_contain_text(spam)
        queue.get_by_label("Reason shown to members (optional)").fill("Advertising.")
        queue.get_by_role("button", name="Hide the post").click()
        expect(queue.get_by_role("status")).to_have_text("The post is hidden.")
        expect(queue.get_by_text("No flagged post.")).to_be_visible()
    finally:
        other.close()

    # Awa no longer sees what the reply said.
    page.goto(topic_url)
    expect(page.get_by_role("article", name="Awa Ndiaye")).to_contain_text(
        "How do you keep nets in use?"
    )
    expect(page.get_by_role("main")).not_to_contain_text(spam)
    expect(page.get_by_role("article", name="Kofi Mensah")).to_have_count(0)


def test_an_outsider_cannot_reach_a_private_community_or_its_files(
    browser: Browser, page: Page, site
):
    insider = MemberFactory(display_name="Awa Ndiaye", country="SN")
    outsider = MemberFactory(display_name="Kofi Mensah", country="GH")
    CommunityFactory(name_en="Open Exchange")
    secret = CommunityFactory(name_en="Secret Circle", visibility="private", members=[insider])
    pdf = tiny_pdf()
    topic = discussions.start_topic(
        author=insider,
        community=secret,
        title="Confidential case reviews",
        body="Only for the circle.",
        language="en",
        files=[SimpleUploadedFile("cases.pdf", pdf, content_type="application/pdf")],
    )
    attachment = topic.posts.get(number=1).attachments.get()
    file_url = site(f"/en/files/{attachment.pk}/{attachment.name}")

    # The addresses are right: the insider reaches both.
    inside = new_context(browser)
    try:
        log_in_as(inside, insider, site())
        assert inside.request.get(site(f"/en/t/{topic.pk}/")).ok
        assert inside.request.get(file_url).body() == pdf
    finally:
        inside.close()

    log_in_as(page.context, outsider, site())
    for url in [site(f"/en/t/{topic.pk}/"), file_url, site(f"/en/communities/{secret.slug}/")]:
        response = page.goto(url)
        assert response.status == 404, url
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
        expect(page.get_by_role("main")).not_to_contain_text("Confidential")

    page.goto(site("/en/communities/"))
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Open Exchange")).to_be_visible()
    expect(main.get_by_role("link", name="Secret Circle")).to_have_count(0)
    expect(main).not_to_contain_text("Secret Circle")
