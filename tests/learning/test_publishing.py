"""Publishing: a package is published only when it is whole; each publication is a new,
immutable version, audit-logged, listed on the public versions page."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from baraza.compendium import services as compendium
from baraza.core.models import AuditEntry
from baraza.learning import models as m
from baraza.learning.services import adoption as adoptions
from baraza.learning.services import authoring
from baraza.learning.services.publishing import problems, publish
from tests.learning.conftest import build_learning_package, build_workshop_package
from tests.learning.test_authoring_packages import another_author, client_for, soup

pytestmark = pytest.mark.django_db


def refused(package, actor) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        publish(package=package, actor=actor, notes_en="Try.")
    return caught.value.messages


def nothing_written(package) -> None:
    package.refresh_from_db()
    assert package.version_number == package.versions.count()


def revise(package, title: str = "Lesson one") -> None:
    """A change worth a new version: the first lesson gets a new title."""
    lesson = m.Lesson.objects.get(module__package=package, title_en="Lesson 1.1")
    lesson.title_en = title
    lesson.save()


def publish_data(package, **changes) -> dict:
    """What the publish page sends: the notes and the version the author sees."""
    return {"version": package.version_number, "notes_en": "Clearer quiz.", **changes}


# --- Refusals ---------------------------------------------------------------------------------


def test_a_package_without_title_or_module_is_refused(author):
    package = m.Package.objects.create(
        kind=m.Kind.LEARNING, slug="empty", audience=m.Audience.STAFF, title_fr="Vide"
    )
    package.authors.add(author)
    assert refused(package, author) == [
        "The title is missing in English, the original language.",
        "The package has no module yet.",
    ]
    nothing_written(package)
    assert package.version_number == 0


def test_a_module_without_lessons_is_refused(author, experience):
    package = build_learning_package(author, experience, slug="gaps")
    m.Module.objects.create(package=package, position=9, title_en="Empty module")
    assert refused(package, author) == ["Module “Empty module” has no lesson."]
    nothing_written(package)


def test_questions_must_be_answerable(author, experience):
    package = build_learning_package(author, experience, slug="questions")
    quiz_a = m.Question.objects.get(package=package, prompt_en="Quiz 1 question A")
    quiz_a.options.update(correct=True)  # single choice, two right answers
    quiz_b = m.Question.objects.get(package=package, prompt_en="Quiz 2 question B")
    quiz_b.options.update(correct=False)
    pre = m.Question.objects.get(package=package, prompt_en="Pre/post A")
    pre.options.all().delete()
    check_item = m.Item.objects.create(
        lesson=m.Lesson.objects.get(module__package=package, title_en="Lesson 2.2"),
        kind=m.ItemKind.CHECK,
        position=5,
    )
    assert refused(package, author) == [
        "Question “Quiz 1 question A” takes one answer but 2 answers are marked correct: mark "
        "one, or let several answers be right.",
        "A knowledge check in lesson “Lesson 2.2” has no question.",
        "Question “Quiz 2 question B” has no correct answer.",
        "Question “Pre/post A” has no answer options.",
    ]
    assert check_item.questions.count() == 0
    nothing_written(package)


def test_links_to_records_that_are_not_published_are_named(author, experience, curator):
    package = build_learning_package(author, experience, slug="links")
    workshop = build_workshop_package(author, experience, slug="links-workshop")
    compendium.withdraw(experience=experience, actor=curator, reason="Consent withdrawn.")
    message = (
        f"These compendium records are not published now (withdrawn, or back in curation): "
        f"{experience.identifier}. Link to published records only."
    )
    assert refused(package, author) == [message]
    assert refused(workshop, author) == [message]
    nothing_written(package)
    nothing_written(workshop)


def test_a_workshop_needs_variants_days_and_sessions(author, experience):
    workshop = build_workshop_package(author, experience, slug="hollow")
    variant = m.Variant.objects.create(package=workshop, position=5, name_en="Half-day")
    m.Day.objects.create(variant=variant, title_en="The only day")
    m.Variant.objects.create(package=workshop, position=6, name_en="Online")
    assert refused(workshop, author) == [
        "Day “The only day” has no session.",
        "Variant “Online” has no day.",
    ]
    workshop.variants.all().delete()
    assert refused(workshop, author) == ["The workshop has no variant yet."]
    nothing_written(workshop)


def test_problems_are_given_in_the_readers_language(author):
    package = m.Package.objects.create(
        kind=m.Kind.WORKSHOP, slug="vide", audience=m.Audience.STAFF, original_language="fr"
    )
    with translation.override("fr"):
        found = problems(package)
    assert found == [
        "Le titre manque en français, la langue d’origine.",
        "L’atelier n’a encore aucune variante.",
    ]


def test_only_its_authors_and_staff_publish(learning_package, staff):
    from baraza.core.policies import Refused

    with pytest.raises(Refused):
        publish(package=learning_package, actor=another_author())
    revise(learning_package)
    assert publish(package=learning_package, actor=staff).number == 2


# --- Versions -------------------------------------------------------------------------------


def test_each_publication_is_a_new_version_and_old_ones_never_change(author, learning_package):
    first = learning_package.versions.get()
    lesson = m.Lesson.objects.get(title_en="Lesson 1.1")
    lesson.title_en = "Lesson one"
    lesson.save()
    second = publish(package=learning_package, actor=author, notes_en="Renamed a lesson.")
    learning_package.refresh_from_db()
    assert (second.number, learning_package.version_number) == (2, 2)
    first.refresh_from_db()
    assert first.data["modules"][0]["lessons"][0]["title"]["en"] == "Lesson 1.1"
    assert second.data["modules"][0]["lessons"][0]["title"]["en"] == "Lesson one"
    first.notes_en = "Rewritten history"
    with pytest.raises(ValidationError):
        first.save()
    first.refresh_from_db()
    assert first.notes_en == "First version."
    assert list(
        AuditEntry.objects.filter(action="package.publish")
        .order_by("id")
        .values_list("data", flat=True)
    ) == [{"version": 1}, {"version": 2}]


def test_the_publish_page_refuses_and_lists_the_problems(author_client, author, experience):
    package = build_learning_package(author, experience, slug="unready")
    m.Module.objects.create(package=package, position=9, title_en="Empty module")
    url = reverse("learning:publish", args=[package.slug])
    page = soup(author_client.get(url))
    assert [li.get_text() for li in page.select("div.errorlist li")] == [
        "Module “Empty module” has no lesson."
    ]
    response = author_client.post(url, publish_data(package, notes_en="First."))
    assert response.status_code == 400
    assert [li.get_text() for li in soup(response).select("div.errorlist li")] == [
        "Module “Empty module” has no lesson."
    ]
    package.refresh_from_db()
    assert (package.version_number, package.versions.count()) == (0, 0)


def test_the_publish_page_needs_notes(author_client, learning_package):
    url = reverse("learning:publish", args=[learning_package.slug])
    response = author_client.post(url, publish_data(learning_package, notes_en=" "))
    assert response.status_code == 400
    assert [p.get_text() for p in soup(response).select("form div.errorlist p")] == [
        "Say what changed in at least one language: adopters read it in their email."
    ]
    assert learning_package.versions.count() == 1


def test_publishing_from_the_page_makes_version_two(author_client, learning_package):
    url = reverse("learning:publish", args=[learning_package.slug])
    page = soup(author_client.get(url))
    assert page.select_one("main h2").get_text() == "Publish version 2"
    assert page.select_one("form input[name=version]")["value"] == "1"
    revise(learning_package)
    response = author_client.post(url, publish_data(learning_package, notes_fr="Quiz plus clair."))
    assert response["Location"] == reverse("learning:versions", args=[learning_package.slug])
    learning_package.refresh_from_db()
    assert learning_package.version_number == 2
    page = author_client.get(response["Location"])
    assert [li.get_text() for li in soup(page).select(".messages li")] == [
        "Version 2 is published."
    ]


def test_the_versions_page_is_public_in_the_readers_language(client, learning_package, author):
    revise(learning_package)
    publish(package=learning_package, actor=author, notes_en="Clearer quiz.", notes_fr="")
    url = reverse("learning:versions", args=[learning_package.slug])
    page = soup(client.get(url))
    assert page.h1.get_text() == "Versions of “Community engagement essentials”"
    versions = page.select("main ol h2")
    assert [(h.get_text(), h.find_next("p").find_next("p").get_text()) for h in versions] == [
        ("Version 2", "Clearer quiz."),
        ("Version 1", "First version."),
    ]
    with translation.override("fr"):
        french = soup(client.get(reverse("learning:versions", args=[learning_package.slug])))
    notes = [h.find_next("p").find_next("p").get_text() for h in french.select("main ol h2")]
    # No French notes for version 2: the English ones stand in.
    assert notes == ["Clearer quiz.", "Version 1."]
    assert french.h1.get_text() == (
        "Versions de «\u00a0L'essentiel de l'engagement communautaire\u00a0»"
    )


def test_the_versions_of_an_unpublished_package_are_hidden(client, author, experience):
    package = build_learning_package(author, experience, slug="secret")
    assert client.get(reverse("learning:versions", args=[package.slug])).status_code == 404
    author_page = client_for(author).get(reverse("learning:versions", args=[package.slug]))
    assert soup(author_page).select_one("main > p, main .wrap > p").get_text() == (
        "This package is not published yet."
    )


# --- Nothing new to publish --------------------------------------------------------------------


def test_a_version_with_nothing_changed_is_refused_and_nobody_is_told(
    author, member, learning_package, django_capture_on_commit_callbacks
):
    adoptions.record_adoption(
        actor=member,
        package=learning_package,
        institution="Kenya Medical Training College",
        country="KE",
        kind=m.AdoptionKind.ADOPTED,
        curriculum="Diploma in community health",
    )
    with django_capture_on_commit_callbacks(execute=True):
        # New notes alone are no new version.
        assert refused(learning_package, author) == ["Nothing has changed since version 1."]
    nothing_written(learning_package)
    assert (learning_package.version_number, mail.outbox) == (1, [])
    revise(learning_package)
    with django_capture_on_commit_callbacks(execute=True):
        assert publish(package=learning_package, actor=author, notes_en="New.").number == 2
    assert [message.to for message in mail.outbox] == [[member.email]]


def test_the_publish_page_says_when_nothing_changed(author_client, learning_package):
    url = reverse("learning:publish", args=[learning_package.slug])
    response = author_client.post(url, publish_data(learning_package))
    assert response.status_code == 400
    assert [p.get_text() for p in soup(response).select("form div.errorlist p")] == [
        "Nothing has changed since version 1."
    ]
    nothing_written(learning_package)
    assert learning_package.version_number == 1


def test_a_double_click_on_publish_makes_one_version_and_one_email(
    author_client, member, learning_package, django_capture_on_commit_callbacks
):
    adoptions.record_adoption(
        actor=member,
        package=learning_package,
        institution="Kenya Medical Training College",
        country="KE",
        kind=m.AdoptionKind.ADOPTED,
        curriculum="Diploma in community health",
    )
    revise(learning_package)
    url = reverse("learning:publish", args=[learning_package.slug])
    sent = publish_data(learning_package)
    with django_capture_on_commit_callbacks(execute=True):
        first = author_client.post(url, sent)
        second = author_client.post(url, sent)
    assert (first.status_code, second.status_code) == (302, 400)
    assert sorted(learning_package.versions.values_list("number", flat=True)) == [1, 2]
    assert len(mail.outbox) == 1
    page = soup(second)
    assert [p.get_text() for p in page.select("form div.errorlist p")] == [
        "Version 2 is already published, so this form was out of date. Check the latest "
        "version, then publish again if there is more to publish."
    ]
    # The page now stands for what is published: the next click would make version 3.
    assert page.select_one("main h2").get_text() == "Publish version 3"
    assert page.select_one("form input[name=version]")["value"] == "2"
    assert page.select_one("form textarea[name=notes_en]").get_text().strip() == "Clearer quiz."


def test_the_service_refuses_an_out_of_date_request(author, learning_package):
    revise(learning_package)
    with pytest.raises(ValidationError) as caught:
        publish(package=learning_package, actor=author, notes_en="Old page.", expected_version=0)
    assert caught.value.messages == [
        "Version 1 is already published, so this form was out of date. Check the latest "
        "version, then publish again if there is more to publish."
    ]
    nothing_written(learning_package)
    assert learning_package.version_number == 1


@pytest.mark.parametrize("version", [None, "", "two", "-1"])
def test_a_publish_form_without_its_version_is_refused(author_client, learning_package, version):
    revise(learning_package)
    data = publish_data(learning_package)
    if version is None:
        del data["version"]
    else:
        data["version"] = version
    url = reverse("learning:publish", args=[learning_package.slug])
    response = author_client.post(url, data)
    assert response.status_code == 400
    assert [p.get_text() for p in soup(response).select("form div.errorlist p")] == [
        "This form is out of date. Reload the page, then publish again."
    ]
    nothing_written(learning_package)
    assert learning_package.version_number == 1


# --- The published title on public pages --------------------------------------------------------


def test_the_versions_page_shows_the_published_title_not_the_draft(
    client, author, learning_package
):
    authoring.update_package(
        actor=author, package=learning_package, values={"title_en": "Draft title in progress"}
    )
    page = soup(client.get(reverse("learning:versions", args=[learning_package.slug])))
    assert page.h1.get_text() == "Versions of “Community engagement essentials”"
    assert page.title.get_text().startswith("Versions · Community engagement essentials")
    # Its authors still read the draft title on their own pages.
    editor = soup(client_for(author).get(reverse("learning:publish", args=[learning_package.slug])))
    assert editor.h1.get_text() == "Draft title in progress"
