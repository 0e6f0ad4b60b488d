"""The Flask web app: faceted search, bulletins, people, quotes, exports, JSON API."""
