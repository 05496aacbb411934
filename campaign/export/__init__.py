"""The final export: one row per client for the management software's client import."""
