"""WeasyPrint, set up once per process: shipped fonts through one FontConfiguration, one compiled
stylesheet, a URL fetcher that serves files under static/ and nothing else, tagged PDF/A output.

Importing this module imports WeasyPrint (~0.5 s), so only the job handler, the worker's preload
and the benchmark import it; web processes never do.

Why `pdf/a-3u` with `pdf_tags=True` rather than `pdf/a-3a`: in WeasyPrint 70 both write the very same
tagged structure (StructTreeRoot, MarkInfo, /Lang, table headers linked to cells) and differ only in
the conformance letter of the XMP claim (measured: identical size, same tags). Level A claims more
than WeasyPrint delivers: text in page-margin boxes (our page numbers and running footers) is
marked content whose structure elements are deliberately left out of the tree (see
weasyprint/pdf/tags.py — artifacts there need PDF 2.0), so a level-A validator may reject the file,
while level U (Unicode text, embedded fonts, an OutputIntent) is what WeasyPrint actually meets. We
claim what we can stand behind and still ship the tags for screen readers; if veraPDF confirms
level A on the office's files, switching is this one constant.
"""

import gc
import hashlib
import mimetypes
import threading
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import pydyf
from flask import current_app
from flask_babel import force_locale
from weasyprint import CSS, HTML
from weasyprint.css import ColorProfile
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse, path2url

from grants.documents.context import BUILDERS
from grants.documents.samples import SAMPLES

PDF_VARIANT = "pdf/a-3u"
PDF_TAGS = True
STYLESHEET = "pdf/pdf.css"
# Any value but None and "srgb": see `_srgb_profile` for why the profile is attached by hand.
_OWN_OUTPUT_INTENT = "oko-srgb"


class NotServed(ValueError):
    """WeasyPrint catches this, logs it and renders the document without the resource."""


class StaticOnlyFetcher(URLFetcher):
    """Serves regular files under one directory (static/) by `file:` URL; refuses everything else.

    No network (http, https, ftp), no `data:`, no `file:` outside the root (symlinks and `..` are
    resolved first). A template or user text that points elsewhere renders without the resource.
    `requested` lists every URL WeasyPrint asked for, so tests can prove nothing was fetched.
    """

    def __init__(self, root: Path):
        super().__init__(timeout=1, allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=False)
        self.root = Path(root).resolve()
        self.requested: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        self.requested.append(url)
        path = self._local_path(url)
        if path is None:
            self.refused.append(url)
            raise NotServed(f"not served (only files under static/ are): {url[:200]}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        # Read here rather than through urllib: nothing but this check decides what is opened.
        return URLFetcherResponse(path2url(str(path)), body=path.read_bytes(), headers={"Content-Type": content_type})

    def _local_path(self, url: str) -> Path | None:
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return path


@dataclass
class RenderedPdf:
    pdf: bytes
    pages: int


class Engine:
    """One per process and static root: fonts are registered and the stylesheet parsed only once."""

    def __init__(self, static_root: Path, css_text: str):
        self.static_root = Path(static_root).resolve()
        self.base_url = path2url(str(self.static_root))  # a directory: ends with "/"
        self.font_config = FontConfiguration()
        self.stylesheet = CSS(
            string=css_text,
            base_url=self.base_url,
            font_config=self.font_config,
            url_fetcher=StaticOnlyFetcher(self.static_root),
        )
        with resources.files("weasyprint.pdf").joinpath("sRGB2014.icc").open("rb") as icc:
            self._srgb_icc = icc.read()
        # FontConfiguration and Pango are not meant to be shared by threads rendering at once; the
        # in-process runner has one thread, this only guards against surprises.
        self._lock = threading.Lock()

    def _srgb_profile(self) -> ColorProfile:
        # PDF/A needs an OutputIntent. WeasyPrint 70 opens its bundled sRGB profile for every PDF and
        # never closes the file (a ResourceWarning per render); we attach the same profile from bytes
        # read once, and pass an output_intent other than "srgb" so WeasyPrint does not open it again.
        return ColorProfile(BytesIO(self._srgb_icc), "sRGB2014.icc", "relative-colorimetric", (["r"], ["g"], ["b"]))

    def layout(self, html: str, *, fetcher: StaticOnlyFetcher | None = None):
        """The laid-out WeasyPrint Document (tests inspect its boxes)."""
        fetcher = fetcher or StaticOnlyFetcher(self.static_root)
        with self._lock:
            return HTML(string=html, base_url=self.base_url, url_fetcher=fetcher).render(
                stylesheets=[self.stylesheet], font_config=self.font_config, pdf_variant=PDF_VARIANT, pdf_tags=PDF_TAGS
            )

    def render(
        self, html: str, *, fetcher: StaticOnlyFetcher | None = None, identifier: str | None = None
    ) -> RenderedPdf:
        with _no_gc_pauses():
            document = self.layout(html, fetcher=fetcher)
            with self._lock, _compress_each_stream_once():
                document.color_profiles["srgb"] = self._srgb_profile()
                pdf = document.write_pdf(
                    pdf_variant=PDF_VARIANT,
                    pdf_tags=PDF_TAGS,
                    output_intent=_OWN_OUTPUT_INTENT,
                    pdf_identifier=identifier.encode() if identifier else None,
                    custom_metadata=True,
                )
            return RenderedPdf(pdf=pdf, pages=len(document.pages))


class _OnceZlib:
    """zlib for pydyf, remembering what it compressed during one PDF write.

    pydyf compresses every stream twice when a PDF gets a file identifier (PDF/A requires one):
    once to write it, once more to hash the whole file for the /ID. Same input, same level, same
    output — so the second time is answered from memory (measured: 7 % of an offer's render time).
    The bytes written are exactly those pydyf would write."""

    def __init__(self):
        self._done: dict[tuple[bytes, int], bytes] = {}

    def compressobj(self, level=-1, *args, **kwargs):
        if args or kwargs:
            return zlib.compressobj(level, *args, **kwargs)
        return _OnceCompressor(self._done, level)

    def __getattr__(self, name):
        return getattr(zlib, name)


class _OnceCompressor:
    def __init__(self, done: dict, level: int):
        self._done, self._level, self._parts = done, level, []

    def compress(self, data) -> bytes:
        self._parts.append(bytes(data))
        return b""

    def flush(self, *args) -> bytes:
        data = b"".join(self._parts)
        key = (hashlib.sha1(data).digest(), self._level)
        if key not in self._done:
            compressor = zlib.compressobj(self._level)
            self._done[key] = compressor.compress(data) + compressor.flush()
        return self._done[key]


_swap_lock = threading.Lock()


@contextmanager
def _compress_each_stream_once():
    # pydyf's module attribute is swapped for one write only; the lock keeps two engines (two static
    # roots, tests only) from interleaving their swaps.
    with _swap_lock:
        original = pydyf.zlib
        pydyf.zlib = _OnceZlib()
        try:
            yield
        finally:
            pydyf.zlib = original


@contextmanager
def _no_gc_pauses():
    """Layout allocates hundreds of thousands of short-lived boxes; the cyclic collector then runs
    over and over for nothing (measured: 0.52 → 0.40 s CPU for a 5-page offer). Reference counting
    still frees them; the collector resumes afterwards and catches any cycles then."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def engine(app=None) -> Engine:
    """The process's engine for the app's static folder (created on first use)."""
    app = app or current_app
    root = str(Path(app.static_folder).resolve())
    found = _engines.get(root)
    if found is None:
        with _engines_lock:
            found = _engines.get(root)
            if found is None:
                css_text, _, _ = app.jinja_env.loader.get_source(app.jinja_env, STYLESHEET)
                found = _engines[root] = Engine(Path(root), css_text)
    return found


def html_for(kind: str, data: dict, meta: dict, app=None) -> str:
    """The document's HTML from its template and plain data (autoescaped: user text stays text)."""
    app = app or current_app
    # The environment's own `get_template`, not `render_template`: no request, no context
    # processors, nothing but the plain data reaches the template.
    # A statutory document is Polish whoever asked for it: its dates and words never follow a reader's
    # language, even should it be drawn inside a request.
    with force_locale("pl"):
        return app.jinja_env.get_template(f"pdf/{kind}.html").render(doc=data, meta=meta)


def render_document(
    kind: str, data: dict, meta: dict, *, app=None, fetcher: StaticOnlyFetcher | None = None
) -> RenderedPdf:
    eng = engine(app)
    identifier = meta.get("identifier")
    return eng.render(html_for(kind, data, meta, app), fetcher=fetcher, identifier=identifier)


def warm_up(app) -> None:
    """Import WeasyPrint, register the fonts and lay out one real page before the worker forks.

    Each forked job then starts with everything loaded (RQ forks a work-horse per job: without
    this every job paid ~0.6 s of imports, see docs/benchmarks.md "PDF")."""
    with app.app_context():
        for kind in BUILDERS:
            app.jinja_env.get_template(f"pdf/{kind}.html")  # compiled once, not in every job
        # The offer sample exercises what real documents use: both font families, bold, long tables.
        render_document("offer", BUILDERS["offer"](SAMPLES["offer"]()), {"kind": "offer"}, app=app)
    # Everything loaded so far lives as long as the worker: move it out of the collector's sight, so
    # collections in the forked job do not walk (and copy-on-write) the parent's pages.
    gc.collect()
    gc.freeze()
