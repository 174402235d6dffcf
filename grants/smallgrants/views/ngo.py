"""The NGO's pages of a small grant: the form in the sections of Dz.U. 2018 poz. 2055, submission behind a
confirmation page, the confirmation with the control code, the list of the organisation's small grants."""

from grants.smallgrants.views import bp  # noqa: F401
