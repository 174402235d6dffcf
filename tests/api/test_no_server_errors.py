"""Bad input never reaches a 500: random JSON thrown at the write endpoints gets a 4xx with a body."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import call_payload

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["2027-02-30", "2027-03-01T25:00", "12,5", "-1", "1e400", "wspieranie", "mean", "bip", ""]),
)
JSON = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = list(call_payload()) + [
    "criteria",
    "programme_priority",
    "aggregation",
    "evaluators_per_offer",
    "office_id",
    "reason",
    "publications",
    "priorities",
    "year",
    "email",
    "password",
    "full_name",
    "role",
]
BODIES = st.one_of(
    JSON,
    st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=8),
    st.builds(lambda extra: {**call_payload(), **extra}, st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=3)),
)
ALLOWED = {200, 201, 400, 401, 403, 404, 409, 413, 422}


@pytest.fixture
def officer_api(api, officer):
    return api(officer)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=BODIES,
    target=st.sampled_from(
        ["/api/v1/calls", "/api/v1/programmes", "/api/v1/users", "/api/v1/auth/register", "/api/v1/auth/token"]
    ),
)
def test_posts_answer_4xx_not_500(officer_api, body, target):
    response = officer_api.post(target, json=body)
    assert response.status_code in ALLOWED, (target, body, response.get_data(as_text=True)[:300])
    assert response.get_json()["error"] if response.status_code >= 400 else True


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=BODIES, action=st.sampled_from(["patch", "publish", "cancel"]))
def test_call_changes_answer_4xx_not_500(officer_api, make_call, body, action):
    call = make_call(publish=action == "cancel")
    if action == "patch":
        response = officer_api.patch(f"/api/v1/calls/{call.id}", json=body)
    else:
        response = officer_api.post(f"/api/v1/calls/{call.id}/{action}", json=body)
    assert response.status_code in ALLOWED, (action, body, response.get_data(as_text=True)[:300])
