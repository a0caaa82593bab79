import datetime
from decimal import Decimal
from outcomes.models import Report, Target
from outcomes.pdf import render_report_pdf
from tests.outcomes import dataset
from tests.outcomes.factories import ReportFactory

def test_render(world, make_user):
    dataset.build(world, make_user)
    Target.objects.create(partnership=world.partnership, code="footfall.total", value=Decimal("12"))
    Target.objects.create(partnership=world.partnership, code="wait_first_conversation.median_days", value=Decimal("3"), higher_is_better=False)
    r = ReportFactory(kind=Report.Kind.OUTCOMES, partnership=world.partnership, period=datetime.date(2026, 3, 1))
    open("/tmp/figures_report.pdf", "wb").write(render_report_pdf(r, generated_on=datetime.date(2026, 4, 2)))
