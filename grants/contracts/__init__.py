"""After the award: contracts, tranches, annexes, reports, settlement, returns, inspections, reminders."""
