"""conversations views, split by sub-domain (see STYLE.md)."""
