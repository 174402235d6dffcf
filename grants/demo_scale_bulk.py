"""The scale build's bulk writers (`flask demo scale`, issue 13): the four acts repeated hundreds of thousands
of times — an NGO creating, filling in and submitting an offer, the officer's formal check, a member's
declaration for a call, a member's final score sheet — written for a whole call at a time.

One operation per row costs a national dataset hours (each act loads, checks, updates conditionally and
flushes on its own: ≈ 220 statements per offer from creation to score sheets). These writers produce the
same rows from the same parts as the operations — `schema.parse_offer_patch` and `schema.normalised` for the
draft, `offer_estimate`, `build_document` and `control` for the frozen version and its control sum,
`mail_confirmation` for the e-mail, `parse_formal_review` and `formal_review_snapshot` for the formal
check, `parse_sheet` for the points, the audit entries' own words — and write a call's rows together: the
offers and their versions through the session (the document is built from the offer object), everything else as
multi-row INSERTs of plain rows.

They are only for a build that knows its input is valid (the plan is made of complete offers); the checks
the operations make for people (deadline, membership, state moves) are not repeated here. That they write
what the operations write, row for row and column for column, is tested: tests/test_demo_scale_bulk.py
builds one small plan both ways (`through_operations`) and compares every table of the two databases.
"""

from datetime import UTC, datetime

import sqlalchemy as sa

from grants.audit.log import jsonable
from grants.audit.models import AuditEntry
from grants.calls.models import Call
from grants.extensions import db
from grants.jobs.models import Job
from grants.mail import OutboundMail, subject_line
from grants.offers import control, schema
from grants.offers.figures import offer_estimate
from grants.offers.models import Offer, OfferStatus, OfferVersion
from grants.offers.operations.submission import build_document, mail_confirmation
from grants.review import formal_schema, member_queries, queries, serialize
from grants.review.models import (
    CommitteeMember,
    Declaration,
    DeclarationStatus,
    FormalReview,
    FormalStatus,
    ScoreEntry,
    ScoreSheet,
    SheetStatus,
)
from grants.review.operations.common import inputs_changed, start_review
from grants.review.operations.declarations import call_declaration_summary
from grants.review.operations.formal import pending_review
from grants.review.ranking import criteria_of
from grants.review.schema import parse_sheet


def insert_rows(model, rows: list[dict], *, ids: bool = False) -> list[int]:
    """One multi-row INSERT (psycopg sends them in batches); with `ids`, the new ids in the rows' order."""
    if not rows:
        return []
    if not ids:
        db.session.execute(sa.insert(model), rows)
        return []
    statement = sa.insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, rows))


class Writer:
    """Rows of one call, written in the order the operations would write them."""

    def __init__(self):
        self.audit: list[dict] = []
        self.mail: list[dict] = []

    def record(
        self,
        moment: datetime,
        action: str,
        entity_type: str,
        entity_id: int,
        *,
        actor,
        office_id,
        summary: str = "",
        before: dict | None = None,
        after: dict | None = None,
    ) -> None:
        """`grants.audit.log.record` at `moment`, outside a request (no IP)."""
        self.audit.append(
            {
                "action": action,
                "entity_type": entity_type,
                "entity_id": entity_id,
                "actor_id": getattr(actor, "id", None),
                "office_id": office_id,
                "summary": summary,
                "before": jsonable(before) if before is not None else None,
                "after": jsonable(after) if after is not None else None,
                "ip": None,
                "created_at": moment,
            }
        )

    def queue_at(self, moment: datetime):
        """`grants.mail.queue_mail` at `moment`: the message now, its job once the messages have ids."""

        def queue(recipient: str, subject: str, body: str, *, office_id: int | None = None) -> None:
            self.mail.append(
                {
                    "recipient": recipient,
                    "subject": subject_line(subject),
                    "body": body,
                    "office_id": office_id,
                    "created_at": moment,
                }
            )

        return queue

    def flush(self) -> None:
        db.session.flush()
        insert_rows(AuditEntry, self.audit)
        mail_ids = insert_rows(OutboundMail, self.mail, ids=True)
        # `enqueue("send_mail", dedupe_key=f"mail-{id}", mail_id=id)`: a new message has no job yet.
        insert_rows(
            Job,
            [
                {
                    "task": "send_mail",
                    "args": {"mail_id": mail_id},
                    "dedupe_key": f"mail-{mail_id}",
                    "max_attempts": 4,
                    "run_after": message["created_at"],
                    "created_at": message["created_at"],
                }
                for mail_id, message in zip(mail_ids, self.mail, strict=True)
            ],
        )
        self.audit, self.mail = [], []


# ---------------------------------------------------------------- offers: create → update → submit


def write_offers(call: Call, drafts: list[tuple], writer: Writer) -> list[Offer]:
    """`drafts`: (person, organization, title, content patch, moment, submitted) for each offer of `call`, in
    the order the NGOs created them; what `create_offer`, `update_offer` and `submit_offer` write."""
    offers, fields = [], []
    drafts = [
        (person, org, title, raw, moment.astimezone(UTC), submitted)
        for person, org, title, raw, moment, submitted in drafts
    ]
    for person, organization, title, raw, moment, submitted in drafts:
        updates, relations, errors = schema.parse_offer_patch(raw)
        errors.raise_if_any()
        if relations:
            raise ValueError("the bulk writer knows offers without partners or a V.C split only")
        content = {**schema.normalised(schema.empty_content(title)), **updates}
        fields.append(sorted(updates))
        offer = Offer(
            call=call,
            organization=organization,
            status=OfferStatus.submitted if submitted else OfferStatus.draft,
            title=content["title"] or title,
            content=content,
            lock_version=2 if submitted else 1,  # the update's step, and the submission's
            created_at=moment,
            created_by_id=person.id,
            updated_at=moment,
            updated_by_id=person.id,
            partners=[],
            attachments=[],
        )
        offers.append(offer)
    db.session.add_all(offers)
    db.session.flush()

    versions = {}
    for offer, (person, _organization, _title, _raw, moment, submitted) in zip(offers, drafts, strict=True):
        if submitted:
            versions[offer.id] = _freeze(offer, person, moment)
    db.session.add_all(versions.values())
    db.session.flush()
    for offer, changed, (person, _organization, title, _raw, moment, submitted) in zip(
        offers, fields, drafts, strict=True
    ):
        office_id = call.office_id
        writer.record(
            moment,
            "offer.create",
            "offer",
            offer.id,
            actor=person,
            office_id=office_id,
            summary=title,
            after={"call_id": call.id, "organization_id": offer.organization_id, "status": "draft"},
        )
        writer.record(
            moment,
            "offer.update",
            "offer",
            offer.id,
            actor=person,
            office_id=office_id,
            summary=offer.title,
            after={"fields": changed, "lock_version": 1},
        )
        if not submitted:
            continue
        version = versions[offer.id]
        offer.current_version = version
        mail_confirmation(offer, version, queue=writer.queue_at(moment))
        writer.record(
            moment,
            "offer.submit",
            "offer",
            offer.id,
            actor=person,
            office_id=office_id,
            summary=offer.title,
            before={"status": "draft"},
            after={
                "status": "submitted",
                "version": version.number,
                "control_sum": version.control_sum,
                "control_code": version.control_code,
                "submitted_at": moment,
                "correction": False,
            },
        )
    writer.flush()
    return offers


def _freeze(offer: Offer, person, moment: datetime) -> OfferVersion:
    """`freeze_version` of a first submission."""
    content = schema.normalised(offer.content)
    _typed, result, _problems = offer_estimate(offer, content)
    document = build_document(offer, content, result, 1)
    sum_hex = control.control_sum(document)
    return OfferVersion(
        offer_id=offer.id,
        call_id=offer.call_id,
        number=1,
        document=document,
        control_sum=sum_hex,
        control_code=control.control_code(sum_hex),
        total_cost=result.total_cost,
        requested_grant=result.requested_grant,
        submitted_at=moment,
        submitted_by_id=person.id,
    )


# ---------------------------------------------------------------- the formal check


FORMAL_COLUMNS = (
    "offer_id",
    "call_id",
    "status",
    "round",
    "reviewed_version_id",
    "checklist",
    "defects",
    "fields",
    "reason",
    "decided_at",
    "decided_by_id",
    "correction_requested_at",
    "correction_deadline",
)


def write_formal_reviews(call: Call, officer, outcomes: list[tuple[Offer, dict]], moment: datetime, writer: Writer):
    """`record_formal_review` of each (offer, body) at `moment`, in order: the first moves the call under
    review (`start_review`, which writes its own audit entry at once)."""
    start_review(call, officer, moment)
    if call.assignment_mode:
        raise ValueError("the bulk writer checks offers before the committee is appointed only")
    items = queries.checklist_for(call)
    parsed: dict[str, object] = {}
    reviews = []
    for offer, raw in outcomes:
        given = parsed.get(raw["outcome"]) or formal_schema.parse_formal_review(
            raw, items=items, correction_days=call.correction_days, now=moment
        )
        parsed[raw["outcome"]] = given
        if given.target not in (FormalStatus.accepted, FormalStatus.rejected):
            raise ValueError("the bulk writer accepts or rejects; a correction goes through the operation")
        review = pending_review(offer.id, offer.call_id)
        before = serialize.formal_review_snapshot(review)
        review.status, review.round = given.target, 1
        review.reviewed_version_id = offer.current_version_id
        review.checklist, review.defects, review.fields = given.checklist, given.defects, given.fields
        review.reason = given.reason
        review.decided_at, review.decided_by_id = moment, officer.id
        review.correction_requested_at = review.correction_deadline = None
        reviews.append({column: getattr(review, column) for column in FORMAL_COLUMNS})
        writer.record(
            moment,
            f"formal_review.{given.target.value}",
            "offer",
            offer.id,
            actor=officer,
            office_id=call.office_id,
            summary=given.reason or offer.title,
            before=before,
            after=serialize.formal_review_snapshot(review),
        )
    insert_rows(FormalReview, reviews)
    inputs_changed(call.id)
    writer.flush()
    return len(reviews)


# ---------------------------------------------------------------- the committee's declarations and sheets


def write_call_declaration(call: Call, member: CommitteeMember, moment: datetime, writer: Writer) -> int:
    """`declare_for_call` of a member declaring impartiality towards every offeror, none declared before."""
    actor = member.user
    offers = member_queries.passed_offers(call)
    rows = []
    for offer in offers:
        rows.append(
            {
                "call_id": call.id,
                "offer_id": offer.id,
                "member_id": member.id,
                "status": DeclarationStatus.impartial,
                "reason": None,
                "declared_at": moment,
            }
        )
        writer.record(
            moment,
            "declaration.impartial",
            "offer",
            offer.id,
            actor=actor,
            office_id=call.office_id,
            summary=actor.full_name,
            after={
                "member_id": actor.id,
                "role": member.role.value,
                "status": "impartial",
                "reason": None,
                "reassigned_to": None,
            },
        )
    if offers:
        writer.record(
            moment,
            "declaration.call",
            "call",
            call.id,
            actor=actor,
            office_id=call.office_id,
            summary=call_declaration_summary(actor.full_name, len(offers), 0),
            after={"member_id": actor.id, "impartial": [o.id for o in offers], "conflicts": []},
        )
    insert_rows(Declaration, rows)
    inputs_changed(call.id)
    writer.flush()
    return len(rows)


def write_final_sheets(call: Call, member: CommitteeMember, sheets: list[tuple[Offer, dict]], moment, writer) -> int:
    """`save_score` with `final: true` of a member's first sheet for each (offer, body)."""
    criteria = {c.code: c for c in criteria_of(call)}
    actor = member.user
    rows, entries = [], []
    for offer, raw in sheets:
        given = parse_sheet(raw, criteria=criteria, allow_half_points=call.allow_half_points)
        rows.append(
            {
                "call_id": offer.call_id,
                "offer_id": offer.id,
                "member_id": member.id,
                "status": SheetStatus.final if given.final else SheetStatus.draft,
                "lock_version": 1,
                "created_at": moment,
                "updated_at": moment,
                "finalized_at": moment if given.final else None,
            }
        )
        entries.append(
            [
                {"criterion_code": code, "points": given.points.get(code), "justification": given.texts.get(code, "")}
                for code in criteria
                if code in given.points or code in given.texts
            ]
        )
        writer.record(
            moment,
            "score.final" if given.final else "score.save",
            "offer",
            offer.id,
            actor=actor,
            office_id=call.office_id,
            summary=actor.full_name,
            after={
                "member_id": actor.id,
                "final": given.final,
                "scores": {code: str(p) for code, p in given.points.items()},
            },
        )
    sheet_ids = insert_rows(ScoreSheet, rows, ids=True)
    insert_rows(
        ScoreEntry,
        [{**entry, "sheet_id": sheet_id} for sheet_id, own in zip(sheet_ids, entries, strict=True) for entry in own],
    )
    inputs_changed(call.id)
    writer.flush()
    return len(rows)
