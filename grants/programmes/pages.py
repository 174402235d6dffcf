"""What the programme's year's templates are given: the officer's programme page (the timeline and every
form of the year), the adoption's confirmation, the NGO's consultation page, the public programme page and
the NGO dashboard's list of open consultations."""

from datetime import date

from grants.audit.log import entries_for
from grants.organizations.queries import organizations_of
from grants.programmes import forms, labels, queries, rules
from grants.programmes.operations import adoption_warnings
from grants.programmes.queries import ProgrammeYear
from grants.programmes.serialize import visible_comments

# The steps of the year, in order, for the timeline.
STEPS = ("draft", "consultation", "consulted", "adopted")


def timeline(year: ProgrammeYear, today: date) -> list[dict]:
    status = year.status(today)
    reached = STEPS.index(status)
    consultation, adoption = year.consultation, year.adoption
    steps = []
    for index, step in enumerate(STEPS):
        when = None
        if step == "draft":
            when = year.programme.created_at
        elif step == "consultation" and consultation is not None:
            when = consultation.starts_on
        elif step == "consulted" and consultation is not None:
            when = consultation.ends_on
        elif step == "adopted" and adoption is not None:
            when = adoption.adopted_on
        steps.append(
            {
                "step": step,
                "label": labels.status_label(step),
                "when": when,
                "done": index < reached,
                "current": index == reached,
            }
        )
    return steps


def _common(year: ProgrammeYear, today: date) -> dict:
    return {
        "year": year,
        "programme": year.programme,
        "status": year.status(today),
        "status_label": labels.status_label(year.status(today)),
        "timeline": timeline(year, today),
        "deadline": rules.adoption_deadline(year.programme.year),
        "today": today,
        "channel_label": labels.channel_label,
        "outcome_label": labels.outcome_label,
    }


def office_page(year: ProgrammeYear, today: date, *, errors=None, values=None) -> dict:
    """`values`: what was typed into the form that was refused, keyed by the form's prefix."""
    values = dict(values or {})
    consultation = year.consultation
    default_consultation = {"starts_on": "", "ends_on": "", "channels": []}
    context = _common(year, today)
    context.update(
        {
            "errors": errors or {},
            "summary": labels.labelled_errors(errors or {}),
            "values": {
                forms.CONSULTATION: values.get(forms.CONSULTATION, default_consultation),
                forms.REPORT: values.get(forms.REPORT, {"text": ""}),
                forms.ADOPT: values.get(forms.ADOPT, {"resolution_number": "", "adopted_on": ""}),
                forms.AMEND: forms.with_priority_rows(values.get(forms.AMEND) or forms.amend_values(year.programme)),
                "answers": values.get("answers", {}),
            },
            "comments": year.comments,
            "unanswered": len(year.unanswered()),
            "can_open_consultation": consultation is None and year.adoption is None,
            "can_answer": consultation is not None and not year.report_published,
            "can_report": year.consultation_ended(today) and not year.report_published,
            "can_adopt": year.adoption is None,
            "can_amend": year.adoption is not None,
            "channel_options": labels.channel_options(),
            "outcome_options": labels.outcome_options(),
            "history": [
                {"entry": entry, "label": labels.action_label(entry.action)}
                for entry in entries_for("programme", year.programme.id)
            ],
        }
    )
    return context


def adopt_confirmation(year: ProgrammeYear, today: date, values: dict, adopted_on) -> dict:
    context = _common(year, today)
    context.update({"values": values, "warnings": adoption_warnings(year, adopted_on)})
    return context


def ngo_page(year: ProgrammeYear, user, today: date, *, errors=None, values=None) -> dict:
    organizations = organizations_of(user)
    _office, own = queries.reader_of(user, year.programme)
    context = _common(year, today)
    context.update(
        {
            "organizations": organizations,
            "organization_options": [{"value": str(o.id), "label": o.name} for o in organizations],
            "open": year.consultation_open(today),
            "comments": visible_comments(year, office_reader=False, own_organization_ids=own),
            "errors": errors or {},
            "summary": labels.labelled_errors(errors or {}),
            "values": values
            or {"text": "", "organization_id": str(organizations[0].id) if len(organizations) == 1 else ""},
        }
    )
    return context


def public_page(year: ProgrammeYear, today: date) -> dict:
    context = _common(year, today)
    # The office's answers are public with its report, and then every comment with them.
    context["comments"] = list(year.comments) if year.report_published else []
    return context


def open_consultations(today: date) -> list[dict]:
    return [
        {"programme": programme, "consultation": consultation}
        for programme, consultation in queries.open_consultations(today)
    ]


def public_list(today: date) -> dict:
    years = queries.programme_years(queries.public_programmes())
    return {
        "rows": [
            {"year": year, "status": year.status(today), "status_label": labels.status_label(year.status(today))}
            for year in years
        ],
        "today": today,
    }
