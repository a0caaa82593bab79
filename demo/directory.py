"""The demo directory: community solutions whose name, organisation, category, cost and
schedule agree (a lunch club run by a lunch club, at the price of a meal).

The same catalogue is the example directory import, ``docs/examples/directory.xlsx``
(``python manage.py shell -c "from demo.directory import write_example; write_example()"``
writes it again; a test checks the file matches): each entry's ``id`` is kept on the seeded
entry as its ``external_id``, so importing the example into the demo partnership finds the
entries already there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# (id, name, organisation, category slug, cost to the person, schedule, description)
CATALOGUE: list[tuple[str, str, str, str, str, str, str]] = [
    (
        "DIR-001",
        "Telephone befriending",
        "Riverside Befriending Network",
        "befriending",
        "Free",
        "A weekly call, at a time that suits",
        "A friendly volunteer rings for a chat every week.",
    ),
    (
        "DIR-002",
        "Befriending at home",
        "Riverside Befriending Network",
        "befriending",
        "Free",
        "A weekly visit, by arrangement",
        "A volunteer visits at home for a cup of tea and company.",
    ),
    (
        "DIR-003",
        "Carers' drop-in",
        "Riverside Carers Centre",
        "carers-support",
        "Free",
        "Wednesdays 10–12",
        "Advice, a break and a cuppa with other unpaid carers.",
    ),
    (
        "DIR-004",
        "Time for me: carers' breaks",
        "Riverside Carers Centre",
        "carers-support",
        "Free",
        "By arrangement",
        "Short breaks and sitting services so carers get time for themselves.",
    ),
    (
        "DIR-005",
        "Community circle",
        "Circles Network Riverside",
        "community-circles",
        "Free",
        "Monthly, by arrangement",
        "Friends and neighbours gather round one person to help with what matters to them.",
    ),
    (
        "DIR-006",
        "Circle of support",
        "Circles Network Riverside",
        "community-circles",
        "Free",
        "By arrangement",
        "A facilitated circle for someone facing a big change.",
    ),
    (
        "DIR-007",
        "Memory café",
        "Alzheimer Scotland",
        "dementia-support",
        "Free",
        "First Tuesday of the month 2–4",
        "A relaxed afternoon for people living with dementia and those who care for them.",
    ),
    (
        "DIR-008",
        "Singing for the brain",
        "Alzheimer Scotland",
        "dementia-support",
        "£2 a session",
        "Thursdays 10.30–12",
        "Singing, warm-ups and company for people with memory problems.",
    ),
    (
        "DIR-009",
        "Digital buddies",
        "Digital Buddies Riverside",
        "digital-skills",
        "Free",
        "Mondays 10–12",
        "Help with phones, tablets and video calls, one to one.",
    ),
    (
        "DIR-010",
        "Tablet and phone help",
        "Central Library",
        "digital-skills",
        "Free",
        "Fridays 2–4",
        "Drop in with your device and a question.",
    ),
    (
        "DIR-011",
        "Equipment loan store",
        "Riverside Care and Repair",
        "equipment-adaptations",
        "Free loan",
        "Weekdays 9–5",
        "Walking aids, bath seats and other equipment lent while you need it.",
    ),
    (
        "DIR-012",
        "Small repairs and adaptations",
        "Riverside Care and Repair",
        "equipment-adaptations",
        "Materials only",
        "By arrangement",
        "Grab rails, key safes and small jobs that help you stay at home.",
    ),
    (
        "DIR-013",
        "Community larder",
        "Riverside Food Larder",
        "food",
        "£3.50 a week",
        "Tuesdays and Fridays 12–3",
        "Members choose about £15 of food each week for a small fee.",
    ),
    (
        "DIR-014",
        "Food bank",
        "Riverside Food Bank",
        "food",
        "Free",
        "Mondays and Thursdays 1–3",
        "Emergency food parcels; no referral needed for a first visit.",
    ),
    (
        "DIR-015",
        "Homeshare matching",
        "Homeshare Scotland",
        "homeshare",
        "Small monthly fee",
        "By arrangement",
        "An older householder with a spare room is matched with someone who helps out.",
    ),
    (
        "DIR-016",
        "Homeshare information sessions",
        "Homeshare Scotland",
        "homeshare",
        "Free",
        "Second Monday of the month 6–7pm",
        "Find out whether homesharing could work for you.",
    ),
    (
        "DIR-017",
        "Housing options advice",
        "Riverside Housing Advice",
        "housing",
        "Free",
        "Weekdays 9–4",
        "Advice on staying put, moving, adapting or finding a new home.",
    ),
    (
        "DIR-018",
        "Care and repair",
        "Riverside Care and Repair",
        "housing",
        "Free advice",
        "By arrangement",
        "Help to organise repairs and adaptations to your home.",
    ),
    (
        "DIR-019",
        "Tuesday lunch club",
        "Riverside Lunch Club",
        "lunch-clubs",
        "£3.50 a meal",
        "Tuesdays 12–2",
        "A hot two-course lunch and good company.",
    ),
    (
        "DIR-020",
        "Soup and a blether",
        "Glenburn Parish Church",
        "lunch-clubs",
        "£2 a bowl",
        "Thursdays 12–1.30",
        "Homemade soup, a roll and a chat in the church hall.",
    ),
    (
        "DIR-021",
        "Men's shed",
        "Riverside Men's Shed",
        "mens-sheds",
        "£1 a visit",
        "Tuesdays and Thursdays 10–3",
        "Woodwork, repairs and a brew in a shared workshop.",
    ),
    (
        "DIR-022",
        "Woodwork shed",
        "Kirkton Men's Shed",
        "mens-sheds",
        "£1 a visit",
        "Wednesdays 10–3",
        "Make, mend and learn with others, whatever your skills.",
    ),
    (
        "DIR-023",
        "Wellbeing group",
        "Riverside Mental Health Association",
        "mental-health",
        "Free",
        "Mondays 2–4",
        "A friendly peer group for anyone feeling low or anxious.",
    ),
    (
        "DIR-024",
        "Listening service",
        "Riverside Mental Health Association",
        "mental-health",
        "Free",
        "Weekdays 10–8, by phone",
        "Someone to talk to in confidence.",
    ),
    (
        "DIR-025",
        "Home help micro-enterprise",
        "Helping Hands Riverside",
        "micro-enterprises",
        "£16 an hour",
        "By arrangement",
        "A local micro-enterprise offering help at home: shopping, cleaning, company.",
    ),
    (
        "DIR-026",
        "Gardening micro-enterprise",
        "Green Fingers Riverside",
        "micro-enterprises",
        "£15 an hour",
        "By arrangement",
        "Garden tidying and help to keep growing.",
    ),
    (
        "DIR-027",
        "Benefits check",
        "Riverside Citizens Advice",
        "money-advice",
        "Free",
        "Weekdays 9.30–4",
        "A full check that you get every benefit you are entitled to.",
    ),
    (
        "DIR-028",
        "Energy advice",
        "Riverside Citizens Advice",
        "money-advice",
        "Free",
        "Wednesdays 10–12",
        "Help with fuel bills, debt and keeping warm.",
    ),
    (
        "DIR-029",
        "Peer support group",
        "Riverside Peer Support Collective",
        "peer-support",
        "Free",
        "Fortnightly, Wednesdays 6–8pm",
        "People with lived experience supporting each other.",
    ),
    (
        "DIR-030",
        "Living with long COVID group",
        "Riverside Peer Support Collective",
        "peer-support",
        "Free",
        "Monthly, online",
        "Share what helps with others living with long COVID.",
    ),
    (
        "DIR-031",
        "Chair-based exercise",
        "Age Scotland",
        "physical-activity",
        "£2 a session",
        "Mondays 11–12",
        "Gentle exercise to music, seated, for all abilities.",
    ),
    (
        "DIR-032",
        "Walking group",
        "Riverside Walking Group",
        "physical-activity",
        "Free",
        "Saturdays 10am",
        "Short, sociable walks on the flat, with a café at the end.",
    ),
    (
        "DIR-033",
        "Shared Lives day support",
        "Shared Lives Plus",
        "shared-lives",
        "Assessed charge",
        "By arrangement",
        "Daytime support in the home of an approved Shared Lives carer.",
    ),
    (
        "DIR-034",
        "Shared Lives short breaks",
        "Shared Lives Plus",
        "shared-lives",
        "Assessed charge",
        "By arrangement",
        "Overnight breaks with a Shared Lives carer.",
    ),
    (
        "DIR-035",
        "Knit and natter",
        "Central Library",
        "social-groups",
        "Free",
        "Wednesdays 2–4",
        "Bring your knitting, or learn, over tea and biscuits.",
    ),
    (
        "DIR-036",
        "Community choir",
        "Riverside Community Choir",
        "social-groups",
        "£3 a session",
        "Tuesdays 7–9pm",
        "No auditions, no reading music: just come and sing.",
    ),
    (
        "DIR-037",
        "Community transport",
        "Riverside Community Transport",
        "transport",
        "£2 a journey",
        "Weekdays, book a day ahead",
        "Door-to-door minibus for people who cannot use buses.",
    ),
    (
        "DIR-038",
        "Volunteer drivers",
        "Riverside Community Transport",
        "transport",
        "45p a mile",
        "By arrangement",
        "Volunteers drive you to appointments and back.",
    ),
    (
        "DIR-039",
        "Volunteer centre",
        "Riverside Volunteer Centre",
        "volunteering",
        "Free",
        "Weekdays 10–4",
        "Find volunteering that suits your interests and time.",
    ),
    (
        "DIR-040",
        "Befriending volunteers wanted",
        "Riverside Befriending Network",
        "volunteering",
        "Free",
        "Training monthly",
        "Become a befriender: training and support given.",
    ),
]

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "directory.xlsx"


def entry(index: int, locality: str) -> dict[str, Any]:
    """The catalogue's entry for the ``index``-th demo solution (a larger demo repeats the
    catalogue, each repeat named for a locality and given its own id)."""
    key, name, organisation, slug, cost, schedule, description = CATALOGUE[index % len(CATALOGUE)]
    repeat = index // len(CATALOGUE)
    return {
        "id": key if not repeat else f"{key}-{repeat + 1}",
        "name": name if not repeat else f"{name}, {locality} ({repeat + 1})",
        "organisation": organisation,
        "category": slug,
        "cost_to_person": cost,
        "schedule": schedule,
        "description": description,
    }


def write_example(path: Path = EXAMPLE) -> None:
    """The example directory import: the catalogue, open to the whole partnership."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Directory")
    columns = [
        "id",
        "name",
        "organisation",
        "category",
        "cost_to_person",
        "schedule",
        "description",
    ]
    sheet.append(columns)
    for index in range(len(CATALOGUE)):
        values = entry(index, "")
        sheet.append([values[column] for column in columns])
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
