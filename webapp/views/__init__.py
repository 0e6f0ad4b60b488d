"""Blueprints of the HTML pages: search and quotes, bulletins, people, admin."""
