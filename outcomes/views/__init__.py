"""Pages of the outcomes app, by topic: the dashboard and core data set, reports, change stories,
the staff pulse and cost-benefit studies."""
