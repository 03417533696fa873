"""Placeholder until the dataset builder lands."""


def build(edition, language, out, progress):
    raise NotImplementedError("dataset builder")
