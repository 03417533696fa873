"""The one place that answers "may user U do action A on object O?".

Each app registers the rules for its own models (in its ``policies.py``, imported by its
AppConfig), and every view, feed, download and API path asks here:

    policies.can(request.user, "read", topic)
    policies.require(request.user, "post", community)   # raises PermissionDenied

A rule is looked up by the object's class and the action; an unknown pair is refused, so a
forgotten rule fails closed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied

Rule = Callable[[Any, Any], bool]

_rules: dict[tuple[type, str], Rule] = {}


class Refused(PermissionDenied):
    """A refusal that carries a reason to show the person (already translated, lazily)."""

    def __init__(self, reason=None):
        super().__init__(reason)
        self.reason = reason


def rule(model: type, *actions: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        for action in actions:
            _rules[(model, action)] = fn
        return fn

    return register


def can(user, action: str, obj) -> bool:
    for cls in type(obj).__mro__:
        fn = _rules.get((cls, action))
        if fn is not None:
            return bool(fn(user, obj))
    return False


def require(user, action: str, obj, *, reason=None) -> None:
    if not can(user, action, obj):
        raise Refused(reason)


def actions() -> list[tuple[str, str]]:
    """Every registered (model, action) pair, for the permission-matrix tests."""
    return sorted((model.__name__, action) for model, action in _rules)
