"""The document kinds: what each is called, who may see it and how its object becomes plain data.

A loader takes the object's id and the person asking, answers "not found" when that person may
not see the object (its rules, not ours: a draft call is its office's, an offer its organisation's),
and returns plain source data for `grants.documents.context.BUILDERS`. A kind whose objects OKO does
not have yet has no loader: asking for it is a 422 on `kind`, never a 500. The review's kinds (evaluation
card, protocol, results) load in `grants.documents.review_sources`, the contract in `contract_sources`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _

from grants.calls.labels import confirmation_rule, required_attachments
from grants.calls.queries import get_call_for
from grants.calls.serialize import call_to_api
from grants.documents.contract_sources import contract_access, load_contract
from grants.documents.loading import Source, header_for
from grants.documents.programme_report_sources import load_programme_report, programme_report_access
from grants.documents.report_sources import load_report, report_access
from grants.documents.review_sources import (
    committee_protocol_access,
    evaluation_card_access,
    load_committee_protocol,
    load_evaluation_card,
    load_results,
    results_access,
)
from grants.errors import Conflict, NotFound
from grants.formatting import iso_warsaw
from grants.offers import schema
from grants.offers.figures import offer_estimate
from grants.offers.operations.submission import build_document
from grants.offers.queries import get_offer_for, get_offer_for_member
from grants.review.ranking import selection_rules_of


@dataclass(frozen=True)
class Kind:
    name: str
    label: str  # for pages and messages
    file_stem: str  # the downloaded file's name
    # Part of the version hash: bump it when a template changes what the document says, so the next
    # request renders a new document instead of handing out the old wording.
    layout_revision: int
    load: Callable[[int, object], Source] | None = None
    # Who may see the object now, without building its data: asked on every look at a document already
    # made (its progress page, its download). None: the loader itself is the rule.
    access: Callable[[int, object], object] | None = None


# ---------------------------------------------------------------- loaders


def load_call_announcement(object_id: int, user) -> Source:
    call = get_call_for(object_id, user)  # a draft only for its office; published calls for everyone
    with force_locale("pl"):  # a legal document: Polish whoever asks for it
        rules = [str(line) for line in selection_rules_of(call)]
        applying = {
            "confirmation_rule": confirmation_rule(call.submission_deadline, call.confirmation_days),
            "required_attachments": required_attachments(),
            "contact": {
                "name": call.contact_name or "",
                "email": call.contact_email or call.office.contact_email or "",
                "phone": call.contact_phone or call.office.contact_phone or "",
            },
        }
    return Source(
        data={
            "call": call_to_api(call),
            "header": header_for(call.office),
            "draft": not call.is_public,
            "selection_rules": rules,
            **applying,
        },
        office_id=call.office_id,
    )


def offer_source(
    document: dict,
    *,
    control_sum: str,
    control_code: str,
    submitted_at: str | None,
    withdrawn_at: str | None,
    header: dict,
) -> dict:
    """A submitted version's frozen document (grants.offers.operations.build_document, format
    oko-offer/1) as the offer builders' input: the PDF shows exactly what the control sum covers."""
    organizations = document.get("organizations") or []
    lead = next((o for o in organizations if o.get("representing")), organizations[0] if organizations else {})
    partners = [o for o in organizations if o is not lead]
    return {
        "offer_id": document.get("offer_id"),
        "content": document.get("content") or {},
        "figures": document.get("computed") or {},
        "call": document.get("call") or {},
        "organization": lead,
        "partners": partners,
        "cost_split": [
            {
                "name": o.get("name"),
                "amount": o.get("cost_share"),
                "year_values": ((document.get("content") or {}).get("cost_split_years") or {}).get(str(o.get("id"))),
            }
            for o in organizations
        ]
        if partners
        else [],
        "attachments": document.get("attachments") or [],
        "version": {
            "number": document.get("version"),
            "control_sum": control_sum,
            "control_code": control_code,
            "submitted_at": submitted_at,
            "withdrawn_at": withdrawn_at,
        },
        "header": header,
    }


def load_offer_version(object_id: int, user) -> Source:
    """Offer `object_id`'s latest submitted version: its organisation's members and, once submitted,
    the call's office see it (grants.offers.queries); a draft has no document yet."""
    offer = get_offer_for(user, object_id)
    version = offer.current_version
    if version is None:
        raise Conflict(
            _("Oferta nie została jeszcze złożona: jej dokument powstaje ze złożonej wersji."), code="not_submitted"
        )
    return Source(
        data=offer_source(
            version.document,
            control_sum=version.control_sum,
            control_code=version.control_code,
            submitted_at=iso_warsaw(version.submitted_at),
            withdrawn_at=iso_warsaw(version.withdrawn_at),
            header=header_for(offer.call.office),
        ),
        office_id=offer.call.office_id,
    )


def load_offer_confirmation(object_id: int, user) -> Source:
    """The page the organisation signs, with the term and manner of delivering it as the announcement states
    them (calls.labels.confirmation_rule: one sentence for the announcement, this page and the NGO's screen)."""
    source = load_offer_version(object_id, user)
    call = get_offer_for(user, object_id).call
    with force_locale("pl"):
        rule = confirmation_rule(call.submission_deadline, call.confirmation_days)
    return Source(data={**source.data, "confirmation_rule": rule}, office_id=source.office_id)


def offer_draft_access(object_id: int, user):
    """The draft is its organisations' alone (a confirmed partner's members too): anyone else, the office
    included, learns nothing of it (404)."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotFound(_("Nie ma takiej oferty."))
    return get_offer_for_member(user, object_id)


def load_offer_draft(object_id: int, user) -> Source:
    """The offer as it stands now, laid out as Annex 1 like a submitted version (the same
    `build_document`), for the organisation to read on paper before it submits; marked "projekt"."""
    offer = offer_draft_access(object_id, user)
    content = schema.normalised(offer.content)
    _typed, result, _problems = offer_estimate(offer, content)
    document = build_document(offer, content, result, 0)
    return Source(
        data=offer_source(
            document,
            control_sum="",
            control_code="",
            submitted_at=None,
            withdrawn_at=None,
            header=header_for(offer.call.office),
        ),
        office_id=offer.call.office_id,
    )


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "call_announcement", "Ogłoszenie otwartego konkursu ofert", "ogloszenie-konkursu", 2, load_call_announcement
        ),
        Kind("offer", "Oferta realizacji zadania publicznego", "oferta", 2, load_offer_version),
        Kind("offer_confirmation", "Potwierdzenie złożenia oferty", "potwierdzenie-oferty", 2, load_offer_confirmation),
        Kind(
            "offer_draft",
            "Projekt oferty realizacji zadania publicznego",
            "projekt-oferty",
            1,
            load_offer_draft,
            offer_draft_access,
        ),
        Kind("evaluation_card", "Karta oceny oferty", "karta-oceny", 2, load_evaluation_card, evaluation_card_access),
        Kind(
            "committee_protocol",
            "Protokół z prac komisji konkursowej",
            "protokol-komisji",
            2,
            load_committee_protocol,
            committee_protocol_access,
        ),
        Kind("results", "Wyniki otwartego konkursu ofert", "wyniki-konkursu", 2, load_results, results_access),
        Kind("contract", "Umowa o realizację zadania publicznego", "umowa", 2, load_contract, contract_access),
        Kind("report", "Sprawozdanie z wykonania zadania publicznego", "sprawozdanie", 1, load_report, report_access),
        Kind(
            "programme_report",
            "Sprawozdanie z realizacji programu współpracy",
            "sprawozdanie-z-programu",
            1,
            load_programme_report,
            programme_report_access,
        ),
    )
}
