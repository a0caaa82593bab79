"""Every write to peer-forum data, split by sub-domain (see STYLE.md)."""
