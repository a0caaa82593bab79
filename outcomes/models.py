"""Outcome measurement and reporting."""
