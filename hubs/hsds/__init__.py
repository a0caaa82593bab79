"""Open Referral HSDS 3.0 exchange of the community solutions directory.

The file we write and read is one JSON object (see ``export.py``)::

    {"version": "3.0", "publisher": …, "generated_at": …,
     "organizations": [organization, …], "services": [service, …],
     "locations": [location, …], "service_at_locations": [service_at_location, …],
     "taxonomies": [taxonomy, …], "taxonomy_terms": [taxonomy_term, …]}

Every record in each list is an HSDS 3.0 object of that kind and validates against its
published schema (strictly: no properties the schema does not define). Ids are the stable UUIDs
kept on the models (``hsds_service_id``, ``hsds_organization_id``, ``hsds_location_id``,
``SolutionCategory.hsds_id``); ids of the small child records (phones, contacts, schedules,
service areas, attributes, addresses) are derived from them with ``uuid5`` so they too are
stable from one export to the next.
"""
