"""What a person or a machine sent about the programme's year, as typed values with an error per field.

The office's forms (`programmes.forms`) and the API pass the same raw dicts through these functions, so a
field is judged — and its error worded — the same way in both.
"""

from flask_babel import gettext as _

from grants.calls.schema import parse_priorities
from grants.errors import FieldErrors
from grants.parsing import is_blank, parse_date, text

# Where the draft programme is put to consultation. Art. 5 ust. 5 leaves the form to the council's own
# resolution on consultations (local law), so the list is the practice of Polish offices, kept general:
# the BIP, the office's website and noticeboard, an open meeting, the opinion of the public-benefit council
# (rada działalności pożytku publicznego, art. 5a ust. 2a) and e-mail to the organisations.
CHANNELS = ("bip", "website", "noticeboard", "meeting", "rdpp", "email")
# How a comment was taken into account: the columns of a consultation report.
OUTCOMES = ("accepted", "partly", "rejected")

COMMENT_LIMIT = 10000
ANSWER_LIMIT = 10000
REPORT_LIMIT = 50000
REASON_LIMIT = 5000
RESOLUTION_LIMIT = 100


def parse_consultation(raw: dict, errors: FieldErrors) -> dict:
    starts_on = _required_date(errors, "starts_on", raw.get("starts_on"))
    ends_on = _required_date(errors, "ends_on", raw.get("ends_on"))
    if starts_on and ends_on and ends_on < starts_on:
        errors.add("ends_on", _("Konsultacje nie mogą skończyć się przed ich początkiem."))
    return {"starts_on": starts_on, "ends_on": ends_on, "channels": parse_channels(raw.get("channels"), errors)}


def parse_channels(raw, errors: FieldErrors) -> list[str]:
    if is_blank(raw) or raw == []:
        errors.add("channels", _("Wskaż co najmniej jeden sposób prowadzenia konsultacji."))
        return []
    if not isinstance(raw, list):
        errors.add("channels", _("Podaj listę sposobów prowadzenia konsultacji."))
        return []
    chosen = []
    for index, value in enumerate(raw):
        if value not in CHANNELS:
            errors.add(
                f"channels.{index}",
                _("Nieznany sposób konsultacji; dozwolone: %(codes)s.", codes=", ".join(CHANNELS)),
            )
        elif value not in chosen:
            chosen.append(value)
    # Kept in the list's own order, so the same channels read the same wherever they are shown.
    return [code for code in CHANNELS if code in chosen]


def parse_comment(raw: dict, errors: FieldErrors) -> dict:
    data = {"text": text(errors, "text", raw.get("text"), limit=COMMENT_LIMIT, required=True)}
    organization_id = raw.get("organization_id")
    if is_blank(organization_id):
        data["organization_id"] = None
    elif isinstance(organization_id, bool) or not isinstance(organization_id, int | str):
        errors.add("organization_id", _("Wskaż jedną ze swoich organizacji."))
    else:
        try:
            data["organization_id"] = int(str(organization_id).strip())
        except ValueError:
            errors.add("organization_id", _("Wskaż jedną ze swoich organizacji."))
    return data


def parse_answer(raw: dict, errors: FieldErrors) -> dict:
    answer = text(errors, "answer", raw.get("answer"), limit=ANSWER_LIMIT, required=True)
    outcome = raw.get("outcome")
    if is_blank(outcome):
        outcome = ""
    elif outcome not in OUTCOMES:
        errors.add("outcome", _("Wybierz: uwzględniona, uwzględniona częściowo albo nieuwzględniona."))
    return {"answer": answer, "outcome": outcome}


def parse_report(raw: dict, errors: FieldErrors) -> dict:
    return {"text": text(errors, "text", raw.get("text"), limit=REPORT_LIMIT, required=True)}


def parse_resolution(raw: dict, errors: FieldErrors) -> dict:
    """The council's resolution: its number as the council writes it (e.g. XX/345/25) and its date."""
    return {
        "resolution_number": text(
            errors, "resolution_number", raw.get("resolution_number"), limit=RESOLUTION_LIMIT, required=True
        ),
        "adopted_on": _required_date(errors, "adopted_on", raw.get("adopted_on")),
    }


def parse_amendment(raw: dict, errors: FieldErrors) -> dict:
    data = parse_resolution(raw, errors)
    data["reason"] = text(errors, "reason", raw.get("reason"), limit=REASON_LIMIT, required=True)
    if "priorities" in raw and raw["priorities"] is not None:
        data["priorities"] = parse_priorities(raw["priorities"], errors)
    return data


def _required_date(errors: FieldErrors, field: str, value):
    if is_blank(value):
        errors.add(field, _("To pole jest wymagane."))
        return None
    return parse_date(errors, field, value)
