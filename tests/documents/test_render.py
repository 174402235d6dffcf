"""The PDFs themselves: statutory headings, the object's data with its diacritics, Polish formats, page
numbers, tagged PDF/A metadata — and user text that can neither fetch anything nor break the layout."""

import re
import shutil
from pathlib import Path

import pytest

from grants.documents import render, samples
from grants.documents.context import BUILDERS
from tests.documents.pdf import POLISH, UKRAINIAN, flat, pdf_reader, pdf_text

META = {
    "kind": "x",
    "number": 41,
    "version": "ab" * 32,
    "created_iso": "2027-01-20T14:59:58Z",
    "created_pl": "20 stycznia 2027 r.",
    "identifier": "oko-test-1",
}

HEADINGS = {
    "call_announcement": [
        "OGŁOSZENIE OTWARTEGO KONKURSU OFERT",
        "1. Rodzaj zadania publicznego",
        "2. Wysokość środków publicznych przeznaczonych na realizację zadania",
        "3. Zasady przyznawania dotacji",
        "4. Terminy i warunki realizacji zadania",
        "5. Termin składania ofert",
        "6. Tryb i kryteria stosowane przy wyborze ofert",
        "7. Zadania publiczne tego samego rodzaju",
    ],
    "offer": [
        "Załącznik nr 1 do rozporządzenia Przewodniczącego Komitetu do spraw Pożytku Publicznego z dnia "
        "24 października 2018 r. (Dz. U. poz. 2057)",
        "OFERTA REALIZACJI ZADANIA PUBLICZNEGO* / OFERTA WSPÓLNA REALIZACJI ZADANIA PUBLICZNEGO*,",
        "O KTÓREJ MOWA W ART. 14 UST. 1* / 2* USTAWY Z DNIA 24 KWIETNIA 2003 R.",
        "(DZ. U. Z 2018 R. POZ. 450, Z PÓŹN. ZM.)",
        "Pouczenie co do sposobu wypełniania oferty:",
        "należy wpisać „nie dotyczy” lub przekreślić pole",
        "I. Podstawowe informacje o złożonej ofercie",
        "II. Dane oferenta(-tów)",
        "III. Opis zadania",
        "IV. Charakterystyka oferenta",
        "V. Kalkulacja przewidywanych kosztów realizacji zadania publicznego",
        "V.A Zestawienie kosztów realizacji zadania",
        "V.B Źródła finansowania kosztów realizacji zadania",
        "Suma wszystkich kosztów realizacji zadania",
        "Planowana dotacja w ramach niniejszej oferty",
        "VI. Inne informacje",
        "VII. Oświadczenia",
    ],
    "offer_confirmation": ["POTWIERDZENIE ZŁOŻENIA OFERTY", "Suma kontrolna (SHA-256)", "9F2C-0123-4567"],
    "evaluation_card": ["KARTA OCENY MERYTORYCZNEJ OFERTY", "Uzasadnienie", "Razem"],
    "committee_protocol": [
        "PROTOKÓŁ Z PRAC KOMISJI KONKURSOWEJ",
        "zarządzeniem nr 0050.27.2027 z dnia 20 stycznia 2027 r.",
        "od 4 lutego 2027 r. do 5 lutego 2027 r.",
        "1. Skład komisji",
        "osoba wskazana przez organizację: Fundacja „Wspólny Dom”",
        "ekspert z głosem doradczym",
        "2. Oświadczenia o bezstronności i wyłączenia z oceny",
        "członkini zarządu oferenta",
        "3. Wyniki oceny formalnej",
        "podmiot nieuprawniony",
        "4. Ranking ofert",
        "5. Rekomendacja komisji",
        "6. Decyzja o wyborze ofert",
        "Protokół sporządził(a): Katarzyna Protokolantka",
    ],
    "results": [
        "WYNIKI OTWARTEGO KONKURSU OFERT",
        "Oferty, którym przyznano dotacje",
        "Oferty, którym nie przyznano dotacji",
        "Biuletyn Informacji Publicznej — 11 lutego 2027 r., godz. 08:30",
    ],
    "contract": [
        "Załącznik nr 3",
        "O REALIZACJĘ ZADANIA PUBLICZNEGO",
        "§ 1. Przedmiot umowy",
        "§ 3. Wysokość dotacji lub środków finansowych",
        "§ 5. Dokonywanie przesunięć w zakresie ponoszonych wydatków",
        "§ 17. Postanowienia końcowe",
        "czterdzieści osiem tysięcy złotych, zero groszy",
        "48 000,00 zł",
        "61 1090 1014 0000 0712 1981 2874",
    ],
    "report": [
        "Załącznik nr 5",
        "SPRAWOZDANIE Z WYKONANIA ZADANIA PUBLICZNEGO",
        "Część I. Sprawozdanie merytoryczne",
        "Część II. Sprawozdanie z wykonania wydatków",
        "1. Rozliczenie ze względu na rodzaj kosztów",
        "2. Rozliczenie ze względu na źródło finansowania",
        "Część III. Dodatkowe informacje",
    ],
}


def rendered(app, kind, src=None, fetcher=None):
    data = BUILDERS[kind](src or samples.SAMPLES[kind]())
    return render.render_document(kind, data, dict(META, kind=kind), app=app, fetcher=fetcher), data


@pytest.mark.parametrize("kind", sorted(HEADINGS))
def test_each_document_has_its_headings_data_header_and_page_numbers(app, kind):
    result, data = rendered(app, kind)
    pages = pdf_text(result.pdf)
    text = flat(pages)
    assert result.pdf.startswith(b"%PDF-") and result.pages == len(pages)
    for heading in HEADINGS[kind]:
        assert heading in text, heading
    if data.get("letterhead", True):
        assert "Urząd Miasta Opola — Referat ds. Integracji Społecznej" in text  # the letterhead
        assert "45-015 Opole" in text
    else:  # the NGO's own offer: the office is only its addressee (I.1), its letterhead stays off
        assert "45-015 Opole" not in text and kind == "offer"
    for number, page in enumerate(pages, 1):
        assert f"strona {number} z {len(pages)}" in page
        assert data["footer"] in re.sub(r"\s+", " ", page)  # running footer


def test_call_announcement_prints_the_calls_data_in_polish_formats(app):
    text = flat(pdf_text(rendered(app, "call_announcement")[0].pdf))
    assert "Kursy języka polskiego dla cudzoziemców w 2027 r." in text
    assert "120 000,00 zł" in text and "60 000,00 zł" in text and "10,00 %" in text
    assert "22 stycznia 2027 r., godz. 16:00" in text
    assert "od 1 marca 2027 r. do 15 grudnia 2027 r." in text
    assert "„Їжак і ґанок — є!”" in text


def test_diacritics_survive_in_every_document(app):
    for kind in ("offer", "contract", "offer_confirmation"):
        text = flat(pdf_text(rendered(app, kind)[0].pdf))
        assert "Łucja Wąsowicz-Żak" in text or "Źródło" in text
        assert "Ґрунт і Єдність" in text or "Олена Коваленко" in text
    text = flat(pdf_text(rendered(app, "offer")[0].pdf))
    assert all(letter in text for letter in POLISH)
    assert all(letter in text for letter in UKRAINIAN)


def test_offer_has_the_40_line_estimate_and_version_and_control_sum_on_every_page(app):
    src = samples.offer(cost_lines=40)
    result, data = rendered(app, "offer", src)
    pages = pdf_text(result.pdf)
    text = flat(pages)
    assert result.pages >= 2
    for page in pages:
        joined = re.sub(r"\s+", "", page)
        assert "Ofertanr7,wersja2" in joined
        assert src["version"]["control_sum"] in joined  # the full SHA-256, every page
    for line in (1, 20, 40):
        assert f"Koszt {line}: wynagrodzenie lektora — zajęcia ąćęłńóśźż" in text
    assert "I.1.1." in text and "II.1." in text and "I.3." in text
    assert (
        data["costs"]["total"] in text.replace("\u00a0", " ") or data["costs"]["total"].replace("\u00a0", " ") in text
    )
    assert "Polski bez barier — kursy dla cudzoziemców w Opolu" in text
    assert "nie zalega(-ją) z opłacaniem należności z tytułu zobowiązań podatkowych" in text


def test_confirmation_is_one_page_with_signature_lines_for_the_representatives(app):
    src = samples.offer_confirmation()
    src["organization"]["representatives"] = [
        {"full_name": f"Reprezentant{n} Żółć", "function": "Członek"} for n in range(6)
    ]
    result, _ = rendered(app, "offer_confirmation", src)
    assert result.pages == 1
    text = flat(pdf_text(result.pdf))
    assert all(f"Reprezentant{n} Żółć" in text for n in range(6))
    assert "9F2C-0123-4567" in text and src["version"]["control_sum"] in text.replace(" ", "")
    assert "Fundacja „Źródło” — Ґрунт і Єдність" in text


def test_pdf_is_tagged_pdf_a_in_polish_with_title_and_metadata(app):
    result, data = rendered(app, "contract")
    reader = pdf_reader(result.pdf)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "pl"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"] in (True, "true")
    assert "/OutputIntents" in root  # PDF/A needs the colour space stated
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="U"' in xmp
    assert data["title"] in xmp
    info = reader.metadata
    assert info.title == data["title"]
    assert info.author == "Urząd Miasta Opola — Referat ds. Integracji Społecznej"
    assert info["/Producer"].startswith("WeasyPrint 70")
    assert info["/CreationDate"].startswith("D:20270120145958")
    assert info["/okodocumentkind"] == "contract"
    for font in _fonts(reader):
        assert font.get("/FontFile2") is not None  # every font embedded


def _fonts(reader):
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", []):
                found.append(descendant.get_object()["/FontDescriptor"].get_object())
    assert found
    return found


def test_same_data_renders_byte_identical(app):
    first, _ = rendered(app, "offer_confirmation")
    second, _ = rendered(app, "offer_confirmation")
    assert first.pdf == second.pdf  # a re-run after a crash writes the very same file


HOSTILE = (
    "<img src=http://127.0.0.1:9/tracker.png> </td></tr></table> <style>body{display:none}</style> "
    "<link rel=attachment href=file:///etc/hostname> " + "ŻÓŁW" * 80
)


def test_user_text_with_html_and_css_renders_as_text_fetches_nothing_and_keeps_the_layout(app):
    src = samples.offer(cost_lines=6)
    content = src["content"]
    content["title"] = HOSTILE[:290]
    content["summary"] = HOSTILE
    content["cost_items"][0]["name"] = HOSTILE
    content["actions"][0]["description"] = HOSTILE
    src["organization"]["name"] = "</td><td>" + "X" * 200
    fetcher = render.StaticOnlyFetcher(Path(app.static_folder))
    result, _ = rendered(app, "offer", src, fetcher=fetcher)
    text = flat(pdf_text(result.pdf))
    assert "<img src=http://127.0.0.1:9/tracker.png>" in text
    assert "</td></tr></table>" in text and "<style>body{display:none}</style>" in text
    assert "<link rel=attachment href=file:///etc/hostname>" in text
    # Nothing of it was fetched: the document's fetcher was not asked for anything at all (the fonts
    # come through the stylesheet, parsed once per process).
    assert fetcher.requested == []
    assert pdf_reader(result.pdf).attachments == {}
    # The layout holds: every box stays inside its page.
    document = render.engine(app).layout(render.html_for("offer", BUILDERS["offer"](src), META, app))
    for page in document.pages:
        for box in _boxes(page._page_box):
            assert box.position_x + box.margin_width() <= page.width + 0.5, (type(box).__name__, box.element_tag)


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def test_a_template_pointing_elsewhere_renders_without_it(app):
    fetcher = render.StaticOnlyFetcher(Path(app.static_folder))
    html = (
        '<!doctype html><html lang="pl"><head><title>t</title>'
        '<link rel="attachment" href="file:///etc/hostname"></head><body>'
        '<img src="http://127.0.0.1:9/x.png" alt="x"><img src="../../../../etc/passwd" alt="y">'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="z"><p>Zażółć gęślą jaźń</p></body></html>'
    )
    result = render.engine(app).render(html, fetcher=fetcher)
    assert "Zażółć gęślą jaźń" in flat(pdf_text(result.pdf))
    assert pdf_reader(result.pdf).attachments == {}
    assert set(fetcher.refused) == set(fetcher.requested)
    assert any(u.startswith("http://127.0.0.1:9") for u in fetcher.refused)
    assert any(u == "file:///etc/hostname" for u in fetcher.refused)
    assert any(u.endswith("/etc/passwd") for u in fetcher.refused)


def test_fetcher_serves_files_under_static_only(app, tmp_path):
    root = Path(app.static_folder)
    fetcher = render.StaticOnlyFetcher(root)
    response = fetcher.fetch((root / "fonts" / "DejaVuSans.ttf").resolve().as_uri())
    assert response.read(4) == b"\x00\x01\x00\x00"
    response.close()
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    link = tmp_path / "link"
    for url in (
        outside.as_uri(),
        (root / ".." / "setup.cfg").as_uri(),
        "http://example.org/x.css",
        "https://example.org/x.css",
        "ftp://example.org/x",
        "data:text/plain,abc",
        "file://otherhost/etc/hostname",
        (root / "fonts").as_uri(),
        "not a url",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    # A symlink inside static/ that points outside is judged by where it leads.
    static_copy = tmp_path / "static"
    static_copy.mkdir()
    link = static_copy / "leak.txt"
    link.symlink_to(outside)
    with pytest.raises(ValueError):
        render.StaticOnlyFetcher(static_copy).fetch(link.as_uri())


def test_logo_from_static_is_drawn(app, tmp_path):
    # A deployment drops its coat of arms under static/; a copy of static/ stands in for it here.
    static = tmp_path / "static"
    shutil.copytree(app.static_folder, static)
    (static / "img").mkdir(exist_ok=True)
    _write_png(static / "img" / "herb.png")
    app.static_folder = str(static)
    src = samples.call_announcement()
    src["header"]["logo"] = "img/herb.png"
    src["header"]["logo_alt"] = "Herb Opola"
    fetcher = render.StaticOnlyFetcher(static)
    result, _ = rendered(app, "call_announcement", src, fetcher=fetcher)
    assert any(url.endswith("/img/herb.png") for url in fetcher.requested)
    assert not fetcher.refused
    images = [img for page in pdf_reader(result.pdf).pages for img in page.images]
    assert images


def _write_png(path):
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xc0\x10\x10" * 8 for _ in range(8))
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_compressing_each_stream_once_writes_the_very_same_bytes(app, monkeypatch):
    from contextlib import nullcontext

    html = render.html_for("offer", BUILDERS["offer"](samples.offer(cost_lines=10)), META, app)
    fast = render.engine(app).render(html).pdf
    monkeypatch.setattr(render, "_compress_each_stream_once", nullcontext)
    assert render.engine(app).render(html).pdf == fast
