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
