"""The reference list of community solution categories, loaded by a data migration."""

SOLUTION_CATEGORIES: list[tuple[str, str]] = [
    ("befriending", "Befriending"),
    ("physical-activity", "Physical activity"),
    ("carers-support", "Carers' support"),
    ("money-advice", "Money and benefits advice"),
    ("transport", "Transport"),
    ("lunch-clubs", "Lunch clubs"),
    ("mens-sheds", "Men's sheds"),
    ("peer-support", "Peer support"),
    ("volunteering", "Volunteering"),
    ("shared-lives", "Shared Lives"),
    ("homeshare", "Homeshare"),
    ("community-circles", "Community circles"),
    ("micro-enterprises", "Micro-enterprises"),
    ("equipment-adaptations", "Equipment and adaptations"),
    ("mental-health", "Mental health and wellbeing"),
    ("dementia-support", "Dementia support"),
    ("digital-skills", "Digital skills"),
    ("housing", "Housing support"),
    ("social-groups", "Social and hobby groups"),
    ("food", "Food banks and community larders"),
]


def category_hsds_id(slug: str):
    """The stable HSDS taxonomy-term id of a category: the same on every installation."""
    import uuid

    return uuid.uuid5(uuid.NAMESPACE_URL, f"cls-portal/category/{slug}")


def load_categories(model=None) -> int:
    """Add any missing categories of the reference list (as the data migration does); returns
    how many were added. ``model`` is the historical model inside a migration."""
    if model is None:
        from hubs.models import SolutionCategory as model
    existing = set(model.objects.values_list("slug", flat=True))
    missing = [
        model(slug=slug, name=name, hsds_id=category_hsds_id(slug))
        for slug, name in SOLUTION_CATEGORIES
        if slug not in existing
    ]
    model.objects.bulk_create(missing)
    return len(missing)
