"""Asking clients by e-mail: confirmation requests and follow-ups sent over SMTP, each exactly once."""
