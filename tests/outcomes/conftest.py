"""Fixtures for the outcomes tests."""

from __future__ import annotations
