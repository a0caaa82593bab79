from tests.hubs.fixtures import (  # noqa: F401
    hub,
    other_hub,
    other_session,
    outsider_hub,
    outsider_session,
    outsider_solution,
    session,
    solution,
    solution_categories,
)
