"""Backup and restore: the demo installation, backed up, its database emptied and its files gone,
comes back whole — every offer version with the same document and a control sum that still checks."""

import hashlib
import tarfile
from pathlib import Path

import pytest

from grants.offers.control import control_sum

pytestmark = pytest.mark.real_db  # backup and restore read and write through connections of their own


def _snapshot(db):
    from grants.offers.models import OfferVersion

    versions = db.session.scalars(db.select(OfferVersion).order_by(OfferVersion.id)).all()
    return {(v.offer_id, v.number): (v.control_sum, v.control_code, v.document, v.requested_grant) for v in versions}


def _files(storage: Path) -> dict[str, str]:
    return {
        str(path.relative_to(storage)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(storage.rglob("*"))
        if path.is_file()
    }


def _empty_everything(app, db, storage: Path):
    import shutil

    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.create_all()
    shutil.rmtree(storage, ignore_errors=True)


@pytest.fixture
def demo_app(make_app):
    from grants.demo import load_demo
    from grants.extensions import db

    app = make_app()
    with app.app_context():
        load_demo()
        db.session.commit()
    return app


def test_a_backup_restores_into_an_empty_database_with_every_version_intact(demo_app, tmp_path):
    from grants.extensions import db

    app, storage = demo_app, Path(demo_app.config["STORAGE_DIR"])
    with app.app_context():
        before = _snapshot(db)
        files_before = _files(storage)
    assert before, "the demo has submitted offers"

    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", "create", "--out", str(tmp_path / "backups")])
    assert result.exit_code == 0, result.output
    archive = Path(result.output.strip())
    assert archive.is_file() and tarfile.is_tarfile(archive)

    _empty_everything(app, db, storage)
    with app.app_context():
        assert _snapshot(db) == {}

    result = runner.invoke(args=["backup", "restore", str(archive)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        after = _snapshot(db)
        assert after == before
        for sum_, _code, document, _grant in after.values():
            assert control_sum(document) == sum_  # the stored document still gives its sum
        assert _files(storage) == files_before

        # New rows continue after the restored ids (PostgreSQL's sequences were moved on).
        from grants.offices.operations import create_office

        office = create_office(slug="nowy-urzad", name="Nowy urząd")
        db.session.commit()
        assert office.id is not None


def test_restore_refuses_a_database_that_is_not_empty(demo_app, tmp_path):
    runner = demo_app.test_cli_runner()
    archive = runner.invoke(args=["backup", "create", "--out", str(tmp_path)]).output.strip()
    result = runner.invoke(args=["backup", "restore", archive])
    assert result.exit_code == 2
    assert "not empty" in result.output


def test_restore_refuses_a_damaged_archive_and_writes_nothing(demo_app, tmp_path):
    from grants.extensions import db

    app, storage = demo_app, Path(demo_app.config["STORAGE_DIR"])
    runner = app.test_cli_runner()
    archive = Path(runner.invoke(args=["backup", "create", "--out", str(tmp_path)]).output.strip())
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member) if member.isfile() else None
            if member.name == "database.jsonl":
                content = data.read().replace(b"Opola", b"Opole", 1)
                member.size = len(content)
                import io

                data = io.BytesIO(content)
            target.addfile(member, data)
    _empty_everything(app, db, storage)
    result = runner.invoke(args=["backup", "restore", str(damaged)])
    assert result.exit_code == 2
    assert "damaged" in result.output
    with app.app_context():
        assert _snapshot(db) == {}
