"""Peer forums, funding requests and decisions."""
