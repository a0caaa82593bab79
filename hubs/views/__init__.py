"""Pages of the hubs app: hubs and sessions, the directory, and its HSDS exchange."""
