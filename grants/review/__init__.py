"""Review of offers: the formal check, the competition committee (art. 15 ust. 2a–2f of the Act, KPA
art. 24), merit scores, the ranking (`scoring`), the decision and the results (art. 15 ust. 2g–2j, art. 18a)."""
