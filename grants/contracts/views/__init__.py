"""The after-award pages (blueprint `contracts`): the office's contract list, desk and contract page; the NGO's
contracts, reports and answers; settlement and inspections. One module per room (`contracts`, `reports`,
`settlement`); each registers its routes on `bp`. Views stay thin: load (404 for anyone who may not know the
object), check the role, call one operation, flash and redirect."""

from flask import Blueprint

bp = Blueprint("contracts", __name__)

from grants.contracts.views import contracts, inspections, reports, settlement  # noqa: E402,F401  routes register on bp
