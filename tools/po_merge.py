#!/usr/bin/env python3
"""A git merge driver for gettext catalogs: the union of both sides' entries.

Parallel branches each add their own new strings to translations/*/messages.po; a text merge turns that
into conflicts at every insertion point. Entries are keyed by (msgid, msgctxt): ours win where both
sides translate the same string, theirs are added where only they have one. Enable once per clone:
    git config merge.po_union.driver ".venv/bin/python tools/po_merge.py %O %A %B"
(.gitattributes names the driver; without the config git falls back to its text merge.)
"""

import sys

from babel.messages.pofile import read_po, write_po


def _read(path):
    with open(path, "rb") as f:
        return read_po(f)


def _forms(message):
    return message.string if isinstance(message.string, tuple) else (message.string,)


def main(base_path, ours_path, theirs_path):
    ours, theirs = _read(ours_path), _read(theirs_path)
    for message in theirs:
        if not message.id:
            continue
        existing = ours.get(message.id, context=message.context)
        if existing is None or not any(_forms(existing)):
            if existing is not None:
                ours.delete(message.id, context=message.context)
            ours[message.id] = message
    with open(ours_path, "wb") as f:
        write_po(f, ours, width=76, omit_header=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
