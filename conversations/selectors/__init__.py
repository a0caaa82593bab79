"""conversations selectors, split by sub-domain (see STYLE.md)."""
