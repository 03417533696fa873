"""The SCORM package in a real browser, under a real SCORM 1.2 run-time (issue 7's e2e item 2).

An author exports the SCORM zip from the export page. The zip is unpacked next to a harness
page that plays the learning platform: it loads scorm-again (vendored in
tests/learning/vendor/scorm-again), sets ``window.API = new Scorm12API(...)`` and opens the
package's ``launch.html`` in an iframe, all served from one ``http.server`` on 127.0.0.1 (one
origin, as on a platform). Chromium walks the lessons and answers the quizzes; scorm-again then
holds the status and score the package reported.

The offline zip is opened from ``file://``: its quizzes work with JavaScript, and without it
the answers wait in ``<details>``.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import re
import shutil
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from baraza.learning import queries
from baraza.learning.exports import offline
from baraza.learning.policies import AUTHORS_GROUP
from baraza.learning.services.publishing import publish
from tests.e2e.conftest import log_in_as, new_context
from tests.editions.conftest import publish as publish_record
from tests.factories import MemberFactory
from tests.learning.conftest import build_learning_package

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCORM_AGAIN = Path(__file__).resolve().parents[1] / "learning" / "vendor" / "scorm-again"
HARNESS_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test platform</title>
<script src="scorm12.min.js"></script><script src="harness.js"></script></head>
<body><iframe id="sco" title="Package" src="about:blank" width="1000" height="900"></iframe>
</body></html>
"""
# The platform: scorm-again's SCORM 1.2 API, and a log of the calls the package makes.
HARNESS_JS = """
window.API = new Scorm12API({autocommit: false, logLevel: 5});
window.calls = [];
window.written = {};  // the last value the package wrote to each element (some are write-only)
["LMSInitialize", "LMSCommit", "LMSFinish"].forEach(function (name) {
  window.API.on(name, function () { window.calls.push(name); });
});
window.API.on("LMSSetValue.cmi.*", function (element, value) { window.written[element] = value; });
function launch(saved) {
  if (saved) { window.API.loadFromFlattenedJSON(saved); }
  document.getElementById("sco").src = "package/launch.html";
}
function leave() { document.getElementById("sco").src = "about:blank"; }
"""
SEQUENCE = [
    "Pre-test",
    "Lesson 1.1",
    "Lesson 1.2",
    "Quiz: Module 1",
    "Lesson 2.1",
    "Lesson 2.2",
    "Quiz: Module 2",
    "Post-test",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def author(db):
    user = MemberFactory(display_name="Awa Author")
    user.groups.add(Group.objects.get_or_create(name=AUTHORS_GROUP)[0])
    return user


@pytest.fixture
def package(author):
    curator = MemberFactory(display_name="Claire Curator", groups=["curators"])
    experience = publish_record(curator, "Village health committees review clinic data, Kenya")
    package = build_learning_package(author, experience)
    publish(package=package, actor=author)
    package.refresh_from_db()
    return package


@pytest.fixture
def platform(tmp_path) -> Iterator:
    """``platform(zip_bytes)``: the package unpacked beside the harness, served on 127.0.0.1;
    returns the harness's address."""
    root = tmp_path / "platform"
    root.mkdir()
    shutil.copy(SCORM_AGAIN / "scorm12.min.js", root)
    (root / "harness.html").write_text(HARNESS_HTML)
    (root / "harness.js").write_text(HARNESS_JS)
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def serve(content: bytes) -> str:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            archive.extractall(root / "package")
        return f"http://127.0.0.1:{server.server_address[1]}/harness.html"

    yield serve
    server.shutdown()
    server.server_close()
    thread.join()


def content(page: Page):
    """The package's current page: inside launch.html's iframe, inside the harness's."""
    return page.frame_locator("#sco").frame_locator("#content")


def cmi(page: Page, element: str) -> str:
    return page.evaluate("(name) => window.API.LMSGetValue(name)", element)


def expect_cmi(page: Page, element: str, value: str) -> None:
    """Wait until the platform holds ``value``: the package reports from its pages' scripts,
    which may run a moment after the page's heading is on screen."""
    # On a timeout, the assertion below says what the platform holds instead.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            "([name, value]) => String(window.API.LMSGetValue(name)) === value",
            arg=[element, value],
            timeout=10_000,
        )
    assert cmi(page, element) == value


def answer(page: Page, *, right: bool) -> str:
    """Answer every question of the page (right or wrong), check, and return the result."""
    frame = content(page)
    for fieldset in frame.locator("fieldset.question").all():
        for option in fieldset.locator("input").all():
            if (option.get_attribute("data-correct") == "1") == right:
                option.check()
                if not right:
                    break  # one wrong answer is enough
    frame.get_by_role("button", name="Check my answers").click()
    result = frame.locator("p.result")
    expect(result).to_be_visible()
    verdicts = frame.locator("p.verdict").all_inner_texts()
    assert set(verdicts) == {"Right." if right else "Not quite."}
    return result.inner_text()


def walk(page: Page, *, module_2_right: bool) -> list[str]:
    """From the package's index, through every page by its "Next" link, answering the tests
    and quizzes (module 2's quiz right or wrong); the results shown on the quiz pages."""
    frame = content(page)
    expect(frame.locator("h1")).to_have_text("Community engagement essentials")
    results = []
    for title in SEQUENCE:
        frame.locator("a[rel=next]").click()
        expect(frame.locator("h1")).to_have_text(title)
        if title.startswith("Quiz"):
            results.append(answer(page, right=title.endswith("1") or module_2_right))
        elif title.endswith("test"):
            answer(page, right=True)
    return results


def download_scorm(browser, site, author) -> bytes:
    """What the author's browser downloads from the export page."""
    context = new_context(browser, accept_downloads=True)
    log_in_as(context, author, site("/"))
    page = context.new_page()
    page.goto(site("/en/learning/ce-essentials/export/"))
    expect(page.locator("h1")).to_have_text("Export “Community engagement essentials”")
    with page.expect_download() as download:
        page.get_by_role("link", name="ce-essentials-v1-scorm12-en.zip").click()
    assert download.value.suggested_filename == "ce-essentials-v1-scorm12-en.zip"
    body = Path(download.value.path()).read_bytes()
    context.close()
    return body


def test_an_author_exports_scorm_and_a_learner_passes_it_under_scorm_again(
    browser, site, author, package, platform
):
    page = new_context(browser).new_page()
    page.goto(platform(download_scorm(browser, site, author)))
    page.evaluate("launch()")

    results = walk(page, module_2_right=True)

    assert results == [
        "You answered 2 of 2 questions right (100%). You passed: the pass mark is 50%.",
        "You answered 2 of 2 questions right (100%). You passed: the pass mark is 50%.",
    ]
    expect_cmi(page, "cmi.core.lesson_status", "passed")
    expect_cmi(page, "cmi.core.score.raw", "100")
    assert (cmi(page, "cmi.core.score.min"), cmi(page, "cmi.core.score.max")) == ("0", "100")
    data = queries.latest_version(package).data
    lessons = [lesson["key"] for module in data["modules"] for lesson in module["lessons"]]
    quizzes = [module["key"] for module in data["modules"]]
    assert cmi(page, "cmi.suspend_data") == (
        f"v:{','.join(lessons)};q:{quizzes[0]}=2/2,{quizzes[1]}=2/2;t:pre=2/2,post=2/2"
    )
    expect_cmi(page, "cmi.core.lesson_location", "post-test.html")

    # Leaving the package finishes the SCO, once.
    page.evaluate("leave()")
    page.wait_for_function("window.calls.indexOf('LMSFinish') >= 0")
    calls = page.evaluate("window.calls")
    assert (calls[0], calls.count("LMSInitialize"), calls.count("LMSFinish")) == (
        "LMSInitialize",
        1,
        1,
    )
    assert calls[-1] == "LMSFinish" and "LMSCommit" in calls
    core = page.evaluate("() => [window.API.cmi.core.lesson_status, window.API.cmi.core.score.raw]")
    assert core == ["passed", "100"]
    written = page.evaluate("window.written")
    assert written["cmi.core.exit"] == ""
    assert re.fullmatch(r"0000:0\d:\d\d", written["cmi.core.session_time"])


def test_wrong_answers_fail_the_package_with_a_lower_score(browser, package, platform):
    from baraza.learning.exports import scorm

    page = new_context(browser).new_page()
    page.goto(platform(scorm.build(queries.latest_version(package), "en")))
    page.evaluate("launch()")

    results = walk(page, module_2_right=False)

    assert results[1] == (
        "You answered 0 of 2 questions right (0%). You have not passed yet: the pass mark is "
        "50%. Read the lessons again, then try again."
    )
    # Module 1 was passed, module 2 was not: 2 of 4 quiz answers right.
    expect_cmi(page, "cmi.core.lesson_status", "failed")
    expect_cmi(page, "cmi.core.score.raw", "50")
    page.evaluate("leave()")
    page.wait_for_function("window.calls.indexOf('LMSFinish') >= 0")
    assert page.evaluate("window.written['cmi.core.exit']") == "suspend"


def test_a_learner_who_stops_half_way_is_incomplete_and_resumes_where_they_left(
    browser, package, platform
):
    from baraza.learning.exports import scorm

    page = new_context(browser).new_page()
    page.goto(platform(scorm.build(queries.latest_version(package), "en")))
    page.evaluate("launch()")
    frame = content(page)
    expect(frame.locator("h1")).to_have_text("Community engagement essentials")
    frame.get_by_role("link", name="Lesson 1.2").click()
    expect(frame.locator("h1")).to_have_text("Lesson 1.2")
    # The lesson page reports its visit from its script, a moment after its heading shows.
    page.wait_for_function(
        "String(window.API.LMSGetValue('cmi.core.lesson_location')).indexOf('lesson-') === 0"
    )
    expect_cmi(page, "cmi.core.lesson_status", "incomplete")
    expect_cmi(page, "cmi.core.score.raw", "")  # no quiz taken yet
    saved = {
        "cmi.suspend_data": cmi(page, "cmi.suspend_data"),
        "cmi.core.lesson_location": cmi(page, "cmi.core.lesson_location"),
    }
    assert saved["cmi.core.lesson_location"].startswith("lesson-")
    page.evaluate("leave()")
    page.wait_for_function("window.calls.indexOf('LMSFinish') >= 0")
    assert page.evaluate("window.written['cmi.core.exit']") == "suspend"

    # A new session on the platform, with what it kept: the package opens at Lesson 1.2.
    again = new_context(browser).new_page()
    again.goto(page.url)
    again.evaluate("(saved) => launch(saved)", saved)
    expect(content(again).locator("h1")).to_have_text("Lesson 1.2")
    assert cmi(again, "cmi.suspend_data") == saved["cmi.suspend_data"]


def test_a_package_without_quizzes_is_completed_once_its_lessons_are_visited(
    browser, author, platform
):
    from baraza.learning import models as m
    from baraza.learning.exports import scorm

    package = m.Package.objects.create(
        kind=m.Kind.LEARNING,
        slug="short",
        audience=m.Audience.STAFF,
        title_en="A short read",
        visit_share=50,
        created_by=author,
    )
    package.authors.add(author)
    module = m.Module.objects.create(package=package, title_en="Only module")
    for position in (1, 2):
        lesson = m.Lesson.objects.create(
            module=module, position=position, title_en=f"Part {position}"
        )
        m.Item.objects.create(lesson=lesson, kind=m.ItemKind.TEXT, body_en="Some text.")
    publish(package=package, actor=author)
    package.refresh_from_db()

    page = new_context(browser).new_page()
    page.goto(platform(scorm.build(queries.latest_version(package), "en")))
    page.evaluate("launch()")
    frame = content(page)
    expect(frame.locator("h1")).to_have_text("A short read")
    expect_cmi(page, "cmi.core.lesson_status", "incomplete")
    frame.locator("a[rel=next]").click()
    expect(frame.locator("h1")).to_have_text("Part 1")
    # Half the lessons is the package's visit share; there is no quiz, so no score.
    expect_cmi(page, "cmi.core.lesson_status", "completed")
    expect_cmi(page, "cmi.core.score.raw", "")


def test_without_a_platform_the_package_is_just_a_website(browser, package, platform):
    from baraza.learning.exports import scorm

    page = new_context(browser).new_page()
    harness = platform(scorm.build(queries.latest_version(package), "en"))
    page.goto(harness.replace("harness.html", "package/launch.html"))
    frame = page.frame_locator("#content")
    expect(frame.locator("h1")).to_have_text("Community engagement essentials")
    frame.locator("a[rel=next]").click()
    expect(frame.locator("h1")).to_have_text("Pre-test")
    assert page.evaluate("window.BarazaSCO.api()") is None


def test_the_offline_website_works_from_file_with_and_without_javascript(
    browser, package, tmp_path
):
    content_bytes = offline.build(queries.latest_version(package), "en")
    with zipfile.ZipFile(io.BytesIO(content_bytes)) as archive:
        archive.extractall(tmp_path)
    index = tmp_path / "ce-essentials-v1-en" / "index.html"

    page = new_context(browser).new_page()
    page.goto(index.as_uri())
    page.get_by_role("link", name="Quiz: Module 1").click()
    expect(page.locator("h1")).to_have_text("Quiz: Module 1")
    expect(page.locator("details.answer").first).to_be_hidden()
    page.get_by_role("button", name="Check my answers").click()
    expect(page.locator("p.result")).to_have_text("Answer every question first.")
    page.get_by_label("Right", exact=True).check()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Check my answers").click()
    expect(page.locator("p.result")).to_have_text(
        "You answered 1 of 2 questions right (50%). You passed: the pass mark is 50%."
    )
    expect(page.locator("details.answer").nth(1)).to_be_visible()

    plain = new_context(browser, java_script_enabled=False).new_page()
    plain.goto(index.as_uri())
    plain.get_by_role("link", name="Quiz: Module 1").click()
    expect(plain.get_by_role("button", name="Check my answers")).to_be_hidden()
    plain.locator("details.answer summary").first.click()
    expect(plain.locator("details.answer").first).to_contain_text("The right answer:")
