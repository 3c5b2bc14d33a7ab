"""Accounts, roles and organisations."""
