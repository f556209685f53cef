"""A day's change of hours that cannot be read comes back on the availability page."""

import time_machine
from sqlalchemy import func, select

from mediation.extensions import db
from mediation.scheduling.models import AvailabilityOverride

INSTANT = "2029-12-20T02:00:00Z"


@time_machine.travel(INSTANT, tick=False)
def test_a_day_that_is_not_a_date_comes_back_with_422(client, login, create_mediator):
    mediator = create_mediator()
    login(mediator.user)
    response = client.post("/availability/overrides", data={"day": "明天", "windows": ""})
    assert response.status_code == 422
    assert 'id="day"' in response.get_data(as_text=True)
    assert "is-invalid" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(AvailabilityOverride)) == 0
