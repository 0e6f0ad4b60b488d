"""Builds Warta's one spaCy pipeline: Indonesian tokenization plus Warta's components.

The tokenizer is spaCy's Indonesian one with its ~16k tokenizer exceptions
replaced by a short curated list of the abbreviations bulletins use (titles,
degrees, "Jl.", "Kab."): the stock list costs 3-5 s to load and makes some texts
ten times slower to tokenize, and Warta's components read names, titles and
degrees from the text themselves.

Components, in order, all talking through ``doc.user_data["warta"]``:
warta_dates, warta_places, warta_organizations, warta_people, warta_roles,
warta_quotes, warta_events. Document metadata (title, url, published) is put in
``doc.user_data["meta"]`` by :func:`analyze_doc` before they run.
"""

from __future__ import annotations

import gc
import importlib
import re
from functools import lru_cache

from spacy.lang.id import Indonesian
from spacy.attrs import IS_ALPHA, IS_DIGIT, IS_PUNCT, IS_SPACE, IS_TITLE, IS_UPPER, LOWER, NORM
from spacy.lang.tokenizer_exceptions import BASE_EXCEPTIONS
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc
from spacy.util import update_exc

from nlp.input_text import clean_input
from nlp.textscan import NAME_ABBREVIATIONS, remember_text

# Bump whenever a change to nlp/ changes its output: the archive re-analyzes older records.
PIPELINE_VERSION = "2026.12.07-59"

# Abbreviations kept as one token. Everything else follows spaCy's Indonesian rules.
CURATED_ABBREVIATIONS = (
    "dr. Dr. drg. drh. Drs. Dra. H. Hj. Ir. Prof. KH. K.H. Ust. Bpk. Sdr. Sdri. Ny. Tn. "
    "S.Pd. S.Pd.I. S.Sos. S.Sos.I. S.H. S.H.I. S.E. S.T. S.Kom. S.Ag. S.IP. S.Hut. S.Psi. S.Ked. S.Si. S.Th.I. "
    "M.Pd. M.Si. M.H. M.M. M.A. M.Ag. M.Kom. M.Sc. M.Hum. M.Kes. M.T. M.Ed. M.Par. M.Ikom. A.Md. Ph.D. "
    "Jl. Jln. Kab. Kec. Kel. Ds. Prov. No. Nomor. Tlp. Telp. Hal. dkk. dll. dsb. s.d. a.n. u.p."
).split() + sorted(a.capitalize() for a in NAME_ABBREVIATIONS)  # "Moh. Nurul Huda"

COMPONENTS = (
    ("warta_dates", "nlp.dates"),
    ("warta_places", "nlp.places"),
    ("warta_organizations", "nlp.organizations"),
    ("warta_people", "nlp.people"),
    ("warta_roles", "nlp.roles"),
    ("warta_quotes", "nlp.quotes"),
    ("warta_events", "nlp.events"),
)


class WartaIndonesianDefaults(Indonesian.Defaults):
    tokenizer_exceptions = update_exc(BASE_EXCEPTIONS, {a: [{ORTH: a}] for a in CURATED_ABBREVIATIONS})


class WartaIndonesian(Indonesian):
    """``spacy.blank("id")`` with the curated exception list (same language code, rules and stop words)."""

    lang = "id"
    Defaults = WartaIndonesianDefaults


# Warta's components are rules over tokens, linear in the text: spaCy's 1,000,000-character
# limit (set for its parsers' memory) would refuse a long page that analyzes in seconds.
MAX_CHARS = 20_000_000
# A run of punctuation with no space ("-----...", "====") costs spaCy's affix rules time
# quadratic in its length; past a few characters it is rule art, not text.
PUNCTUATION_RUN = re.compile(r"[^\w\s]{33,}")


def build_pipeline() -> Language:
    """A new pipeline with all of Warta's components, every lexicon loaded."""
    nlp = WartaIndonesian()
    nlp.max_length = MAX_CHARS
    _anchor_prefix_search(nlp)
    _remember_affix_searches(nlp)
    _keep_cheap_lexeme_attributes(nlp)
    for name, module in COMPONENTS:
        importlib.import_module(module)  # registers the factory
        nlp.add_pipe(name)
    return nlp


def _anchor_prefix_search(nlp: Language) -> None:
    """Look for prefixes at the start of a string only.

    spaCy builds the prefix pattern as "^p1|^p2|..." (``compile_prefix_regex``), without
    MULTILINE, so ``match`` finds what ``search`` finds; ``search`` though tries all
    ~300 alternatives again at every later position of a word before it gives up.
    """
    pattern = nlp.tokenizer.prefix_search.__self__
    if pattern.pattern.startswith("^") and not pattern.flags & re.MULTILINE:
        nlp.tokenizer.prefix_search = pattern.match


AFFIX_CACHE = 32_768  # distinct strings remembered per affix search (a few MB each)


def _remember_affix_searches(nlp: Language) -> None:
    """Spare the tokenizer's prefix, suffix and infix patterns wherever the answer is known.

    spaCy caches the tokens of each whitespace-delimited chunk, but only until the first
    tokenizer exception of a Doc ("Kab.", "H."): after it nothing more of that Doc is cached
    (spaCy's ``_save_cached`` skips them), so every later chunk pays for the ~400-alternative
    suffix and infix patterns again, though chunks like "Pemilu," recur in every bulletin.
    The searches are pure functions of the string, so they are remembered per string.

    A string of letters alone has no suffix and no infix: every Indonesian suffix and infix
    rule takes a punctuation mark, symbol, hyphen or digit; and a string that opens with a
    lower-case letter has no prefix, as the only prefixes of letters are capitalized
    currencies ("Rp", "USD"). tests/nlp/test_pipeline.py checks both for every letter; most
    strings the tokenizer asks about are plain words.
    """
    tokenizer = nlp.tokenizer
    suffix_search = lru_cache(maxsize=AFFIX_CACHE)(tokenizer.suffix_search)
    infixes = lru_cache(maxsize=AFFIX_CACHE)(lambda string, finditer=tokenizer.infix_finditer: tuple(finditer(string)))
    prefix_search = lru_cache(maxsize=AFFIX_CACHE)(tokenizer.prefix_search)
    tokenizer.prefix_search = lambda string: None if _opens_lower_case(string) else prefix_search(string)
    tokenizer.suffix_search = lambda string: None if string.isalpha() else suffix_search(string)
    tokenizer.infix_finditer = lambda string: iter(() if string.isalpha() else infixes(string))


def _opens_lower_case(string: str) -> bool:
    first = string[:1]
    return first.islower() and first.isalpha()  # "ⓐ" is lower case, but a symbol


def _keep_cheap_lexeme_attributes(nlp: Language) -> None:
    """Compute only cheap lexical attributes when spaCy meets a new word.

    Every word not seen before gets a Lexeme with ~23 attributes computed up front
    (shape, like_num, like_url, is_currency...). Warta's components read the text,
    never these flags: keeping only the cheap ones makes a first pass over unseen
    bulletins ~15% faster. The cheap flags stay for anyone inspecting tokens.
    """
    cheap = (LOWER, NORM, IS_ALPHA, IS_DIGIT, IS_PUNCT, IS_SPACE, IS_TITLE, IS_UPPER)
    getters = nlp.vocab.lex_attr_getters
    nlp.vocab.lex_attr_getters = {attr: getters[attr] for attr in cheap if attr in getters}


@lru_cache(maxsize=1)
def get_pipeline() -> Language:
    """The process-wide pipeline, built once."""
    nlp = build_pipeline()
    # The lexicons and the gazetteer (~170k objects) live as long as the process: kept out of
    # the garbage collector's full passes, which would otherwise walk them again and again
    # (and, in forked workers, copy their memory pages).
    gc.freeze()
    return nlp


def prepare_doc(nlp: Language, text: str, meta: dict) -> Doc:
    """A tokenized Doc of the cleaned text with its metadata in place, before any component has run."""
    readable = clean_input(text)
    doc = nlp.make_doc(_tokenizable(readable.text))
    # spaCy's tokenizer keeps every character, so token offsets are offsets in the cleaned text
    # (the record maps them back to the input), cached here: the components never pay for
    # doc.text (a join over every token on each read).
    remember_text(doc, readable.text)
    doc.user_data["input_text"] = readable
    title = meta.get("title")
    doc.user_data["meta"] = {"title": clean_input(title).text if title else title, "url": meta.get("url"),
                             "published": meta.get("published")}
    doc.user_data.setdefault("warta", {})
    return doc


def _tokenizable(text: str) -> str:
    """``text`` with long punctuation runs blanked after their first characters: same length,
    so every offset still points into the input."""
    return PUNCTUATION_RUN.sub(lambda m: m.group()[:3] + " " * (len(m.group()) - 3), text)


def analyze_doc(text: str, meta: dict | None = None, nlp: Language | None = None) -> Doc:
    """Run the pipeline on one bulletin text with its metadata."""
    nlp = nlp or get_pipeline()
    doc = prepare_doc(nlp, text or "", meta or {})
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
