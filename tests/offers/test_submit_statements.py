"""A submission's SQL does not grow with the organisation: its members' addresses are read in one statement
and their confirmation e-mails written together (issue 13: the deadline rush, 500 submissions in the last
minute)."""

from contextlib import contextmanager

import sqlalchemy as sa

from grants.mail import OutboundMail
from grants.organizations.models import Membership
from tests.helpers import make_user, tables_read


@contextmanager
def _statements(db):
    """The statements run in the block, by their first word. SQLite's driver is given a flush's rows of one
    table one INSERT at a time, PostgreSQL's in one: the INSERTs are compared on PostgreSQL only."""
    seen = []
    engine = db.session.connection().engine

    def before(conn, cursor, statement, *_args):
        word = statement.lstrip().split()[0].upper()
        if word not in ("SAVEPOINT", "RELEASE", "ROLLBACK") and (
            word != "INSERT" or engine.dialect.name == "postgresql"
        ):
            seen.append(word)

    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)


def test_a_submission_costs_the_same_statements_whatever_the_members(api, ngo_user, org, draft, db):
    first, second = draft(), draft()
    client = api(ngo_user)
    with _statements(db) as alone:
        assert client.post(f"/api/v1/offers/{first['id']}/submit").status_code == 200
    for n in range(3):
        user = make_user(f"czlonek{n}@geko.example", f"Członek {n}")
        db.session.add(Membership(organization_id=org.id, user_id=user.id))
    db.session.commit()
    with _statements(db) as with_more:
        assert client.post(f"/api/v1/offers/{second['id']}/submit").status_code == 200
    assert with_more == alone
    # …and every member is told, besides the organisation's own address.
    recipients = db.session.scalars(db.select(OutboundMail.recipient).order_by(OutboundMail.id)).all()
    assert len(recipients) == 2 + 5 and len(set(recipients[2:])) == 5


def test_an_autosave_reads_the_draft_with_its_partners_and_then_only_its_attachments(api, ngo_user, draft, db):
    """An autosave reads the draft with its partners joined, takes the row back from its UPDATE (RETURNING),
    and for its answer reads the attachments — not the versions of a draft that never froze one."""
    offer = draft()
    with tables_read(db) as read:
        response = api(ngo_user).patch(f"/api/v1/offers/{offer['id']}", json={"summary": "Zapis automatyczny."})
    tables = [table for table in read if table.startswith("offer_")]
    assert response.status_code == 200 and response.get_json()["summary"] == "Zapis automatyczny."
    assert tables == ["offer_attachments"]


def test_a_double_clicks_second_submit_reads_no_versions_and_the_memberships_once(api, ngo_user, draft, db):
    """The rush's second click is refused from the offer's row (409 not_draft): it decodes no frozen document
    and reads no confirmations; the loader's membership check answers the operation's too."""
    offer = draft()
    client = api(ngo_user)
    with tables_read(db) as tables:
        assert client.post(f"/api/v1/offers/{offer['id']}/submit").status_code == 200
        first = list(tables)
        tables.clear()
        second = client.post(f"/api/v1/offers/{offer['id']}/submit")
    assert second.status_code == 409 and second.get_json()["error"] == "not_draft"
    assert "offer_versions" not in tables and "offer_confirmations" not in tables
    assert tables.count("memberships") == 1
    # The first click: the memberships read once for the check and once for the e-mails' recipients, and no
    # read of the versions of an offer that has none.
    assert first.count("memberships") == 2 and "offer_versions" not in first
    # Its e-mail's job is keyed by the message just inserted: no SELECT asks whether a job holds that key.
    assert "jobs" not in first
    # The UPDATE that decides it returns the row: the offer is read once, before it.
    assert first.count("offers") == 1


def test_an_autosave_takes_the_row_back_from_its_update(api, ngo_user, draft, db):
    offer = draft()
    with tables_read(db) as tables:
        response = api(ngo_user).patch(f"/api/v1/offers/{offer['id']}", json={"summary": "Zapis.", "lock_version": 1})
    assert response.status_code == 200 and response.get_json()["lock_version"] == 2
    assert response.get_json()["summary"] == "Zapis." and tables.count("offers") == 1
    stale = api(ngo_user).patch(f"/api/v1/offers/{offer['id']}", json={"summary": "Stary.", "lock_version": 1})
    assert stale.status_code == 409 and stale.get_json()["error"] == "edit_conflict"


def test_a_resubmission_numbers_its_version_after_the_ones_frozen_before(api, ngo_user, draft, db):
    offer = draft()
    client = api(ngo_user)
    assert client.post(f"/api/v1/offers/{offer['id']}/submit").json["version"] == 1
    assert client.post(f"/api/v1/offers/{offer['id']}/withdraw").status_code == 200
    again = client.post(f"/api/v1/offers/{offer['id']}/submit")
    assert again.status_code == 200 and again.get_json()["version"] == 2


def test_a_membership_added_in_the_transaction_is_seen_by_the_next_check(app, ngo_user, org, other_org, db):
    from grants.offers.queries import member_organization_ids

    with app.test_request_context():
        assert member_organization_ids(ngo_user) == {org.id}
        db.session.add(Membership(organization_id=other_org.id, user_id=ngo_user.id))
        assert member_organization_ids(ngo_user) == {org.id, other_org.id}  # pending: read again, flushed
        db.session.rollback()
        assert member_organization_ids(ngo_user) == {org.id}
        db.session.add(Membership(organization_id=other_org.id, user_id=ngo_user.id))
        db.session.commit()  # another request's, say: a new transaction asks again
        assert member_organization_ids(ngo_user) == {org.id, other_org.id}
        db.session.query(Membership).filter_by(organization_id=other_org.id).delete()
        assert member_organization_ids(ngo_user) == {org.id}  # a bulk delete, flushed by no unit of work
