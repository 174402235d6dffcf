"""A submission's SQL does not grow with the organisation: its members' addresses are read in one statement
and their confirmation e-mails written together (issue 13: the deadline rush, 500 submissions in the last
minute)."""

from contextlib import contextmanager

import sqlalchemy as sa

from grants.mail import OutboundMail
from grants.organizations.models import Membership
from tests.helpers import make_user


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


def test_an_autosave_rereads_the_row_not_its_partners_versions_and_attachments(api, ngo_user, draft, db):
    """After its conditional UPDATE a save of the content reads the row again (ours, or another writer's) but
    not the collections it does not write: three SELECTs fewer on every autosave."""
    offer = draft()
    tables = []
    engine = db.session.connection().engine

    def before(conn, cursor, statement, *_args):
        words = statement.split()
        if words[0].upper() == "SELECT" and "FROM" in words and words[words.index("FROM") + 1].startswith("offer_"):
            tables.append(words[words.index("FROM") + 1])

    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        response = api(ngo_user).patch(f"/api/v1/offers/{offer['id']}", json={"summary": "Zapis automatyczny."})
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
    assert response.status_code == 200 and response.get_json()["summary"] == "Zapis automatyczny."
    assert sorted(tables) == ["offer_attachments", "offer_partners", "offer_versions"]  # the offer's first load
