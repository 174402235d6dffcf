"""A sentence that ends with a long date ends with the date's own abbreviation: "…do 4 stycznia 2027 r.",
never "r.." (issue 11) — in Polish, Ukrainian ("р.") and English (no abbreviation: the full stop is added)."""

import re
from datetime import date
from pathlib import Path

import pytest
from markupsafe import Markup

from grants.formatting import full_stop

ROOT = Path(__file__).resolve().parents[2]


def test_full_stop_adds_one_only_where_none_ends_the_sentence():
    assert full_stop("Sprawozdanie do 4 stycznia 2027 r.") == "Sprawozdanie do 4 stycznia 2027 r."
    assert full_stop("Report due by January 4, 2027") == "Report due by January 4, 2027."
    marked = full_stop(Markup("<strong>Termin</strong> 2027"))
    assert isinstance(marked, Markup) and marked.endswith("2027.")


@pytest.mark.parametrize("lang, ending", [("pl", "2027 r."), ("uk", "р."), ("en", "2027.")])
def test_a_sentence_ending_with_a_date_in_each_language(app, lang, ending):
    template = app.jinja_env.from_string("{{ _('Sprawozdanie do %(when)s', when=day|date_pl)|full_stop }}")
    with app.test_request_context(f"/?lang={lang}"):
        rendered = template.render(day=date(2027, 1, 4))
    assert rendered.endswith(ending) and not rendered.endswith("..")


def test_no_template_ends_a_sentence_after_a_long_date_with_its_own_full_stop():
    # _("… %(day)s.", day=…|date_pl) prints "r.." in Polish: end the msgid at the date and add |full_stop.
    pattern = re.compile(r'_\("[^"]*%\((\w+)\)s\."[^)]*\b\1=[^,)]*\|date_pl')
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)[:80]}"
        for path in (ROOT / "templates").rglob("*.html")
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, "\n".join(offenders)
