"""Crawl KPU sites and local files into the archive (SQLite + WARC)."""
