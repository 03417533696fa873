"""Every authoring, versions and adopters page, in English and French: light, without inline
script or style, one heading, labelled controls, labelled navigation (the rules of
tests/core/test_pages.py)."""

from __future__ import annotations

import gzip

import pytest
from django.test import Client

from baraza.learning import models as m
from baraza.learning.services import authoring
from tests.core.test_pages import BUDGET_BYTES, _assets, _get
from tests.learning.test_adoption import adopt

pytestmark = pytest.mark.django_db


@pytest.fixture
def author_pages(learning_package, workshop_package, member):
    adopt(learning_package, member)
    lp, wp = learning_package.slug, workshop_package.slug
    question = m.Question.objects.filter(package=learning_package, role=m.Role.QUIZ).first()
    rows = {
        "module": learning_package.modules.first(),
        "lesson": m.Lesson.objects.filter(module__package=learning_package).first(),
        "item": m.Item.objects.filter(lesson__module__package=learning_package).first(),
        "quiz": question,
        "check": m.Question.objects.filter(package=learning_package, role=m.Role.CHECK).first(),
        "option": question.options.first(),
        "variant": workshop_package.variants.first(),
        "day": m.Day.objects.filter(variant__package=workshop_package).first(),
        "session": m.Session.objects.filter(day__variant__package=workshop_package).first(),
        "step": m.Step.objects.filter(session__day__variant__package=workshop_package).first(),
        "checklist": workshop_package.checklist.first(),
        "evaluation": workshop_package.evaluation_questions.first(),
    }
    paths = [
        "learning/author/",
        "learning/author/new/?kind=learning",
        "learning/author/new/?kind=workshop",
        f"learning/author/{lp}/",
        f"learning/author/{wp}/",
        f"learning/author/{lp}/details/",
        f"learning/author/{wp}/details/",
        f"learning/author/{lp}/authors/",
        f"learning/author/{lp}/translation/",
        f"learning/author/{wp}/publish/",
        f"learning/author/{lp}/module/add/",
        f"learning/author/{lp}/item/add/{rows['lesson'].pk}/?kind=download",
        f"learning/author/{lp}/item/add/{rows['lesson'].pk}/?kind=experience",
        f"learning/author/{wp}/session/add/{rows['day'].pk}/",
        f"learning/author/{lp}/module/{rows['module'].pk}/delete/",
        f"learning/{lp}/versions/",
        f"learning/{lp}/adopt/",
        f"learning/{lp}/adopters/",
    ]
    for kind, row in rows.items():
        slug = wp if authoring.PARTS[kind].package_kind == m.Kind.WORKSHOP else lp
        paths.append(f"learning/author/{slug}/{kind}/{row.pk}/")
    return [f"/{language}/{path}" for path in paths for language in ("en", "fr")]


def test_authoring_pages_are_light_and_accessible(author_client, author_pages):
    for path in author_pages:
        response, soup, total = _get(author_client, path)
        assert response.status_code == 200, path
        for url in _assets(soup):
            asset = Client().get(url)
            content = b"".join(asset.streaming_content) if asset.streaming else asset.content
            total += len(gzip.compress(content, 9))
        assert total <= BUDGET_BYTES, (path, total)
        assert soup.html["lang"] == path.split("/")[1], path
        assert len(soup.find_all("h1")) == 1, path
        assert all(nav.get("aria-label") for nav in soup.find_all("nav")), path
        assert soup.find_all("style") == [] and [s for s in soup.find_all("script")] == [], path
        for tag in soup.find_all(True):
            assert "style" not in tag.attrs, (path, str(tag)[:120])
            assert [a for a in tag.attrs if a.startswith("on")] == [], (path, str(tag)[:120])
        labelled = {label.get("for") for label in soup.find_all("label")}
        for control in soup.find_all(["input", "select", "textarea"]):
            if control.get("type") in ("hidden", "submit", "button"):
                continue
            ok = control.get("id") in labelled or control.find_parent("label")
            assert ok, (path, str(control)[:120])


def test_the_public_pages_work_for_visitors(client, learning_package, member):
    adopt(learning_package, member)
    for path in (
        f"/en/learning/{learning_package.slug}/versions/",
        f"/fr/learning/{learning_package.slug}/adopters/",
    ):
        response, soup, _ = _get(client, path)
        assert response.status_code == 200 and len(soup.find_all("h1")) == 1, path
