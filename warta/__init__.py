"""Warta: archive and faceted search of KPU press bulletins.

This package holds only the command line and the settings that wire the four
stages together: ``crawler`` (crawl, ingest, archive), ``nlp`` (analyze),
``index`` (index, search, export) and ``webapp`` (serve).
"""

__version__ = "0.1.0"
