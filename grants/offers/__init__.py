"""NGO offers (art. 14 of the Act, Annex 1 of Dz.U. 2018 poz. 2057): drafts, the cost estimate,
joint offers, attachments, submission with a control sum, withdrawal and signed confirmations."""
