"""The only writers of small grants (art. 19a), one module per stage:

- `drafting`: the NGO's draft on the simplified form (Dz.U. 2018 poz. 2055) — create, update, submit (frozen
  into an `OfferVersion` with its control sum), withdraw;
- the office's stages (publication in the three places, comments and answers, the decision) sit beside it.

Each operation takes the actor and `now`, checks `SmallGrant.can_move_to`, writes the audit entry and leaves the
commit to the request.
"""
