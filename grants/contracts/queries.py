"""Read-side of contracts: who may see which contract, report or inspection.

The office's officers (an admin: every office's) see every contract of the office, drafts included. The
organisations that are parties — the representing one and the confirmed partners of a joint offer — see
their contracts (a draft too: they read it before they sign). Anyone else gets "not found", never
"forbidden", so another organisation's contract stays unknown. What only the office does (sign, pay, accept
a report, record a return) is `require_contract_officer`: a party that may see the contract but not act is
told so (403); an officer of another office never learns the contract exists (404).
"""

from flask_babel import gettext as _

from grants.auth.permissions import in_own_office
from grants.contracts.models import Contract, ContractStatus, Inspection, Report
from grants.errors import Forbidden, NotFound
from grants.extensions import db
from grants.offers.queries import member_organization_ids


def _authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def is_contract_officer(user, contract: Contract) -> bool:
    return _authenticated(user) and user.is_officer and in_own_office(user, contract.office_id)


def is_contract_party(user, contract: Contract) -> bool:
    """A member of an organisation that is a party: the representing one or a confirmed partner."""
    return bool(member_organization_ids(user) & set(contract.offer.member_organization_ids))


def get_contract_for(user, contract_id: int) -> Contract:
    contract = db.session.get(Contract, contract_id)
    if contract is None or not (is_contract_officer(user, contract) or is_contract_party(user, contract)):
        raise NotFound(_("Nie ma takiej umowy."))
    return contract


def require_contract_officer(user, contract: Contract) -> None:
    if not is_contract_officer(user, contract):
        raise Forbidden(_("Tę czynność wykonuje pracownik urzędu, który zawarł umowę."))


def require_contract_party(user, contract: Contract) -> None:
    if not is_contract_party(user, contract):
        raise Forbidden(_("Tę czynność wykonuje organizacja, która jest stroną umowy."))


def get_report_for(user, report_id: int) -> Report:
    """A report for whoever may see its contract (the same 404 for anyone else)."""
    report = db.session.get(Report, report_id)
    if report is None:
        raise NotFound(_("Nie ma takiego sprawozdania."))
    try:
        get_contract_for(user, report.contract_id)
    except NotFound:
        raise NotFound(_("Nie ma takiego sprawozdania.")) from None
    return report


def contract_for_offer(offer_id: int) -> Contract | None:
    """The offer's live contract (a cancelled draft does not count)."""
    return db.session.scalar(
        db.select(Contract)
        .where(Contract.offer_id == offer_id, Contract.status != ContractStatus.cancelled)
        .order_by(Contract.id.desc())
        .limit(1)
    )


def get_inspection_for(user, inspection_id: int) -> Inspection:
    """An inspection for whoever may see its contract (the same 404 for anyone else)."""
    inspection = db.session.get(Inspection, inspection_id)
    if inspection is None:
        raise NotFound(_("Nie ma takiej kontroli."))
    try:
        get_contract_for(user, inspection.contract_id)
    except NotFound:
        raise NotFound(_("Nie ma takiej kontroli.")) from None
    return inspection


def inspections_of(contract_id: int) -> list[Inspection]:
    return list(
        db.session.scalars(
            db.select(Inspection)
            .where(Inspection.contract_id == contract_id)
            .order_by(Inspection.inspected_on.desc(), Inspection.id.desc())
        )
    )
