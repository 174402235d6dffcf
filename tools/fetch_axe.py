#!/usr/bin/env python3
"""axe-core for the browser tests: one pinned release from the npm registry, checked against the registry's
own integrity hash, unpacked into tests/browser/vendor/ (git-ignored). `make test` runs this before the suite;
the browser tests call `ensure()` too, so a bare `pytest tests/browser` on a fresh clone works.

Downloaded rather than committed: the minified file is half a megabyte, and the pin plus the hash below say
exactly which bytes run. To move to a new release: `npm view axe-core@X.Y.Z dist.tarball dist.integrity`.
axe-core is MPL-2.0; its LICENSE is unpacked beside it.
"""

import base64
import hashlib
import io
import os
import tarfile
import tempfile
import urllib.request
from pathlib import Path

VERSION = "4.14.1"
TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz"
INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
VENDOR = Path(__file__).resolve().parent.parent / "tests" / "browser" / "vendor" / f"axe-core-{VERSION}"
SCRIPT = VENDOR / "axe.min.js"
# The script last: once it exists, the directory is complete.
WANTED = {"package/LICENSE": "LICENSE", "package/axe.min.js": "axe.min.js"}


def ensure() -> Path:
    """The path of axe.min.js, downloaded and checked first if it is not there yet."""
    if SCRIPT.exists():
        return SCRIPT
    with urllib.request.urlopen(TARBALL, timeout=60) as response:
        payload = response.read()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(payload).digest()).decode()
    if digest != INTEGRITY:
        raise RuntimeError(f"axe-core {VERSION}: the tarball's hash is {digest}, the pin says {INTEGRITY}")
    VENDOR.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(payload), mode="r:gz") as archive:
        for member, name in WANTED.items():
            data = archive.extractfile(member).read()
            # Written aside and renamed: parallel test workers may fetch at the same moment.
            handle, temporary = tempfile.mkstemp(dir=VENDOR)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, VENDOR / name)
    return SCRIPT


if __name__ == "__main__":
    print(ensure())
