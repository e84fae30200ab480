"""Evaluations of newsdesk against public datasets (read from a data folder, never bundled)."""
