"""Fault drill: the storage fills up. The upload is refused with a clear message (503, not a 500 and
not the person's mistake), nothing is half-written, and uploads work again once there is room.

The full disk is real: a 256 KiB tmpfs mounted over the attachments folder (the suite runs as root in
CI; where mounting is not allowed the drill cannot be staged and says so)."""

import subprocess
from pathlib import Path

import pytest

from grants.offers.models import Attachment
from tests.offers.test_attachments import PDF, upload


@pytest.fixture
def small_disk(app):
    folder = Path(app.config["STORAGE_DIR"]) / "attachments"
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def test_a_full_disk_refuses_the_upload_cleanly_and_keeps_nothing(api, ngo_user, draft, db, small_disk):
    offer = draft()
    response = upload(api(ngo_user), offer["id"], PDF + b"0" * (1024 * 1024), "statut.pdf")
    assert response.status_code == 503
    body = response.get_json()
    assert body["error"] == "storage_unavailable" and "Nic nie zostało zapisane" in body["message"]
    assert db.session.query(Attachment).count() == 0
    assert [p for p in small_disk.rglob("*") if p.is_file()] == []  # no temporary file left behind

    # Room enough for a small file: the same offer takes it at once, no restart needed.
    response = upload(api(ngo_user), offer["id"], PDF + b"0" * 10_000, "statut.pdf")
    assert response.status_code == 201, response.get_json()
    assert db.session.query(Attachment).count() == 1
