"""Workflows of the budget: entering figures by hand, closing a year, importing a ledger file."""
