from __future__ import annotations

from django.contrib.auth.hashers import make_password

from cls_portal.accounts.models import User
from cls_portal.permissions import Role
from demo.context import DEMO_PASSWORD, SeedContext

# username, first name, last name, role, localities ("all" or the first N localities)
DEMO_USERS: list[tuple[str, str, str, str, str]] = [
    ("hubworker", "Aileen", "Murray", Role.HUB_WORKER, "1"),
    ("practitioner", "Priya", "Shah", Role.PRACTITIONER, "2"),
    ("manager", "Malcolm", "Reid", Role.FORUM_MANAGER, "2"),
    ("lead", "Lorna", "Campbell", Role.HSCP_LEAD, "all"),
    ("admin", "Adam", "Fraser", Role.ADMIN, "all"),
]


def seed(ctx: SeedContext) -> None:
    password = make_password(DEMO_PASSWORD)  # hash once: Argon2 is slow by design
    for username, first, last, role, localities in DEMO_USERS:
        user = User.objects.create(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@example.org",
            role=role,
            partnership=ctx.partnership,
            password=password,
        )
        chosen = ctx.localities if localities == "all" else ctx.localities[: int(localities)]
        user.localities.set(chosen)
        ctx.users[role] = user
    ctx.say(f"  {len(DEMO_USERS)} demo users")
