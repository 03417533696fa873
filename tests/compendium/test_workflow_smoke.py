from baraza.compendium.models import Label, Status
from tests.compendium import factories


def test_a_record_goes_from_draft_to_published_version_1(submitter, curator, reviewers):
    experience = factories.published(submitter, curator, reviewers[:2], scores=(2, 3))
    assert experience.status == Status.PUBLISHED
    assert experience.label == Label.BEST
    assert experience.version_number == 1
    assert experience.identifier.startswith("CE-")
