"""The only writers of the after-award records, one module per room:

- `contracts`: draw up a contract from an awarded offer (Annex 3), sign, annex, perform, terminate; tranches
  and their payment;
- `reports`: the partial report on demand and the final report (art. 18; Annex 5), submission into frozen
  versions, the office's review;
- `settlement`: findings (ufp art. 252), returns, the interest-rate table, the settlement snapshot;
- `inspections`: control (art. 17), the NGO's answer;
- `reminders`: the scheduled job that tells the NGO what is due and what is late, never twice.

Each operation checks the actor, changes state through the model's transition table, writes the audit log
and leaves the commit to the request (one commit per request); jobs are queued after the commit.
"""
