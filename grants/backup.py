"""Backup and restore of everything OKO keeps: every table and every stored file, in one archive.

`flask backup create --out DIR` writes `oko-backup-YYYYMMDDTHHMMSSZ.tar.gz` holding

- `manifest.json`: the format, the schema's Alembic revision, the time, the row count of every table
  and the SHA-256 of `database.jsonl`;
- `database.jsonl`: one line per row, `{"table": …, "row": {…}}`, in the order of the foreign keys;
- `files/…`: the storage directory (attachments, rendered documents, the local outbox).

`flask backup restore FILE` loads an archive into an EMPTY database migrated to the same revision
(`flask db upgrade` first) and an empty storage directory, in one transaction: a restore that fails
half-way leaves nothing behind. The dump goes through SQLAlchemy's column types, so a backup of the
embedded SQLite restores into PostgreSQL and back (a move between the two is a backup and a restore).

On PostgreSQL `pg_dump`/`pg_restore` are the faster tools for large installations; this archive is the
one that also carries the files and checks itself (counts and hash) before a byte is written.
"""

import base64
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext

from grants.clock import now_utc
from grants.extensions import db

FORMAT = "oko-backup/1"
BATCH = 1000


class BackupError(Exception):
    """A backup that cannot be restored here; the message says why, for the person at the console."""


# ---------------------------------------------------------------- values in JSON


def _encode(value):
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, Enum):
        return value.value  # stored by its value, as the column does
    return value


def _decode(value, column: sa.Column):
    if isinstance(column.type, sa.JSON) or not isinstance(value, dict):
        return value  # a JSON column's own dicts are data, never tags
    ((tag, text),) = value.items()
    if tag == "$decimal":
        return Decimal(text)
    if tag == "$datetime":
        return datetime.fromisoformat(text)
    if tag == "$date":
        return date.fromisoformat(text)
    if tag == "$bytes":
        return base64.b64decode(text)
    raise BackupError(f"unknown value tag {tag!r} in column {column}")


# ---------------------------------------------------------------- create


def schema_revision(connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def create_backup(out_dir: Path, storage_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = now_utc().strftime("%Y%m%dT%H%M%SZ")
    target = out_dir / f"oko-backup-{stamp}.tar.gz"
    counts: dict[str, int] = {}
    digest = hashlib.sha256()
    with tempfile.TemporaryDirectory(dir=out_dir) as work:
        dump = Path(work) / "database.jsonl"
        with db.engine.connect() as connection, dump.open("wb") as out:
            revision = schema_revision(connection)
            for table in db.metadata.sorted_tables:
                counts[table.name] = 0
                result = connection.execution_options(yield_per=BATCH).execute(
                    sa.select(table).order_by(*table.primary_key.columns)
                )
                for row in result.mappings():
                    line = (
                        json.dumps(
                            {"table": table.name, "row": {k: _encode(v) for k, v in row.items()}}, ensure_ascii=False
                        ).encode("utf-8")
                        + b"\n"
                    )
                    out.write(line)
                    digest.update(line)
                    counts[table.name] += 1
        manifest = {
            "format": FORMAT,
            "revision": revision,
            "created_at": now_utc().isoformat(),
            "counts": counts,
            "database_sha256": digest.hexdigest(),
        }
        partial = target.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode("utf-8"))
            archive.add(dump, arcname="database.jsonl")
            if storage_dir.is_dir():
                archive.add(storage_dir, arcname="files")
        partial.replace(target)  # a backup is either whole or absent
    return target


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(now_utc().timestamp())
    archive.addfile(info, io.BytesIO(data))


# ---------------------------------------------------------------- restore


def restore_backup(archive_path: Path, storage_dir: Path) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(work, filter="data")  # no absolute paths, no links out of the folder
        manifest = _read_manifest(Path(work))
        dump = Path(work) / "database.jsonl"
        _check_dump(dump, manifest)
        with db.engine.begin() as connection:
            _check_target(connection, manifest, storage_dir)
            counts = _load_rows(connection, dump)
            _reset_sequences(connection)
        files = Path(work) / "files"
        if files.is_dir():
            shutil.copytree(files, storage_dir, dirs_exist_ok=True)
    if counts != {name: n for name, n in manifest["counts"].items() if n}:
        raise BackupError("the restored row counts differ from the manifest")
    return counts


def _read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"not an OKO backup: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def _check_dump(dump: Path, manifest: dict) -> None:
    digest = hashlib.sha256()
    with dump.open("rb") as data:
        for chunk in iter(lambda: data.read(1 << 20), b""):
            digest.update(chunk)
    if digest.hexdigest() != manifest["database_sha256"]:
        raise BackupError("database.jsonl does not match the manifest's SHA-256: the archive is damaged")


def _check_target(connection, manifest: dict, storage_dir: Path) -> None:
    revision = schema_revision(connection)
    if revision != manifest["revision"]:
        raise BackupError(
            f"the database is at schema revision {revision!r}, the backup at {manifest['revision']!r}: "
            "run `flask db upgrade` on an empty database of the backup's version first"
        )
    for table in db.metadata.sorted_tables:
        if connection.execute(sa.select(sa.func.count()).select_from(table)).scalar():
            raise BackupError(f"the database is not empty (table {table.name} has rows): restore into an empty one")
    if storage_dir.is_dir() and any(storage_dir.iterdir()):
        raise BackupError(f"the storage directory {storage_dir} is not empty")


def _forward_references(tables) -> dict[str, list[str]]:
    """Columns that point at a table restored at the same time or later (offers.current_version_id →
    offer_versions, whose rows point back at offers): written as NULL first, set once every row is in."""
    position = {table.name: index for index, table in enumerate(tables)}
    forward: dict[str, list[str]] = {}
    for table in tables:
        for fk in table.foreign_keys:
            if position.get(fk.column.table.name, -1) >= position[table.name] and fk.parent.nullable:
                forward.setdefault(table.name, []).append(fk.parent.name)
    return forward


def _load_rows(connection, dump: Path) -> dict[str, int]:
    tables = db.metadata.tables
    forward = _forward_references(db.metadata.sorted_tables)
    counts: dict[str, int] = {}
    later: list[tuple] = []
    pending: list[dict] = []
    current = None
    with dump.open("rb") as lines:
        for line in lines:
            item = json.loads(line)
            table = tables.get(item["table"])
            if table is None:
                raise BackupError(f"the backup holds a table this version does not know: {item['table']}")
            if current is not None and table is not current and pending:
                connection.execute(current.insert(), pending)
                pending = []
            current = table
            row = {k: _decode(v, table.c[k]) for k, v in item["row"].items()}
            postponed = {name: row[name] for name in forward.get(table.name, ()) if row.get(name) is not None}
            if postponed:
                later.append((table, {k: row[k] for k in (c.name for c in table.primary_key.columns)}, postponed))
                row.update(dict.fromkeys(postponed))
            pending.append(row)
            counts[table.name] = counts.get(table.name, 0) + 1
            if len(pending) >= BATCH:
                connection.execute(current.insert(), pending)
                pending = []
    if pending:
        connection.execute(current.insert(), pending)
    for table, key, values in later:
        condition = sa.and_(*(table.c[name] == value for name, value in key.items()))
        connection.execute(table.update().where(condition).values(values))
    return counts


def _reset_sequences(connection) -> None:
    """PostgreSQL's id sequences continue after the restored ids (SQLite needs nothing)."""
    if connection.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        if "id" not in table.c or not isinstance(table.c.id.type, sa.Integer):
            continue
        connection.execute(
            sa.text(
                "SELECT setval(pg_get_serial_sequence(:table, 'id'), COALESCE((SELECT max(id) FROM "
                f"\"{table.name}\"), 0) + 1, false) WHERE pg_get_serial_sequence(:table, 'id') IS NOT NULL"
            ),
            {"table": table.name},
        )
