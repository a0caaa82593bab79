"""Deterministic demo data for every app: ``python manage.py seed_demo``.

This app sits above all the others and no app imports it. Each module seeds one part, in the
order ``seed_demo`` runs them: ``hubs`` (places, directory, sessions), ``users``, ``people``
(people and their drop-ins), ``signposts``, ``pathway`` (journeys along the Three
Conversations), ``peer_forum`` (forums and meetings from ``forums``, then funding requests) and
``outcomes``. Rows are written in bulk (``bulk``) for speed at the large scale, but every rule
about what an event does to an episode comes from the product's own pure functions
(``conversations.services.pathway``), so the demo cannot drift from the product.
"""
