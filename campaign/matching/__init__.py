"""Matching understood replies to the clients they speak for, with evidence a person can check."""
