"""The scale build's bulk writers write what the operations write (grants.demo_scale_bulk): one small plan
built twice, each into its own fresh database — every act through its operation, then with the bulk
writers — and every table of the two compared row by row, column by column (ids, control sums, e-mail
bodies and audit entries included). A change to an operation that the bulk writers do not follow fails here,
naming the table, the row and the column."""

import pytest
from freezegun import freeze_time

from grants.clock import WARSAW
from grants.demo_scale_plan import make_plan
from tests.fixtures.core import _config
from tests.helpers import NOW

SIZES = {"offices": 2, "calls": 6, "organizations": 12, "offers": 40}
# Written once at the end of the build, with a fresh salt each time: compared by the hash's parameters.
SALTED = {("users", "password_hash")}
# Drawn at random by the operations themselves (secrets.token_hex, uuid4): compared as present or absent.
RANDOM = {("users", "session_token"), ("calls", "ranking_inputs")}


def _build(tmp_path, name: str, through_operations: bool) -> dict[str, list[dict]]:
    from grants import create_app
    from grants.demo_scale import build_scale
    from grants.extensions import db

    folder = tmp_path / name
    folder.mkdir()
    app = create_app(_config(f"sqlite:///{folder / 'oko.db'}", folder))
    with app.app_context():
        db.metadata.create_all(db.engine)
        with freeze_time(NOW):
            build_scale(**SIZES, seed=11, through_operations=through_operations, echo=lambda _line: None)
        db.session.remove()
        with db.engine.connect() as connection:
            tables = {
                table.name: [
                    dict(row._mapping) for row in connection.execute(table.select().order_by(*table.primary_key))
                ]
                for table in db.metadata.sorted_tables
            }
        db.engine.dispose()
    return tables


@pytest.mark.slow
def test_the_bulk_writers_write_what_the_operations_write(tmp_path):
    plan = make_plan(**SIZES, seed=11, today=NOW.astimezone(WARSAW).date(), now=NOW)
    assert sum(c.stage == "resolved" for c in plan.calls) and plan.offer_count() == 40  # the plan reaches scoring

    by_operations = _build(tmp_path, "operations", through_operations=True)
    in_bulk = _build(tmp_path, "bulk", through_operations=False)

    assert by_operations.keys() == in_bulk.keys()
    differences = []
    for name, rows in by_operations.items():
        assert len(in_bulk[name]) == len(rows), f"{name}: {len(in_bulk[name])} rows in bulk, {len(rows)} by operations"
        for expected, written in zip(rows, in_bulk[name], strict=True):
            for column, value in expected.items():
                if (name, column) in RANDOM:
                    assert (written[column] is None) == (value is None), f"{name}.{column}"
                elif (name, column) in SALTED:
                    assert written[column].split("$")[:4] == value.split("$")[:4]
                elif written[column] != value:
                    differences.append(f"{name} row {expected.get('id')}: {column}: {written[column]!r} != {value!r}")
    assert not differences, "\n".join(differences[:40])
    for table in (
        "offers",
        "offer_versions",
        "formal_reviews",
        "declarations",
        "score_sheets",
        "score_entries",
        "audit_entries",
        "outbound_mail",
        "jobs",
    ):
        assert by_operations[table], f"the plan writes no {table}: the comparison would prove nothing"
