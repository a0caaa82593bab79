"""The programme view: sharing partnerships side by side, the programme's totals, opting out,
downloads, the annual report, and who may see it.

Hand-built footfall (head-counts at hub sessions, about no one by name) in the month before last:
  Riverside (A, shares): two sessions, 7 + 5 = 12 people
  Hillside (B, shares):  two sessions, 6 + 3 = 9 people
  Glenview (C, does not share): one session, 20 people
so the programme's total is 21 people at 4 sessions, and Glenview's 20 shows nowhere.
The month before that: A 8, B 2 ("<5"), so the total is withheld (8 + "<5" would give B away).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from outcomes.models import FidelityAssessment, FidelityRating, ProgrammeSharing, Report
from outcomes.periods import Month, MonthRange
from outcomes.presentation.programme import programme_month, programme_records
from outcomes.selectors.fidelity import Quarter, fidelity_comparison
from outcomes.services.programmes import programme_report_request, programme_sharing_set
from outcomes.services.reports import report_generate
from tests.factories import HubFactory, HubSessionFactory, LocalityFactory, UserFactory
from tests.outcomes.factories import ProgrammeFactory, ProgrammeSharingFactory


@pytest.fixture
def month(today) -> Month:
    return Month.last_full(today).shift(-1)


@pytest.fixture
def network(world, month):
    glenview = LocalityFactory(name="Glen", partnership__name="Glenview HSCP")
    counts = {
        world.locality: {month: (7, 5), month.previous: (8,)},
        world.outsider_locality: {month: (6, 3), month.previous: (2,)},
        glenview: {month: (20,)},
    }
    for locality, by_month in counts.items():
        hub = HubFactory(locality=locality)
        for when, heads in by_month.items():
            for day, count in enumerate(heads, start=2):
                HubSessionFactory(hub=hub, date=when.start.replace(day=day), anonymous_count=count)
    programme = ProgrammeFactory(name="Scottish CLS Network")
    ProgrammeSharingFactory(programme=programme, partnership=world.partnership)
    ProgrammeSharingFactory(programme=programme, partnership=world.outsider_partnership)
    ProgrammeSharingFactory(programme=programme, partnership=glenview.partnership, sharing=False)
    lead = UserFactory(role=Role.PROGRAMME_LEAD, partnership=None)
    programme.leads.add(lead)
    return programme, lead, glenview.partnership


def _line(view, code):
    return next(line for line in view.lines if line.code == code)


def test_totals_are_the_sum_of_the_sharing_partnerships_figures(network, month):
    programme, _lead, _glenview = network
    view = programme_month(programme=programme, month=month)
    assert [p.name for p in view.partnerships] == ["Hillside HSCP", "Riverside HSCP"]
    anonymous = _line(view, "footfall.anonymous")
    assert [cell.text for cell in anonymous.cells] == ["9", "12"]
    assert anonymous.total.value == 21 == sum(cell.value for cell in anonymous.cells)
    sessions = _line(view, "footfall.sessions")
    assert sessions.total.text == "4"


def test_a_total_is_withheld_when_a_partnership_figure_in_its_row_is_hidden(network, month):
    programme, _lead, _glenview = network
    view = programme_month(programme=programme, month=month.previous)
    anonymous = _line(view, "footfall.anonymous")
    assert [cell.text for cell in anonymous.cells] == ["<5", "8"]
    assert anonymous.total.text == "withheld" and anonymous.total.value is None


def test_the_twelve_month_trend_has_a_row_per_partnership_and_the_total(network, month):
    programme, _lead, _glenview = network
    view = programme_month(programme=programme, month=month)
    footfall = next(t for t in view.trends if t.chart.code == "footfall.total")
    assert len(footfall.months) == 12
    names = [name for name, _cells in footfall.rows]
    assert names == ["Hillside HSCP", "Riverside HSCP", "Programme total"]
    totals = footfall.rows[-1][1]
    assert totals[-1].text == "21" and totals[-2].text == "withheld"


def test_a_partnership_that_does_not_share_is_absent_everywhere(network, month, login):
    programme, lead, _glenview = network
    client = login(lead)
    page = client.get(reverse("outcomes:programme"), {"period": str(month)}).text
    answer = client.get(reverse("outcomes:programme_csv"), {"period": str(month)}).text
    api = client.get(reverse("api_programme_figures"), {"period": str(month)}).text
    for body in (page, answer, api):  # (the API's first page is Hillside's)
        assert "Hillside HSCP" in body and "Glenview" not in body
    assert "20" not in [cell.text for cell in _line(
        programme_month(programme=programme, month=month), "footfall.anonymous").cells]  # fmt: skip


def test_opting_out_removes_the_partnership_at_once(
    network, month, world, make_user, login, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    programme, lead, _glenview = network
    with django_capture_on_commit_callbacks(execute=False):
        report = programme_report_request(actor=lead, programme=programme, year=month.year - 1)
    report = report_generate(report_id=report.pk)
    assert report.status == Report.Status.DONE
    admin = make_user(Role.ADMIN, outsider=True)  # Hillside's administrator
    with django_capture_on_commit_callbacks(execute=True):
        programme_sharing_set(actor=admin, programme=programme, sharing=False)

    view = programme_month(programme=programme, month=month)
    assert [p.name for p in view.partnerships] == ["Riverside HSCP"]
    assert _line(view, "footfall.anonymous").total.text == "12"
    records = programme_records(programme=programme, months=MonthRange.single(month))
    assert {r["scope_name"] for r in records} == {"Riverside HSCP", "Scottish CLS Network"}
    assert "Hillside" not in login(lead).get(reverse("outcomes:programme")).text
    report.refresh_from_db()  # the report made while Hillside shared is withdrawn
    assert report.status == Report.Status.FAILED and not report.file
    assert "stopped sharing" in report.error_message
    download = reverse("outcomes:programme_report_download", args=[report.pk])
    assert login(lead).get(download).status_code == 302  # "not ready", back to the list


def test_sharing_is_turned_on_and_off_by_the_partnerships_admin_and_audited(world, make_user):
    programme = ProgrammeFactory()
    admin = make_user(Role.ADMIN)
    choice = programme_sharing_set(actor=admin, programme=programme, sharing=True)
    assert choice.sharing and choice.partnership_id == world.partnership.pk
    programme_sharing_set(actor=admin, programme=programme, sharing=False)
    programme_sharing_set(actor=admin, programme=programme, sharing=False)  # no change
    entries = AuditEntry.objects.filter(object_id=str(choice.pk))
    assert entries.count() == 2
    assert ProgrammeSharing.objects.get(pk=choice.pk).sharing is False


@pytest.mark.parametrize("role", [Role.HSCP_LEAD, Role.FORUM_MANAGER, Role.HUB_WORKER])
def test_only_an_administrator_changes_sharing(make_user, role):
    programme = ProgrammeFactory()
    with pytest.raises(Exception) as refused:
        programme_sharing_set(actor=make_user(role), programme=programme, sharing=True)
    assert refused.type.__name__ == "PermissionDenied"
    assert not ProgrammeSharing.objects.exists()


def test_the_sharing_page_turns_sharing_on(world, make_user, login):
    programme = ProgrammeFactory(name="Scottish CLS Network")
    client = login(make_user(Role.ADMIN))
    assert "Scottish CLS Network" in client.get(reverse("outcomes:programme_sharing")).text
    answer = client.post(
        reverse("outcomes:programme_sharing"), {"programme": programme.pk, "sharing": "on"}
    )
    assert answer.status_code == 302
    assert ProgrammeSharing.objects.get(programme=programme).sharing is True


def test_the_sharing_page_refuses_a_made_up_choice_and_changes_nothing(make_user, login):
    programme = ProgrammeFactory()
    client = login(make_user(Role.ADMIN))
    answer = client.post(
        reverse("outcomes:programme_sharing"), {"programme": programme.pk, "sharing": "maybe"}
    )
    assert answer.status_code == 200 and "error" in answer.text
    assert not ProgrammeSharing.objects.exists()


@pytest.mark.parametrize("role", [Role.HSCP_LEAD, Role.ADMIN, Role.PRACTITIONER])
def test_partnership_users_cannot_see_the_programme_pages(network, make_user, login, role):
    client = login(make_user(role))
    for name in ("outcomes:programme", "outcomes:programme_csv", "outcomes:programme_reports"):
        assert client.get(reverse(name)).status_code == 403
    assert client.get(reverse("api_programme_figures")).status_code == 403


def test_a_lead_of_no_programme_gets_404(db, login):
    lonely = UserFactory(role=Role.PROGRAMME_LEAD, partnership=None)
    assert login(lonely).get(reverse("outcomes:programme")).status_code == 404


def test_another_programmes_lead_cannot_download_its_report(network, month, login):
    programme, lead, _glenview = network
    report = programme_report_request(actor=lead, programme=programme, year=month.year - 1)
    other = UserFactory(role=Role.PROGRAMME_LEAD, partnership=None)
    ProgrammeFactory().leads.add(other)
    download = reverse("outcomes:programme_report_download", args=[report.pk])
    assert login(other).get(download).status_code == 404


def test_the_programme_page_reads_a_fixed_number_of_queries_per_partnership(
    network, month, world, login, django_assert_max_num_queries
):
    """The core data set's own queries once per sharing partnership (its trends included):
    nothing per figure, per month or per row."""
    programme, lead, _glenview = network
    client = login(lead)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as two:
        client.get(reverse("outcomes:programme"), {"period": str(month)})
    for n in range(3):
        locality = LocalityFactory()
        HubSessionFactory(hub=HubFactory(locality=locality), date=month.start, anonymous_count=n)
        ProgrammeSharingFactory(programme=programme, partnership=locality.partnership)
    per_partnership = 30
    with django_assert_max_num_queries(len(two) + 3 * per_partnership):
        page = client.get(reverse("outcomes:programme"), {"period": str(month)})
    assert page.status_code == 200 and page.text.count("Partnership ") >= 3


def test_the_csv_covers_a_financial_year_month_by_month(network, month, login):
    _programme, lead, _glenview = network
    year = month.year if month.month >= 4 else month.year - 1
    answer = login(lead).get(reverse("outcomes:programme_csv"), {"financial_year": year})
    rows = list(csv.DictReader(io.StringIO(answer.content.decode())))
    periods = sorted({row["period"] for row in rows})
    assert periods[0] == f"{year}-04" and str(month) in periods
    total = next(r for r in rows if r["period"] == str(month) and r["scope_level"] == "programme"
                 and r["code"] == "footfall.anonymous")  # fmt: skip
    assert total["value"] == "21" and total["suppressed"] == "no"


@pytest.mark.parametrize(
    "query",
    [
        {"financial_year": "next"},
        {"financial_year": "2999"},
        {"start": "2026-13"},
        {"start": "2025-01", "end": "2026-06"},  # 18 months
        {"start": "2026-05", "end": "2026-02"},
    ],
)
def test_a_bad_download_period_gets_a_clear_400(network, login, query):
    _programme, lead, _glenview = network
    answer = login(lead).get(reverse("outcomes:programme_csv"), query)
    assert answer.status_code == 400 and answer.text
    api = login(lead).get(reverse("api_programme_figures"), query)
    assert api.status_code == 400


def test_asking_twice_for_an_annual_report_gives_the_one_being_made(network, month):
    programme, lead, _glenview = network
    first = programme_report_request(actor=lead, programme=programme, year=month.year - 1)
    again = programme_report_request(actor=lead, programme=programme, year=month.year - 1)
    assert first.pk == again.pk
    assert Report.objects.filter(programme=programme).count() == 1


def test_a_future_financial_year_is_refused(network, today):
    programme, lead, _glenview = network
    with pytest.raises(ValidationError):
        programme_report_request(actor=lead, programme=programme, year=today.year + 1)
    assert not Report.objects.exists()


def test_the_annual_report_is_made_by_the_report_machinery(
    network, month, settings, tmp_path, login, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    programme, lead, _glenview = network
    client = login(lead)
    with django_capture_on_commit_callbacks(execute=False) as sent:
        answer = client.post(reverse("outcomes:programme_reports"), {"financial_year": month.year})
    assert answer.status_code == 302 and len(sent) == 1  # the outbox sends it on commit
    report = Report.objects.get(programme=programme)
    done = report_generate(report_id=report.pk)
    assert done.status == Report.Status.DONE and done.checksum
    assert report_generate(report_id=report.pk).checksum == done.checksum  # idempotent
    download = client.get(reverse("outcomes:programme_report_download", args=[report.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_with_the_dashboards_cached_the_page_reads_the_same_queries_for_two_or_five_partnerships(
    network, month, login, settings
):
    """Beat keeps every partnership's dashboard warm; the programme page then reads its figures
    from there, so more partnerships add no queries at all."""
    settings.DASHBOARD_CACHE_SECONDS = 600
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "programme-test"}}  # fmt: skip
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    programme, lead, _glenview = network
    client = login(lead)
    url = reverse("outcomes:programme")
    for _n in range(3):
        ProgrammeSharingFactory(programme=programme, partnership=LocalityFactory().partnership)
    client.get(url, {"period": str(month)})  # works the dashboards out and keeps them
    with CaptureQueriesContext(connection) as five:
        page = client.get(url, {"period": str(month)})
    ProgrammeSharing.objects.filter(programme=programme).exclude(
        partnership__name__in=["Riverside HSCP", "Hillside HSCP"]
    ).update(sharing=False)
    with CaptureQueriesContext(connection) as two:
        client.get(url, {"period": str(month)})
    assert page.status_code == 200
    assert len(five) == len(two) <= 12
    cache.clear()


def test_a_programme_lead_is_appointed_with_no_partnership(db):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command(
        "programme_lead", programme="cls-net", name="CLS Net", username="morven", stdout=out
    )
    assert "morven leads CLS Net" in out.getvalue()
    lead = ProgrammeFactory._meta.model.objects.get(slug="cls-net").leads.get()
    assert lead.role == Role.PROGRAMME_LEAD and lead.partnership_id is None
    assert AuditEntry.objects.filter(object_id=str(lead.pk)).exists()


def test_a_partnership_staff_member_cannot_be_made_a_programme_lead(make_user):
    from django.core.management import CommandError, call_command

    staff = make_user(Role.HSCP_LEAD)
    with pytest.raises(CommandError, match="belongs to none"):
        call_command("programme_lead", programme="p", name="P", username=staff.username)
    staff.refresh_from_db()
    assert staff.role == Role.HSCP_LEAD


def _rate(partnership, quarter, ratings):
    assessment = FidelityAssessment.objects.create(partnership=partnership, quarter=quarter.start)
    for element, rating in ratings.items():
        FidelityRating.objects.create(assessment=assessment, element=element, rating=rating)


def test_the_fidelity_trend_sits_beside_the_outcomes_for_sharing_partnerships_only(
    network, month, world, login, django_assert_max_num_queries
):
    """Riverside rated hubs 2 then 3, Hillside 4 in the latest quarter only; Glenview (not
    sharing) rated 1: the mean of the latest quarter is (3 + 4) / 2 = 3.5."""
    programme, lead, glenview = network
    latest = Quarter.of(month.start)
    _rate(world.partnership, latest.previous, {"hubs": 2})
    _rate(world.partnership, latest, {"hubs": 3, "front_door": 1})
    _rate(world.outsider_partnership, latest, {"hubs": 4})
    _rate(glenview, latest, {"hubs": 1})
    sharing = programme_month(programme=programme, month=month).partnerships
    with django_assert_max_num_queries(2):
        comparison = fidelity_comparison(partnerships=sharing, last=latest)
    assert comparison.names == ["Hillside HSCP", "Riverside HSCP"]
    assert [q.start for q in comparison.quarters] == [
        latest.previous.previous.previous.start,
        latest.previous.previous.start,
        latest.previous.start,
        latest.start,
    ]
    hubs = {label: (cells, mean) for label, cells, mean in comparison.rows}[
        "Community hubs where people can drop in and talk"
    ]
    assert hubs == ([[None, None, None, 4], [None, None, 2, 3]], Decimal("3.5"))
    front_door = comparison.rows[1]
    assert front_door[1] == [[None] * 4, [None, None, None, 1]] and front_door[2] == Decimal("1")
    whole_system = comparison.rows[2]
    assert whole_system[2] is None

    page = login(lead).get(reverse("outcomes:programme"), {"period": str(month)}).text
    assert "CLS fidelity self-assessment" in page
    assert "— → — → 2 → 3" in page and "— → — → — → 4" in page and "3.5" in page


def test_with_no_rating_the_programme_view_says_so(network, month, login):
    _programme, lead, _glenview = network
    page = login(lead).get(reverse("outcomes:programme"), {"period": str(month)}).text
    assert "No sharing partnership has rated itself" in page
