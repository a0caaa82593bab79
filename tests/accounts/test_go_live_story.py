"""The whole story, as a new partnership lives it, in the browser (Django's test client): the
operator sets up a partnership, its administrator sets a password through the e-mailed link,
adds two localities, three hubs, four staff (invited by e-mail) and a peer forum; then a member
of staff sets their password and signs in."""

from __future__ import annotations

from django.core import mail
from django.test import Client
from django.urls import reverse

from cls_portal.accounts.models import User
from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from hubs.models import Hub, Locality, Partnership
from peer_forum.models import PeerForum
from tests.accounts.conftest import last_link, link_in

PASSWORD = "violet-harbour-lantern-42"  # nosec B105: a test password


def _sign_in(username: str, password: str) -> Client:
    client = Client()
    answer = client.post(reverse("login"), {"username": username, "password": password})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    return client


def _set_password(path: str, password: str) -> None:
    client = Client()
    assert client.get(path).status_code == 200
    answer = client.post(path, {"password": password, "password_again": password})
    assert answer.status_code == 302 and answer["Location"] == reverse("login")


def test_a_partnership_goes_live_in_the_browser(operator, login):
    # The operator sets the partnership up.
    platform = login(operator)
    assert platform.get(reverse("home")).status_code == 200
    assert "Partnerships" in platform.get(reverse("home")).content.decode()
    answer = platform.post(
        reverse("platform:partnership_create"),
        {
            "name": "Glen Valley HSCP",
            "slug": "",
            "nation": Partnership.Nation.SCOTLAND,
            "retention_years": "10",
            "swemwbs_licensed": "on",
            "admin_first_name": "Ada",
            "admin_last_name": "Lovelace",
            "admin_email": "ada@example.org",
        },
    )
    assert answer.status_code == 302
    partnership = Partnership.objects.get(slug="glen-valley-hscp")
    assert partnership.retention_years == 10 and partnership.holds_swemwbs_licence
    assert "Glen Valley HSCP" in platform.get(reverse("platform:partnership_list")).content.decode()
    assert mail.outbox[-1].to == ["ada@example.org"]

    # Its administrator sets a password through the link, and signs in.
    _set_password(last_link(), PASSWORD)
    admin_user = User.objects.get(username="ada@example.org")
    assert admin_user.role == Role.ADMIN and admin_user.partnership == partnership
    admin = _sign_in("ada@example.org", PASSWORD)
    assert "Set up" in admin.get(reverse("home")).content.decode()
    assert admin.get(reverse("accounts:setup")).status_code == 200

    # Two localities.
    for name in ("Upper Glen", "Lower Glen"):
        answer = admin.post(reverse("hubs:locality_create"), {"name": name})
        assert answer.status_code == 302
    upper, lower = (Locality.objects.get(partnership=partnership, name=n) for n in
                    ("Upper Glen", "Lower Glen"))  # fmt: skip

    # Three hubs.
    for name, locality, postcode in (
        ("Glen Library", upper, "ph1 5aa"),
        ("Riverside Café", upper, "PH1 6BB"),
        ("St Mary's Hall", lower, "PH2 7CC"),
    ):
        answer = admin.post(
            reverse("hubs:hub_create"),
            {
                "name": name,
                "locality": locality.pk,
                "venue_type": Hub.VenueType.LIBRARY,
                "address": "1 Main Street",
                "postcode": postcode,
                "usual_days": "Tuesdays 10–12",
                "is_active": "on",
            },
        )
        assert answer.status_code == 302, answer.content.decode()[:3000]
    assert Hub.objects.filter(partnership=partnership).count() == 3
    assert Hub.objects.get(name="Glen Library").postcode == "PH1 5AA"

    # Four staff, invited by e-mail.
    staff = [
        ("Bea", "Brown", Role.PRACTITIONER, [upper]),
        ("Cal", "Craig", Role.FORUM_MANAGER, [upper]),
        ("Dee", "Dunn", Role.HUB_WORKER, [upper, lower]),
        ("Eve", "Ellis", Role.HSCP_LEAD, []),
    ]
    sent_before = len(mail.outbox)
    for first, last, role, localities in staff:
        answer = admin.post(
            reverse("accounts:user_create"),
            {
                "first_name": first,
                "last_name": last,
                "email": f"{first.lower()}@example.org",
                "role": role,
                "localities": [loc.pk for loc in localities],
            },
        )
        assert answer.status_code == 302, answer.content.decode()[:3000]
    invitations = mail.outbox[sent_before:]
    assert [m.to for m in invitations] == [[f"{s[0].lower()}@example.org"] for s in staff]

    # A forum in Upper Glen with two of them as members.
    bea, cal = (
        User.objects.get(username="bea@example.org"),
        User.objects.get(username="cal@example.org"),
    )
    answer = admin.post(
        reverse("peer_forum:forum_create"),
        {
            "locality": upper.pk,
            "name": "Upper Glen peer forum",
            "delegated_weekly_limit": "300",
            "delegated_one_off_limit": "1500",
            "quorum": "2",
            "members": [bea.pk, cal.pk],
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    forum = PeerForum.objects.get(partnership=partnership)
    assert set(forum.members.all()) == {bea, cal}

    # The set-up page counts what is there.
    page = admin.get(reverse("accounts:setup")).content.decode()
    for count in ("2 in use", "3 in use", "5 can sign in", "1 in use"):
        assert count in page

    # A member of staff sets a password with their own link and works at once.
    _set_password(link_in(invitations[0]), "quiet-meadow-copper-77")
    bea_client = _sign_in("bea@example.org", "quiet-meadow-copper-77")
    assert bea_client.get(reverse("conversations:person_list")).status_code == 200

    # Everything was audited, with who did it.
    audited = AuditEntry.objects.filter(partnership_id=partnership.pk)
    assert audited.filter(model="hubs.partnership", actor=operator).exists()
    assert audited.filter(model="hubs.locality", actor=admin_user).count() == 2
    assert audited.filter(model="hubs.hub", actor=admin_user).count() == 3
    assert audited.filter(model="accounts.user", action="create").count() == 5
    assert audited.filter(model="accounts.invitation", action="create").count() == 5
    assert audited.filter(model="peer_forum.peerforum", actor=admin_user).count() == 1
