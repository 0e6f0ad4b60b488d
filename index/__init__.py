"""The Whoosh search index: schema, analysis, writing, searching, facets, exports."""
