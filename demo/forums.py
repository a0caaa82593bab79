"""Demo peer forums: one per locality, with members enough for its quorum (a few more staff
per locality besides the demo sign-ins), and weekly meetings with attendance."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from cls_portal.accounts.models import User
from cls_portal.permissions import Role
from demo.bulk import bulk_insert, bulk_insert_rows, new
from demo.context import SeedContext
from peer_forum.models import ForumMeeting, PeerForum

WEEKLY_LIMITS = [Decimal("500.00"), Decimal("450.00"), Decimal("600.00")]
ONE_OFF_LIMIT = Decimal("1500.00")
COLLEAGUES = [
    ("Euan", "Baird", Role.PRACTITIONER),
    ("Shona", "Mackay", Role.PRACTITIONER),
    ("Iain", "Crawford", Role.FORUM_MANAGER),
]
# (service, weekly cost range in pounds) for long-term requests.


def _colleagues(ctx: SeedContext) -> dict[int, list[User]]:
    """A few more staff per locality, so every forum has enough members for its quorum.
    They cannot sign in (unusable passwords): the demo sign-ins are the five in the README."""
    password = make_password(None)
    users, places = [], []
    for locality in ctx.localities:
        for first, last, role in COLLEAGUES:
            users.append(
                User(
                    username=f"{first.lower()}.{last.lower()}.{locality.slug}",
                    first_name=first,
                    last_name=last,
                    role=role,
                    partnership=ctx.partnership,
                    password=password,
                )
            )
            places.append(locality)
    users = User.objects.bulk_create(users)
    through = User.localities.through
    through.objects.bulk_create(
        through(user_id=user.pk, locality_id=locality.pk)
        for user, locality in zip(users, places, strict=True)
    )
    by_locality: dict[int, list[User]] = defaultdict(list)
    for user, locality in zip(users, places, strict=True):
        by_locality[locality.pk].append(user)
    return by_locality


def seed_forums(ctx: SeedContext) -> tuple[list[PeerForum], dict[int, list[User]]]:
    colleagues = _colleagues(ctx)
    demo_staff = [
        user
        for role, user in ctx.users.items()
        if role in (Role.PRACTITIONER, Role.FORUM_MANAGER, Role.HUB_WORKER)
    ]
    forums, members = [], {}
    for index, locality in enumerate(ctx.localities):
        forums.append(
            PeerForum(
                partnership=ctx.partnership,
                locality=locality,
                name=f"{locality.name} peer forum",
                delegated_weekly_limit=WEEKLY_LIMITS[index % len(WEEKLY_LIMITS)],
                delegated_one_off_limit=ONE_OFF_LIMIT,
                quorum=3,
            )
        )
        local = [user for user in demo_staff if locality.pk in user.locality_id_set]
        members[index] = local + colleagues[locality.pk]
    forums = PeerForum.objects.bulk_create(forums)
    through = PeerForum.members.through
    through.objects.bulk_create(
        through(peerforum_id=forum.pk, user_id=user.pk)
        for index, forum in enumerate(forums)
        for user in members[index]
    )
    return forums, {forum.pk: members[index] for index, forum in enumerate(forums)}


def seed_meetings(
    ctx: SeedContext, forums: list[PeerForum], members: dict[int, list[User]]
) -> dict[int, list[ForumMeeting]]:
    """Weekly meetings (each forum on its own weekday) from the start of the history to three
    weeks ahead; the past ones record 3 or more members present. The first forum (the demo
    manager's) meets on today's weekday, so today's meeting is there to run: its agenda waits
    and no one is recorded as present yet."""
    first_monday = ctx.start - datetime.timedelta(days=ctx.start.weekday())
    horizon = ctx.today + datetime.timedelta(weeks=3)
    meetings = []
    for index, forum in enumerate(forums):
        day = first_monday + datetime.timedelta(days=1 + index % 3)  # Tue, Wed or Thu
        if index == 0:
            day = ctx.today - datetime.timedelta(weeks=(ctx.today - first_monday).days // 7)
        while day <= horizon:
            meetings.append(
                new(
                    ForumMeeting,
                    forum=forum,
                    held_on=day,
                    starts_at=datetime.time(10, 0),
                    place=ctx.rng.choice(["Library meeting room", "Health centre", "Teams"]),
                )
            )
            day += datetime.timedelta(weeks=1)
    meetings = bulk_insert(ForumMeeting, meetings)
    through = ForumMeeting.attendees.through
    rows = []
    by_forum: dict[int, list[ForumMeeting]] = defaultdict(list)
    for meeting in meetings:
        by_forum[meeting.forum_id].append(meeting)
        if meeting.held_on >= ctx.today:
            continue
        pool = members[meeting.forum_id]
        present = ctx.rng.sample(pool, k=ctx.rng.randint(min(3, len(pool)), len(pool)))
        meeting.present_count = len(present)
        rows.extend((meeting.pk, user.pk) for user in present)
    bulk_insert_rows(through, ["forummeeting", "user"], rows)
    return by_forum
