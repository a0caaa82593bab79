"""Every write to hubs, sessions and the directory, split by sub-domain (see STYLE.md)."""
