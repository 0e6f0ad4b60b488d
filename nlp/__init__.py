"""The Indonesian NLP pipeline: spaCy blank("id") plus Warta's components."""
