"""A learner's whole way through a learning package in a real browser, in French (issue 7).

Fatou, logged in, enrols, answers a knowledge check, visits every lesson through the "next"
links, passes both module quizzes and sees her certificate. A visitor with no account then
opens the public verification address in a fresh browser context, and by typing the code, and
sees that the certificate is valid.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from baraza.learning.models import Certificate, Enrolment
from baraza.learning.policies import AUTHORS_GROUP
from baraza.learning.services.publishing import publish
from tests.e2e.conftest import log_in_as, new_context, translated
from tests.e2e.test_accessibility import AXE, BLOCKING_IMPACTS, describe
from tests.editions.conftest import publish as publish_record
from tests.factories import MemberFactory
from tests.learning.conftest import build_learning_package

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fr(text: str) -> str:
    return translated(text, "fr")


def assert_accessible(page) -> None:
    violations = AXE.run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"{page.url}:\n{describe(blocking)}"


def test_a_learner_completes_a_package_in_french_and_anyone_can_check_the_certificate(
    browser, site
):
    curator = MemberFactory(display_name="Claire Curator", groups=["curators"])
    author = MemberFactory(display_name="Awa Author")
    author.groups.add(Group.objects.get_or_create(name=AUTHORS_GROUP)[0])
    experience = publish_record(curator, "Village health committees review clinic data, Kenya")
    package = build_learning_package(author, experience)
    publish(package=package, actor=author)
    learner = MemberFactory(display_name="Fatou Learner", language="fr")

    context = new_context(browser, locale="fr-FR")
    log_in_as(context, learner, site("/"))
    page = context.new_page()
    main = page.locator("main")

    # 1. Enrol.
    page.goto(site("/fr/learning/"))
    page.get_by_role("link", name="L'essentiel de l'engagement communautaire").click()
    expect(page.locator("h1")).to_have_text("L'essentiel de l'engagement communautaire")
    assert_accessible(page)
    page.get_by_role("button", name=fr("Enrol in this package")).click()
    expect(main).to_contain_text(fr("You are enrolled. Your progress is kept from now on."))

    # 2. The first lesson, its knowledge check, then every lesson through the "next" links.
    page.get_by_role("link", name=fr("Start the first lesson")).click()
    expect(page.locator("h1")).to_have_text("Leçon 1.1")
    expect(main).to_contain_text("Texte de la leçon 1.1.")
    page.get_by_label("Le comité").check()
    page.get_by_role("button", name=fr("Check my answer")).click()
    expect(main).to_contain_text(fr("Right!"))
    assert_accessible(page)
    expect(main).to_contain_text("Parce que : Qui examine les données ?")
    for title in ("Leçon 1.2", "Leçon 2.1", "Leçon 2.2"):
        page.locator("a[rel=next]").click()
        expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("a[rel=next]")).to_have_count(0)
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.visits.count() == 4

    # 3. Both module quizzes, from the package's page.
    for number in (1, 2):
        page.goto(site(f"/fr/learning/{package.slug}/"))
        page.locator(".lp-quiz a").nth(number - 1).click()
        expect(page.locator("h1")).to_contain_text(f"Module {number} (fr)")
        if number == 1:
            assert_accessible(page)
        page.get_by_label("Juste", exact=True).check()
        page.get_by_label("Oui", exact=True).check()
        page.get_by_label("Oui aussi", exact=True).check()
        page.get_by_role("button", name=fr("Send my answers")).click()
        expect(page.locator(".messages")).to_contain_text("100")

    # 4. Completed: the certificate.
    expect(page).to_have_url(site(f"/fr/learning/{package.slug}/"))
    certificate = Certificate.objects.get(enrolment=enrolment)
    page.get_by_role("link", name=fr("See your certificate")).first.click()
    expect(page).to_have_url(site(f"/fr/learning/certificates/{certificate.display_code}/"))
    expect(page.locator(".lp-valid")).to_have_text(fr("This certificate is valid."))
    expect(main).to_contain_text("Fatou Learner")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=fr("Download the certificate (PDF)")).click()
    assert download.value.suggested_filename == f"certificate-{certificate.display_code}-fr.pdf"
    context.close()

    # 5. Anyone can check it, at its address and by typing the code.
    visitor = new_context(browser, locale="fr-FR")
    page = visitor.new_page()
    page.goto(site(f"/fr/learning/certificates/{certificate.display_code}/"))
    expect(page.locator(".lp-valid")).to_have_text(fr("This certificate is valid."))
    expect(page.locator("main")).to_contain_text("Fatou Learner")
    expect(page.locator("main")).to_contain_text("L'essentiel de l'engagement communautaire")
    page.goto(site("/fr/learning/verify/"))
    page.get_by_label(re.compile(fr("Certificate code"))).fill(certificate.code.lower())
    page.get_by_role("button", name=fr("Check"), exact=True).click()
    expect(page.locator(".lp-valid")).to_have_text(fr("This certificate is valid."))
    page.goto(site("/fr/learning/certificates/AAAA-BBBB-CCCC-DDDD/"))
    expect(page.locator("h1")).to_have_text(fr("No certificate has this code"))
    assert_accessible(page)
    page.goto(site("/fr/learning/"))
    assert_accessible(page)
    visitor.close()
