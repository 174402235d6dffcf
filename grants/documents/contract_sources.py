"""The contract's document (Annex 3 of Dz.U. 2018 poz. 2057) from the contract as it stands: its parties with
their representatives (the office's and the treasurer's countersignature — art. 46 ust. 3 u.s.g. — as set on
the contract), number, dates, grant in figures and words, tranches, tolerance (§ 5), own contribution and
reporting dates (art. 18 ust. 1), for `grants.documents.context.award_documents.contract`.

Who may see it: whoever may see the contract (its office's officers and the parties' members; anyone else:
not found). A draft prints with dotted lines where the signing date goes."""

from grants.contracts.models import Contract
from grants.contracts.queries import get_contract_for
from grants.documents.loading import Source, header_for
from grants.extensions import db
from grants.formatting import iso_date, iso_warsaw, money_str
from grants.offers.models import OfferVersion
from grants.offices.models import Office


def contract_access(object_id: int, user) -> Contract:
    return get_contract_for(user, object_id)


def _organization(org, representatives: list[dict]) -> dict:
    return {
        "name": org.name,
        "legal_form": org.legal_form.value,
        "krs": org.krs,
        "registry_name": org.registry_name,
        "registry_number": org.registry_number,
        "nip": org.nip,
        "regon": org.regon,
        "street": org.street,
        "postal_code": org.postal_code,
        "city": org.city,
        "email": org.email,
        "bank_account": org.bank_account,
        "representatives": representatives,
    }


def contract_source(contract: Contract) -> dict:
    office = db.session.get(Office, contract.office_id)
    version = db.session.get(OfferVersion, contract.offer_version_id) if contract.offer_version_id else None
    offer = contract.offer
    partners = [p.organization for p in offer.partners if p.is_confirmed] if offer is not None else []
    return {
        "contract": {
            "number": contract.number,
            "status": contract.status.value,
            # A small grant (art. 19a) is contracted on its accepted offer, not on a competition's results.
            "small_grant": contract.call_id is None,
            "task_title": contract.task_title,
            "signed_on": iso_date(contract.signed_on),
            "place": contract.place,
            "form": contract.form.value,
            "task_start": iso_date(contract.task_start),
            "task_end": iso_date(contract.task_end),
            "expenses_start": iso_date(contract.expenses_start),
            "expenses_end": iso_date(contract.expenses_end),
            "grant_amount": money_str(contract.grant_amount),
            "own_financial": money_str(contract.own_financial),
            "own_non_financial": money_str(contract.own_non_financial),
            "cost_shift_tolerance_percent": money_str(contract.cost_shift_tolerance_percent),
            "bank_account": contract.bank_account,
            "treasurer": contract.treasurer,
            "reporting_dates": contract.reporting_dates or [],
            "tranches": [{"amount": money_str(t.amount), "due_date": iso_date(t.due_date)} for t in contract.tranches],
            "annexes": [
                {"number": a.number, "signed_on": iso_date(a.signed_on), "reason": a.reason} for a in contract.annexes
            ],
        },
        "office": {
            "name": office.name if office else "",
            "representatives": contract.office_representatives or [],
            "bank_account": office.bank_account if office else "",
        },
        "organization": _organization(contract.organization, contract.organization_representatives or []),
        "partners": [_organization(p, list(p.representatives or [])) for p in partners],
        "offer": {
            "number": str(contract.offer_id),
            "submitted_at": iso_warsaw(version.submitted_at) if version else None,
            "control_sum": version.control_sum if version else None,
        },
        "header": header_for(office),
    }


def load_contract(object_id: int, user) -> Source:
    contract = contract_access(object_id, user)
    return Source(data=contract_source(contract), office_id=contract.office_id)
