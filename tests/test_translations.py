"""The Ukrainian and English catalogs: complete for the strings in the source, placeholders intact,
and actually used when a page is rendered with ?lang=uk / ?lang=en (Polish stays the default).

When a test here fails because of new UI strings, run (see translations/README.md):
    .venv/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k ui_markup --no-location --sort-output \\
        --ignore-dirs ".* __pycache__" -o translations/messages.pot .
    .venv/bin/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching
then translate the new entries in translations/{uk,en}/LC_MESSAGES/messages.po.
"""

import io
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
LANGS = ("uk", "en")
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "ui_markup": None}
# %(name)s, %(n).1f, %d, %s and the literal %% — not "% " followed by a word, which is just text.
PLACEHOLDER = re.compile(r"%(?:\([A-Za-z_][A-Za-z0-9_]*\))?[#0+-]?\d*(?:\.\d+)?[diouxXeEfFgGcrs%]")
PLURAL_FORMS = {
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "en": "nplurals=2; plural=(n != 1);",
}


def _po_path(lang: str) -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"


def _catalog(lang: str):
    with open(_po_path(lang), "rb") as f:
        return read_po(f, locale=lang)


def _forms(message) -> tuple:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _show(msgid) -> str:
    return " | ".join(msgid) if isinstance(msgid, tuple) else msgid


@pytest.fixture(scope="module")
def source_messages() -> dict:
    """msgid -> the first place it occurs, extracted from the current source exactly as babel.cfg says."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)

    def directory_filter(dirpath) -> bool:
        # Like `--ignore-dirs ".* __pycache__"`: pybabel's default would also skip templates/_macros.
        name = os.path.basename(dirpath)
        return not (name.startswith(".") or name == "__pycache__")

    found = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS, directory_filter=directory_filter
    ):
        found.setdefault(message, filename)
    return found


@pytest.fixture(scope="module")
def compiled_catalogs():
    """Make sure the .mo files Flask-Babel reads exist and are current (`make translations` does this too)."""
    for lang in LANGS:
        po = _po_path(lang)
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        buffer = io.BytesIO()
        write_mo(buffer, _catalog(lang))
        tmp = mo.with_suffix(f".mo.{os.getpid()}.tmp")
        tmp.write_bytes(buffer.getvalue())
        os.replace(tmp, mo)


# ---------------------------------------------------------------- (a) complete and compilable


def test_source_has_ui_strings_and_no_pdf_templates(source_messages):
    assert len(source_messages) > 500
    assert "Konkursy ofert" in source_messages
    assert "Popraw następujące pola:" in source_messages  # templates/_macros is not skipped
    pdf = sorted({f for f in source_messages.values() if f.replace(os.sep, "/").startswith("templates/pdf/")})
    assert not pdf, f"legal documents must stay Polish, yet strings were extracted from {pdf}"


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_compiles_with_correct_plural_forms(lang):
    catalog = _catalog(lang)
    assert catalog.plural_forms == PLURAL_FORMS[lang]
    problems = [f"{_show(message.id)!r}: {'; '.join(map(str, errors))}" for message, errors in catalog.check()]
    assert not problems, f"{lang}: catalog errors:\n" + "\n".join(problems)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    assert buffer.getvalue()


def test_rows_printed_in_python_ask_for_literal_strings():
    """The row printers (ranking, formal desk, call's offers, audit log) translate through grants.i18n.ui_markup,
    an extraction keyword: a msgid passed in a variable would be invisible to pybabel, and the next catalog
    update would mark its translations obsolete while the page still asks for them."""
    import ast

    calls = []
    for path in sorted((ROOT / "grants").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "ui_markup":
                literal = (
                    bool(node.args) and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
                )
                calls.append((f"{path.relative_to(ROOT)}:{node.lineno}", literal))
    assert len(calls) > 20, calls  # the four row printers use it
    assert [where for where, literal in calls if not literal] == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_source_string_is_translated(lang, source_messages):
    catalog = _catalog(lang)
    missing, fuzzy = [], []
    for msgid, filename in sorted(source_messages.items(), key=lambda item: (item[1], _show(item[0]))):
        message = catalog.get(msgid)
        if message is None or not all(form.strip() for form in _forms(message)):
            missing.append(f"  {filename}: {_show(msgid)!r}")
        elif message.fuzzy:
            fuzzy.append(f"  {filename}: {_show(msgid)!r}")
    report = []
    if missing:
        report.append(f"{len(missing)} source string(s) have no {lang} translation:\n" + "\n".join(missing))
    if fuzzy:
        report.append(f"{len(fuzzy)} {lang} translation(s) are fuzzy (check, then drop the flag):\n" + "\n".join(fuzzy))
    assert not report, "\n".join(report) + "\n" + __doc__.split("\n\n", 1)[1]


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_has_no_fuzzy_or_empty_entries(lang):
    catalog = _catalog(lang)
    assert not catalog.fuzzy, f"{lang}: the catalog header is marked fuzzy"
    bad = [_show(m.id) for m in catalog if m.id and (m.fuzzy or not all(f.strip() for f in _forms(m)))]
    assert not bad, f"{lang}: fuzzy or empty entries:\n" + "\n".join(bad)


# ---------------------------------------------------------------- (b) placeholders


@pytest.mark.parametrize("lang", LANGS)
def test_placeholders_match_msgid(lang):
    catalog = _catalog(lang)
    wrong = []
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            expected = set(PLACEHOLDER.findall(message.id[0])) | set(PLACEHOLDER.findall(message.id[1]))
            for index, form in enumerate(_forms(message)):
                if form and set(PLACEHOLDER.findall(form)) != expected:
                    wrong.append(
                        f"  {_show(message.id)!r} [form {index}]: {sorted(expected)} != "
                        f"{sorted(set(PLACEHOLDER.findall(form)))} in {form!r}"
                    )
        elif message.string:
            expected = Counter(PLACEHOLDER.findall(message.id))
            got = Counter(PLACEHOLDER.findall(message.string))
            if expected != got:
                wrong.append(
                    f"  {message.id!r}: {sorted(expected.elements())} != {sorted(got.elements())} in {message.string!r}"
                )
    assert not wrong, f"{lang}: placeholders differ from the msgid:\n" + "\n".join(wrong)


def test_plural_forms_work():
    from babel.support import Translations

    for lang, expected in (
        ("uk", {1: "1 член", 3: "3 члени", 5: "5 членів", 11: "11 членів", 22: "22 члени"}),
        ("en", {1: "1 member", 2: "2 members"}),
    ):
        buffer = io.BytesIO()
        write_mo(buffer, _catalog(lang))
        buffer.seek(0)
        translations = Translations(buffer)
        for n, text in expected.items():
            assert translations.ngettext("%(num)d członek", "%(num)d członków", n) % {"num": n} == text


# ---------------------------------------------------------------- (c) rendered pages


def _page(app, url: str, **kwargs) -> str:
    client = app.test_client()  # a fresh session: ?lang= is remembered in the session
    response = client.get(url, **kwargs)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_default_language_is_polish(app, compiled_catalogs, make_call):
    make_call(publish=True)
    html = _page(app, "/calls")
    assert '<html lang="pl">' in html
    assert "<h1>Konkursy ofert</h1>" in html
    assert "Zaloguj" in html and "Otwarte" in html


def test_calls_page_in_ukrainian(app, compiled_catalogs, make_call):
    call = make_call(publish=True)
    html = _page(app, "/calls?lang=uk")
    assert '<html lang="uk">' in html
    assert "<h1>Конкурси пропозицій</h1>" in html
    assert "Увійти" in html and "Мова" in html and "Відкриті" in html
    assert "Konkursy ofert" not in html
    # The call's own data (written by the office) stays as entered.
    assert call.title in html


def test_calls_page_in_english(app, compiled_catalogs, make_call):
    make_call(publish=True)
    html = _page(app, "/calls?lang=en")
    assert '<html lang="en">' in html
    assert "<h1>Calls for offers</h1>" in html
    assert "Log in" in html and "Language" in html
    assert "Konkursy ofert" not in html


def test_language_choice_is_remembered_and_accept_language_is_honoured(app, compiled_catalogs):
    client = app.test_client()
    assert "Конкурси пропозицій" in client.get("/calls?lang=uk").get_data(as_text=True)
    assert "Конкурси пропозицій" in client.get("/calls").get_data(as_text=True)
    html = _page(app, "/calls", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert "<h1>Calls for offers</h1>" in html


def test_public_call_page_in_ukrainian_and_english(app, compiled_catalogs, make_call):
    call = make_call(publish=True)
    uk = _page(app, f"/calls/{call.id}?lang=uk")
    en = _page(app, f"/calls/{call.id}?lang=en")
    pl = _page(app, f"/calls/{call.id}")
    assert "Кінцевий строк подання пропозицій" in uk or "Конкурс приймає пропозиції" in uk
    assert "The call accepts offers until" in en
    assert "Nabór przyjmuje oferty do" in pl
