"""Beheerder pages: organisations and user accounts."""
