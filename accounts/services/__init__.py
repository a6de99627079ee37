"""Writes about accounts: second-factor devices and sessions."""
