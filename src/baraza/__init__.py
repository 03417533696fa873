"""Baraza: a bilingual community-health platform."""

__version__ = "0.1.0"
