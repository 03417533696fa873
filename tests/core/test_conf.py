"""The environment readers fail loudly on bad values instead of guessing."""

import stat

import pytest
from django.core.exceptions import ImproperlyConfigured

from baraza.conf import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    env_url,
    persistent_secret_key,
)


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("1", True), ("Off", False), ("no", False)]
)
def test_env_bool_reads_common_spellings(raw, expected):
    assert env_bool("FLAG", not expected, environ={"FLAG": raw}) is expected


def test_env_bool_uses_default_when_unset_or_blank():
    assert env_bool("FLAG", True, environ={}) is True
    assert env_bool("FLAG", False, environ={"FLAG": "  "}) is False


def test_env_bool_rejects_anything_else():
    with pytest.raises(ImproperlyConfigured, match="FLAG='maybe' is not a boolean"):
        env_bool("FLAG", False, environ={"FLAG": "maybe"})


def test_env_int_parses_and_checks_bounds():
    assert env_int("PORT", 25, environ={"PORT": "587"}) == 587
    with pytest.raises(ImproperlyConfigured, match="PORT='twenty' is not an integer"):
        env_int("PORT", 25, environ={"PORT": "twenty"})
    with pytest.raises(ImproperlyConfigured, match="above the maximum of 65535"):
        env_int("PORT", 25, maximum=65535, environ={"PORT": "70000"})
    with pytest.raises(ImproperlyConfigured, match="below the minimum of 0"):
        env_int("AGE", 0, minimum=0, environ={"AGE": "-1"})


def test_env_list_splits_on_commas_and_drops_blanks():
    assert env_list("HOSTS", ["x"], environ={"HOSTS": "a.org, b.org,,"}) == ["a.org", "b.org"]
    assert env_list("HOSTS", ["x"], environ={}) == ["x"]


def test_env_url_requires_an_absolute_url_with_a_known_scheme():
    assert (
        env_url("SITE_URL", "http://x", environ={"SITE_URL": "https://a.org/"}) == "https://a.org"
    )
    with pytest.raises(ImproperlyConfigured, match=r"SITE_URL='a\.org' is not an absolute URL"):
        env_url("SITE_URL", "http://x", environ={"SITE_URL": "a.org"})
    with pytest.raises(ImproperlyConfigured, match="redis://"):
        env_url("REDIS_URL", "", schemes=("redis",), environ={"REDIS_URL": "http://cache"})


def test_env_choice_lists_the_allowed_values():
    assert env_choice("LEVEL", "INFO", ("INFO", "DEBUG"), environ={"LEVEL": "DEBUG"}) == "DEBUG"
    with pytest.raises(ImproperlyConfigured, match="must be one of: INFO, DEBUG"):
        env_choice("LEVEL", "INFO", ("INFO", "DEBUG"), environ={"LEVEL": "loud"})


def test_env_str_strips_and_defaults():
    assert env_str("NAME", "Baraza", environ={"NAME": "  Kikao "}) == "Kikao"
    assert env_str("NAME", "Baraza", environ={}) == "Baraza"


def test_secret_key_is_generated_once_and_kept_private(tmp_path):
    data_dir = tmp_path / "data"
    first = persistent_secret_key(data_dir)
    second = persistent_secret_key(data_dir)
    assert first == second
    assert len(first) >= 50
    mode = stat.S_IMODE((data_dir / "secret_key").stat().st_mode)
    assert mode == 0o600
