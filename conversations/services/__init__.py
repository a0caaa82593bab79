"""conversations services, split by sub-domain (see STYLE.md)."""
