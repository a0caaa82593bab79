"""A partnership's administrator: localities (add, rename, stop using — never delete) and the
partnership's settings; hubs with their usual days; forums only in localities in use."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from hubs.models import Hub, Locality, Partnership
from hubs.services.hubs import hub_create
from hubs.services.localities import locality_create
from outcomes.models import Report
from outcomes.services.reports import reports_schedule_month
from peer_forum.services.forums import forum_create
from tests.factories import HubFactory, LocalityFactory

OTHER_ROLES = (Role.HUB_WORKER, Role.PRACTITIONER, Role.FORUM_MANAGER, Role.HSCP_LEAD)


def test_the_admin_adds_a_locality_and_it_is_audited(world, users, login):
    admin = users[Role.ADMIN]
    answer = login(admin).post(reverse("hubs:locality_create"), {"name": "  East   Glen "})
    assert answer.status_code == 302
    east = Locality.objects.get(partnership=world.partnership, name="East Glen")
    assert east.slug == "east-glen" and east.is_active
    entry = AuditEntry.objects.get(model="hubs.locality", object_id=str(east.pk))
    assert entry.actor == admin and entry.partnership_id == world.partnership.pk


def test_a_locality_of_the_same_name_is_refused(world, users, login):
    answer = login(users[Role.ADMIN]).post(reverse("hubs:locality_create"), {"name": "north"})
    assert "There is already a locality with this name." in answer.content.decode()
    assert Locality.objects.filter(partnership=world.partnership).count() == 2


def test_another_partnership_may_use_the_same_name(world):
    locality_create(actor=None, partnership=world.outsider_partnership, name="North")
    assert Locality.objects.filter(name="North").count() == 2


def test_an_empty_name_is_refused(world, users, login):
    answer = login(users[Role.ADMIN]).post(reverse("hubs:locality_create"), {"name": "  "})
    assert answer.status_code == 200
    assert "Enter the locality" in answer.content.decode()


def test_the_admin_renames_and_stops_using_a_locality(world, users, login):
    admin = users[Role.ADMIN]
    answer = login(admin).post(
        reverse("hubs:locality_edit", args=[world.locality.pk]), {"name": "North Glen"}
    )
    assert answer.status_code == 302
    world.locality.refresh_from_db()
    assert world.locality.name == "North Glen" and not world.locality.is_active
    assert world.locality.slug == "north"  # links and reports made before still find it
    entry = AuditEntry.objects.get(model="hubs.locality", action="update")
    assert entry.changes["name"] == ["North", "North Glen"]
    assert entry.changes["is_active"] == [True, False]


def test_a_locality_with_records_cannot_be_deleted(world):
    HubFactory(locality=world.locality)
    with pytest.raises(ProtectedError):
        world.locality.delete()


def test_the_locality_list_reads_a_bounded_number_of_queries(
    world, users, login, django_assert_max_num_queries
):
    for _ in range(15):
        HubFactory(locality=LocalityFactory(partnership=world.partnership))
    client = login(users[Role.ADMIN])
    with django_assert_max_num_queries(8):
        page = client.get(reverse("hubs:locality_list"))
    assert page.status_code == 200 and "North" in page.content.decode()


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_may_not_manage_localities(role, world, users, login):
    client = login(users[role])
    assert client.get(reverse("hubs:locality_list")).status_code == 403
    assert client.post(reverse("hubs:locality_create"), {"name": "X"}).status_code == 403
    edit = reverse("hubs:locality_edit", args=[world.locality.pk])
    assert client.post(edit, {"name": "X", "is_active": "on"}).status_code == 403
    assert client.post(reverse("hubs:partnership_settings"), {}).status_code == 403
    assert not Locality.objects.filter(name="X").exists()


def test_another_partnerships_admin_gets_404_for_a_locality(world, users, login):
    client = login(users[f"outsider_{Role.ADMIN.value}"])
    edit = reverse("hubs:locality_edit", args=[world.locality.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"name": "Taken", "is_active": "on"}).status_code == 404
    world.locality.refresh_from_db()
    assert world.locality.name == "North"
    page = client.get(reverse("hubs:locality_list")).content.decode()
    assert "North" not in page and "Hill" in page


def test_a_locality_not_in_use_is_not_offered_for_new_hubs(world, users, login):
    world.other_locality.is_active = False
    world.other_locality.save()
    page = login(users[Role.ADMIN]).get(reverse("hubs:hub_create")).content.decode()
    assert "South" not in page and "North" in page
    with pytest.raises(ValidationError, match="no longer in use"):
        hub_create(actor=users[Role.ADMIN], partnership=world.partnership,
                   locality=world.other_locality, name="New hub", venue_type="library")  # fmt: skip
    assert not Hub.objects.filter(name="New hub").exists()


def test_a_hub_keeps_its_locality_when_that_goes_out_of_use(world, users, login):
    hub = HubFactory(locality=world.locality, name="Library")
    world.locality.is_active = False
    world.locality.save()
    answer = login(users[Role.ADMIN]).post(
        reverse("hubs:hub_edit", args=[hub.pk]),
        {"name": "Library", "locality": world.locality.pk, "venue_type": "library",
         "usual_days": "Fridays 9–1", "is_active": "on"},
    )  # fmt: skip
    assert answer.status_code == 302
    hub.refresh_from_db()
    assert hub.usual_days == "Fridays 9–1" and hub.locality == world.locality
    page = login(users[Role.HUB_WORKER]).get(reverse("hubs:hub_detail", args=[hub.pk]))
    assert "Fridays 9–1" in page.content.decode()


def test_a_forum_cannot_be_set_up_in_a_locality_not_in_use(world, users):
    world.locality.is_active = False
    world.locality.save()
    with pytest.raises(ValidationError, match="no longer in use"):
        forum_create(actor=users[Role.ADMIN], locality=world.locality, name="F",
                     delegated_weekly_limit=Decimal("1"), delegated_one_off_limit=Decimal("1"),
                     quorum=1, members=[users[Role.PRACTITIONER]])  # fmt: skip


def test_the_admin_changes_the_partnerships_settings(world, users, login):
    admin = users[Role.ADMIN]
    client = login(admin)
    assert client.get(reverse("hubs:partnership_settings")).status_code == 200
    answer = client.post(
        reverse("hubs:partnership_settings"),
        {"retention_years": "12", "swemwbs_licensed": "on",
         "report_schedule": Partnership.ReportSchedule.ON_REQUEST},
    )  # fmt: skip
    assert answer.status_code == 302
    world.partnership.refresh_from_db()
    assert world.partnership.retention_years == 12
    assert world.partnership.holds_swemwbs_licence
    assert world.partnership.report_schedule == Partnership.ReportSchedule.ON_REQUEST
    entry = AuditEntry.objects.get(model="hubs.partnership", action="update")
    assert entry.actor == admin and entry.changes["retention_years"] == [None, 12]


def test_bad_settings_are_refused_and_change_nothing(world, users, login):
    answer = login(users[Role.ADMIN]).post(
        reverse("hubs:partnership_settings"),
        {"retention_years": "0", "report_schedule": "weekly"},
    )
    page = answer.content.decode()
    assert answer.status_code == 200 and "from 1 to 100" in page
    world.partnership.refresh_from_db()
    assert world.partnership.retention_years is None


def test_another_partnerships_admin_changes_only_their_own_settings(world, users, login):
    login(users[f"outsider_{Role.ADMIN.value}"]).post(
        reverse("hubs:partnership_settings"),
        {"retention_years": "3", "report_schedule": Partnership.ReportSchedule.MONTHLY},
    )
    world.partnership.refresh_from_db()
    world.outsider_partnership.refresh_from_db()
    assert world.partnership.retention_years is None
    assert world.outsider_partnership.retention_years == 3


def test_monthly_reports_are_made_only_where_the_schedule_says(world):
    world.outsider_partnership.report_schedule = Partnership.ReportSchedule.ON_REQUEST
    world.outsider_partnership.save()
    reports_schedule_month(today=datetime.date(2026, 11, 1))
    made = set(Report.objects.values_list("partnership_id", flat=True))
    assert made == {world.partnership.pk}
