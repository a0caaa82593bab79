"""What people say in the demo journeys: matters, plans and strengths, picked at random."""

from __future__ import annotations

OUTCOME_STATEMENTS = [
    "Not to be lonely",
    "To get out of the house at least twice a week",
    "To stay living in my own home",
    "To get back to my allotment",
    "To have a break from caring now and then",
    "To feel safe at night",
    "To get to the shops on my own",
    "To sort out my money worries",
    "To see my grandchildren more",
    "To be able to manage the stairs",
    "To feel useful again",
    "To get back to church on Sundays",
]
CRISIS_MATTERS = [
    "My wife is in hospital and I can't manage on my own.",
    "I fell last night and I'm frightened it will happen again.",
    "The carer hasn't come for three days.",
    "I've been told I'm being evicted at the end of the month.",
    "My son who looks after me has gone into hospital.",
]
CRISIS_PLANS = [
    "Daily phone call from the team; emergency respite bed from tomorrow; GP asked to visit.",
    "Community alarm fitted today; neighbour to check in each morning; review with family.",
    "Emergency home care twice a day for a week; carers centre to call; food larder delivery.",
    "Housing options appointment booked; Citizens Advice to help with the letter; daily call.",
]
GOOD_LIFE_MATTERS = [
    "Having a life beyond the four walls.",
    "Being able to keep caring for my husband without falling apart.",
    "Getting some of my independence back.",
    "Having people around me who I can count on.",
]
PLAN_SUMMARIES = [
    "Men's shed on Tuesdays with community transport; a befriender once a week.",
    "A regular break from caring: Shared Lives day support one day a week.",
    "Lunch club twice a week and a walking group buddy; personal care in the mornings.",
    "Homeshare match for company and help around the house; digital buddy for video calls.",
]
PAID_SUPPORT = [
    "Four hours of personal care a week",
    "One day a week of day support",
    "Respite: one week every three months",
    "",
    "",
]
AGREED = [
    "I'll call on Friday to see how the week went.",
    "Introduce to the lunch club; check in after the first visit.",
    "Ask the GP about a medication review.",
]
STRENGTHS_OWN = ["Determined and good humoured", "Good with his hands", "Loves to bake", ""]
STRENGTHS_FAMILY = ["Daughter nearby, visits weekends", "Neighbour pops in daily", ""]
STRENGTHS_COMMUNITY = ["Known at the church", "Used to go to the bowling club", ""]
