"""Complementary suppression holds in the programme view too (tests/outcomes/adversary).

Riverside is the tempting partnership (``tests/outcomes/tempting``); Hillside adds a footfall of
2 in April (9 in May) and one long-term approval in April, so programme totals sit beside hidden
partnership figures. A reader holding the page of each month, and the CSV of April to May (both
partnerships' core data sets and the programme's totals), knows every identity of each
partnership's own outputs, that a programme total is the sum of the partnerships' figures, and
that May's year to date is April's plus May; no hidden figure of a month, nor of the year to
date across the two, can be worked out.
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.test.signals import template_rendered
from django.urls import reverse

from cls_portal.permissions import Role
from outcomes.periods import Month, Scope
from outcomes.presentation import TREND_CHARTS
from outcomes.presentation.programme import combined
from outcomes.presentation.published import figure_rows
from outcomes.selectors.core_data_set import outcome_figures
from outcomes.suppression import COUNT_UNITS
from tests.factories import (
    EpisodeFactory,
    HubFactory,
    HubSessionFactory,
    PersonFactory,
    UserFactory,
)
from tests.outcomes import adversary, tempting
from tests.outcomes.factories import ProgrammeFactory, ProgrammeSharingFactory
from tests.peer_forum.factories import FundingRequestFactory, decide

PROGRAMME = "Scottish CLS Network"
MONTHS = [tempting.APRIL, tempting.MAY]
# Figures whose programme total is the plain sum of the partnerships' (a reader's identity).
SUMMED_UNITS = COUNT_UNITS | {"sessions"}
SUMMED_MONEY = ("weekly_total", "annualised_total")


@pytest.fixture
def network(world):
    tempting.build(world)
    hub = HubFactory(locality=world.outsider_locality, name="Hill Hall")
    HubSessionFactory(hub=hub, date=datetime.date(2026, 4, 9), anonymous_count=2)
    HubSessionFactory(hub=hub, date=datetime.date(2026, 5, 7), anonymous_count=9)
    request = FundingRequestFactory(
        episode=EpisodeFactory(person=PersonFactory(locality=world.outsider_locality)),
        submitted_on=datetime.date(2026, 3, 20),
        counterfactual_weekly_cost=Decimal("500.00"),
        proposed_weekly_cost=Decimal("150.00"),
    )
    decide(request, on=datetime.date(2026, 4, 22))
    programme = ProgrammeFactory(name=PROGRAMME)
    for partnership in (world.partnership, world.outsider_partnership):
        ProgrammeSharingFactory(programme=programme, partnership=partnership)
    lead = UserFactory(role=Role.PROGRAMME_LEAD, partnership=None)
    programme.leads.add(lead)
    return programme, lead


def _figures(partnership, period):
    return outcome_figures(month=Month.parse(period), scope=Scope(partnership_id=partnership.pk))


def _summed(code: str, unit: str) -> bool:
    return unit in SUMMED_UNITS or (unit == "gbp" and code.endswith(SUMMED_MONEY))


def _own_identities(world, view, periods):
    """Each partnership's identities over its part of the view, its keys led by its name."""
    out = []
    for partnership in (world.partnership, world.outsider_partnership):
        name = partnership.name
        mine = {k[1:]: v for k, v in view.items() if k[0] == name}
        for period in periods:
            for equation in adversary.identities(_figures(partnership, period), mine):
                out.append({(name, *k): c for k, c in equation.items()})
        if len(periods) == 2:
            for equation in adversary.year_to_date_chain(mine, *periods):
                out.append({(name, *k): c for k, c in equation.items()})
    return out


def _total_identities(view, units):
    """Each programme total shown or withheld = the sum of the partnerships' same figure."""
    names = {k[0] for k in view} - {PROGRAMME}
    out = []
    for k in view:
        if k[0] == PROGRAMME and _summed(k[2], units[k[2]]):
            out.append({k: 1, **{(name, *k[1:]): -1 for name in names}})
    return out


def _page_view(client, period):
    """What the programme page shows for ``period``, keyed (who, month, code, breakdown)."""
    contexts: list = []

    def keep(sender, context, **kwargs):
        contexts.append(context)

    template_rendered.connect(keep)
    try:
        assert client.get(reverse("outcomes:programme"), {"period": period}).status_code == 200
    finally:
        template_rendered.disconnect(keep)
    programme_view = next(c["view"] for c in contexts if "view" in c)
    view: dict = {}
    units = {}
    names = [p.name for p in programme_view.partnerships]
    for line in programme_view.lines:
        units[line.code] = line.unit
        for name, cell in zip(names, line.cells, strict=True):
            adversary.see(view, (name, period, line.code, ""), cell.text)
        adversary.see(view, (PROGRAMME, period, line.code, ""), line.total.text)
    for table in programme_view.trends:
        units[table.chart.code] = table.chart.unit
        for name, cells in table.rows:
            who = PROGRAMME if name == "Programme total" else name
            for month, cell in zip(table.months, cells, strict=True):
                adversary.see(view, (who, str(month), table.chart.code, ""), cell.text)
    return view, units, programme_view


@pytest.mark.parametrize("period", MONTHS)
def test_no_hidden_figure_of_the_programme_page_can_be_worked_out(network, world, login, period):
    _programme, lead = network
    view, units, _ = _page_view(login(lead), period)
    equations = _own_identities(world, view, [period]) + _total_identities(view, units)
    hidden = {k for k, v in view.items() if v is adversary.HIDDEN}
    assert any(k[0] == PROGRAMME for k in hidden), "a total is withheld beside shown figures"
    assert any(k in e for e in equations for k in hidden if k[0] != PROGRAMME)
    assert adversary.worked_out(view, equations) == set()


def test_no_hidden_figure_of_the_programme_csv_over_two_months_can_be_worked_out(
    network, world, login
):
    _programme, lead = network
    response = login(lead).get(
        reverse("outcomes:programme_csv"), {"start": tempting.APRIL, "end": tempting.MAY}
    )
    assert response.status_code == 200
    records = list(csv.DictReader(io.StringIO(response.content.decode())))
    view: dict = {}
    units = {}
    for record in records:
        units[record["code"]] = record["unit"]
        who = record["scope_name"]
        key = (who, record["period"], record["code"], record["breakdown"])
        adversary.see(view, key, record["shown"])
    assert {k[0] for k in view} == {PROGRAMME, "Riverside HSCP", "Hillside HSCP"}
    equations = _own_identities(world, view, MONTHS) + _total_identities(view, units)
    may_long_term = (
        "Riverside HSCP",
        tempting.MAY,
        "savings.long_term.approved_requests",
        "this month: Long-term (12 months or more)",
    )
    assert view[may_long_term] is adversary.HIDDEN
    # Across the two months, the cost avoided and its year to date, with the programme's totals
    # (each month alone is the page test's; a month's trend beside an earlier month's figures is
    # a known gap: README, Small-number suppression). The ledger's identities tie no other cell.
    ledger = {k: v for k, v in view.items() if k[2].startswith("savings")}
    tied = [e for e in equations if all(k[2].startswith("savings") for k in e)]
    assert any(may_long_term in e for e in tied)
    assert adversary.worked_out(ledger, tied) == set()


def test_were_totals_shown_beside_hidden_figures_the_reader_would_work_them_out(
    network, world, login
):
    """The check has teeth: filling in each withheld total with its exact sum gives a
    partnership's hidden figure away."""
    _programme, lead = network
    view, units, programme_view = _page_view(login(lead), tempting.APRIL)
    for line in programme_view.lines:
        if line.total.text == "withheld" and _summed(line.code, line.unit):
            rows = [  # each partnership's exact row, as the total is made
                next(
                    r
                    for r in figure_rows(_figures(p, tempting.APRIL))
                    if r.code == line.code and not r.breakdown
                )
                for p in programme_view.partnerships
            ]
            exact = combined(rows, any_hidden=False)[1]
            view[(PROGRAMME, tempting.APRIL, line.code, "")] = Decimal(exact)
    equations = _own_identities(world, view, [tempting.APRIL]) + _total_identities(view, units)
    found = adversary.worked_out(view, equations)
    assert ("Hillside HSCP", tempting.APRIL, "footfall.anonymous", "") in found


def test_the_trend_charts_are_all_read(network, login):
    """(The page view reads every trend chart the programme page shows.)"""
    _programme, lead = network
    _view, units, _ = _page_view(login(lead), tempting.APRIL)
    assert {chart.code for chart in TREND_CHARTS} <= set(units)
