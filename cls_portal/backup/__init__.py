"""Backups of the database and the media folder, and restoring them (``manage.py backup`` /
``manage.py restore``, ``make backup`` / ``make restore``).

Generic: it knows no app. It dumps whatever the configured database holds (PostgreSQL with
``pg_dump``, SQLite with its backup API) and whatever is under ``MEDIA_ROOT`` (the report PDFs),
and writes a manifest saying what was taken, so a restore can check it got all of it back."""
