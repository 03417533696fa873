"""Placeholder until the offline builder lands."""


def build(edition, language, out, progress):
    raise NotImplementedError("offline builder")
