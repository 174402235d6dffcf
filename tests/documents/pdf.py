"""Reading a PDF's text and metadata the way a person's reader would."""

import io
import re

# Every letter the PDFs must carry intact: Polish (offices, names, addresses) and Ukrainian (names of
# people from Ukraine, who are among the applicants).
POLISH = "ąćęłńóśźż"
UKRAINIAN = "їєґ"


def pdf_text(data: bytes) -> list[str]:
    """The text of each page, spaces normalised (non-breaking spaces in amounts become plain ones)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [re.sub(r"[ \u00a0\u202f]+", " ", page.extract_text() or "") for page in reader.pages]


def pdf_reader(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))


def flat(pages: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(pages))
