"""Small grants: the offer outside a competition of art. 19a of the Act (Dz.U. 2018 poz. 2055 forms)."""
