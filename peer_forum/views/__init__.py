"""Peer-forum pages, split by sub-domain: forums and meetings, requests, deciding, dashboard."""
