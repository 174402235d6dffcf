"""The NGO's small-grant offer (art. 19a; the simplified form of Dz.U. 2018 poz. 2055): create, update the
draft, submit, withdraw."""
