"""Input validation for the peer-forum pages (the rules themselves live in the services), split by
sub-domain; every form is importable from here."""

from peer_forum.forms.base import DateInput, MoneyField, meeting_day, meeting_label
from peer_forum.forms.dashboard import DashboardForm
from peer_forum.forms.decisions import DecisionForm
from peer_forum.forms.escalations import EscalationDecisionForm, EscalationPanelForm
from peer_forum.forms.forums import (
    AttendanceForm,
    ForumCreateForm,
    ForumEditForm,
    ForumForm,
    MeetingForm,
)
from peer_forum.forms.requests import (
    EpisodeSearchForm,
    FundingRequestForm,
    ScheduleForm,
    SubmitForm,
)
from peer_forum.forms.reviews import PackageReviewForm

__all__ = [
    "AttendanceForm",
    "DashboardForm",
    "DateInput",
    "DecisionForm",
    "EpisodeSearchForm",
    "EscalationDecisionForm",
    "EscalationPanelForm",
    "ForumCreateForm",
    "ForumEditForm",
    "ForumForm",
    "FundingRequestForm",
    "MeetingForm",
    "MoneyField",
    "PackageReviewForm",
    "ScheduleForm",
    "SubmitForm",
    "meeting_day",
    "meeting_label",
]
