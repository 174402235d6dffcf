"""The contract lists and the due/overdue desks cost a constant number of SQL statements, however many
contracts there are (issue 8: "a constant number of queries per page"): each page is measured with 3 and
then 30 contracts — unpaid tranches, demanded partial reports, final reports due and returns owed
(ufp art. 251 ust. 1: the unused grant, here 1 000,00 zł due 15 July 2026) — and must not grow."""

from datetime import date, timedelta

import pytest

from grants.contracts.models import Report, ReportKind, ReportStatus
from tests.contracts.settlement_helpers import accept_final_report, settle_ready, settlement_day
from tests.fixtures.contracts import FULL_GRANT
from tests.helpers import PASSWORD, counting_statements

TODAY = date(2026, 12, 5)  # the suite's NOW in Warsaw (settlement_day)

PAGES = [
    ("officer", "/office/contracts"),
    ("officer", "/office/contracts?due=overdue"),
    ("officer", "/office/contracts?status=signed&due=soon"),
    ("officer", "/office/contracts/due"),
    ("ngo", "/ngo/contracts"),
    ("ngo", "/ngo/contracts?due=overdue"),
    ("ngo", "/ngo/contracts/due"),
    ("officer_api", "/api/v1/contracts?due=overdue&limit=200"),
    ("officer_api", "/api/v1/contracts?due=any&limit=200"),
    ("ngo_api", "/api/v1/contracts?due=soon&limit=200"),
]


@pytest.fixture(autouse=True)
def _on_settlement_day(awarded):
    with settlement_day():
        yield


def _add(db, make_contract, offer_id, n):
    """n contracts in four shapes, each with something due (and so on the desks and the due= lists)."""
    for i in range(n):
        shape = i % 4
        if shape == 0:  # a return owed: 1 000,00 zł of the grant unused (ufp art. 251)
            contract = settle_ready(make_contract, offer_id)
            accept_final_report(contract, ["11000.00", "3020.00", "0.00", "2000.00"])
        elif shape == 1:  # a tranche overdue (the office's) and its final report not in
            make_contract(offer_id, tranches=[(FULL_GRANT, TODAY - timedelta(days=2), None)])
        elif shape == 2:  # a partial report demanded (art. 18 ust. 3), due in 10 days
            contract = make_contract(offer_id, tranches=[(FULL_GRANT, TODAY - timedelta(days=40), TODAY)])
            db.session.add(
                Report(
                    contract_id=contract.id,
                    kind=ReportKind.partial,
                    status=ReportStatus.draft,
                    due_date=TODAY + timedelta(days=10),
                    content={},
                )
            )
        else:  # the final report overdue (art. 18 ust. 1)
            settle_ready(make_contract, offer_id)
    db.session.commit()


def test_lists_and_desks_cost_the_same_statements_at_3_and_30_contracts(app, awarded, db, make_contract, officer, api):
    clients = {}
    for name, user in (("officer", officer), ("ngo", awarded.full.user)):
        client = app.test_client()
        assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
        clients[name] = client
    clients.update(officer_api=awarded.flow.officer, ngo_api=api(awarded.full.user))

    def measure():
        counts, sizes = {}, {}
        for who, path in PAGES:
            clients[who].get(path)  # warm: the session's user, caches
            with counting_statements(db) as count:
                response = clients[who].get(path)
            assert response.status_code == 200, (path, response.status_code)
            counts[path] = count()
            body = response.get_data(as_text=True)
            sizes[path] = body.count("data-contract-id=") + body.count('"next_due"')
        return counts, sizes

    _add(db, make_contract, awarded.full.id, 3)
    small, small_sizes = measure()
    _add(db, make_contract, awarded.full.id, 27)
    large, large_sizes = measure()
    # The pages did show more with more contracts (the data grew where they look) ...
    assert all(large_sizes[path] > small_sizes[path] for path in small_sizes if small_sizes[path]), (
        small_sizes,
        large_sizes,
    )
    # ... for the same statements.
    assert small == large, {path: (small[path], large[path]) for path in small if small[path] != large[path]}


def test_the_desk_pages_through_its_contracts_newest_first(app, awarded, db, make_contract, officer, monkeypatch):
    from grants.contracts import listing

    monkeypatch.setattr(listing, "DESK_MAX_CONTRACTS", 2)
    late = [make_contract(awarded.full.id, tranches=[(FULL_GRANT, TODAY - timedelta(days=1), None)]) for _ in range(3)]
    db.session.commit()
    client = app.test_client()
    assert client.post("/login", data={"email": officer.email, "password": PASSWORD}).status_code == 302
    first = client.get("/office/contracts/due").get_data(as_text=True)
    assert f'data-contract-id="{late[2].id}"' in first and f'data-contract-id="{late[1].id}"' in first
    assert f'data-contract-id="{late[0].id}"' not in first
    assert 'id="desk-truncated"' in first and f'/office/contracts/due?after={late[1].id}"' in first
    second = client.get(f"/office/contracts/due?after={late[1].id}").get_data(as_text=True)
    assert f'data-contract-id="{late[0].id}"' in second and f'data-contract-id="{late[1].id}"' not in second
    assert 'id="desk-next"' not in second
    # `after` is an id: a link typed by hand is named on the page, which shows the first page (never an error page)
    for bad in ("soon", "0", "9" * 23):
        answer = client.get(f"/office/contracts/due?after={bad}")
        page = answer.get_data(as_text=True)
        assert answer.status_code == 200 and 'id="desk-page-error"' in page
        assert f'data-contract-id="{late[2].id}"' in page  # the first page
    assert 'id="desk-page-error"' not in first
