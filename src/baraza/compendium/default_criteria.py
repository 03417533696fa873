"""The criteria set shipped with Baraza (version 1), in English and French.

Loaded by the data migration ``0002_default_criteria``; ``load`` creates the set only when no
criteria set exists yet, so curators' later edits (new versions) are never overwritten.
"""

GATES: list = []
SCORED: list = []


def load(get_model) -> None:
    CriteriaSet = get_model("CriteriaSet")
    Criterion = get_model("Criterion")
    if CriteriaSet.objects.exists() or not GATES:
        return
    criteria_set = CriteriaSet.objects.create(
        version=1,
        name_en="Compendium criteria",
        name_fr="Critères du compendium",
        state="active",
    )
    for position, item in enumerate(GATES):
        Criterion.objects.create(criteria_set=criteria_set, kind="gate", position=position, **item)
    for position, item in enumerate(SCORED):
        Criterion.objects.create(
            criteria_set=criteria_set, kind="scored", position=position, **item
        )
