"""Quotes and their speakers (component ``warta_quotes``).

Quotations are read in “…”, "…", ‘…’ and „…” marks, including one left open to
the end of its paragraph; titles in quotes (“Desa Peduli Pemilu”) are skipped
unless a speech cue follows them. A speaker is given only through a cue the text
offers:

- after the quote: ``,” ujarnya`` (the running speaker), ``,” kata Reika
  Nurhaeni``, ``,” ujar Ketua KPU …, Name``, ``” Name menambahkan``, or a role
  alone (``,” ujar Ketua KPU Sidoarjo``) that one person of the bulletin holds;
- in the sentence after it: ``… ,” tegasnya. Hal tersebut disampaikan (oleh) Ketua …,
  Name`` (it names the speaker of a "-nya" cue too);
- before it: ``Name mengatakan, “…``, ``Menurut Name, “…``, ``Ia menambahkan, “…``,
  the second half of a split quote (``“…,” kata Name, “…”``), or the one person
  the previous sentence has speaking;
- a quote with no cue at all keeps the paragraph's last speaker, unless an
  unnamed speaker ("Perwakilan Rutan Kudus menyampaikan …") took over or the
  sentence before names several people ("Dian dan Bambang juga menyoroti …");
  ``,” demikian ditegaskan dalam rapat`` says no one in particular spoke.

Otherwise the speaker stays ``None``: no speaker rather than a wrong one.
Writes ``warta["quotes"]`` = [{"text", "speaker", "role", "cue", "start", "end"}];
``role`` is the speaker's first role as the bulletin gives it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from spacy.language import Language
from spacy.tokens import Doc

from nlp.people import LEVEL_WORDS
from nlp.places import regency_full_name
from nlp.textscan import doc_scan, doc_text
from nlp.wordlists import sections, word_set

OPENERS = {"“": "”\"", "„": "”“\"", "\"": "\"”", "‘": "’", "«": "»"}
MARKS = re.compile(r"[“”\"‘’„«»]")
MIN_WORDS = 4
PARAGRAPH_MARK = re.compile(r"\s*\n\s*[“\"„]\s*")  # where a quotation of several paragraphs goes on
# Words a title leaves in lower case.
TITLE_SMALL_WORDS = frozenset("yang dan di ke dari untuk dalam pada bagi serta atau dengan oleh menuju tanpa".split())
PRONOUNS = frozenset("ia dia beliau".split())
# Words that list who was there: a name after them is a guest, not the one a "-nya" cue points to.
PRESENT_WORDS = frozenset("hadir dihadiri diikuti antara yaitu yakni diantaranya peserta tamu".split())
WORD = re.compile(r"[^\W\d_][\w'’\-]*")
PASSIVE_SPEECH = frozenset("disampaikan dikatakan diungkapkan ditegaskan dijelaskan diutarakan dipaparkan diterangkan "
                           "dikemukakan".split())
# What was said, in "“…,” demikian pesan yang disampaikan ...".
SAYINGS = frozenset("pesan harapan imbauan himbauan ajakan penegasan penjelasan pernyataan arahan amanat".split())
# "Hal tersebut disampaikan (oleh) Ketua ..., Name": the sentence after a quote names who said it.
SAID_BY = re.compile(r"\s*(?:Hal|Pernyataan|Penegasan|Penjelasan)\s+(?:itu|tersebut|ini)\s+(?:"
                     + "|".join(sorted(PASSIVE_SPEECH)) + r")\b(?:\s+oleh\b)?")


def _is_opening(text: str, i: int, ch: str) -> bool:
    if ch == "‘":  # also an apostrophe in some names; an opening mark follows a space or bracket
        return i == 0 or not text[i - 1].isalnum()
    if ch == "\"":  # straight marks look alike: an opening one does not hang on a word's end
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        return not before.isalnum() and after not in ",.;:"
    return True


def _is_closing(text: str, i: int, ch: str) -> bool:
    if ch == "’":  # "Da’faf": an apostrophe inside a word is not a closing mark
        return i + 1 >= len(text) or not text[i + 1].isalpha()
    return True


def find_quotes(text: str) -> list[tuple[int, int, int, int]]:
    """``(mark start, mark end, text start, text end)`` of every quotation."""
    found = []
    opener = None  # (index, closers)
    for m in MARKS.finditer(text):
        i, ch = m.start(), m.group()
        if opener is not None:
            start, closers = opener
            spaced_opener = ch in "“„" and (i + 1 >= len(text) or text[i + 1].isspace())
            if (ch in closers and _is_closing(text, i, ch)) or spaced_opener:
                found.append((start, i + 1, start + 1, i))
                opener = None
                continue
            if ch in "“„" or (ch == "\"" and "\"" not in closers):
                found.append(_unclosed(text, start, i))  # an opener before the close: the last one ran open
                opener = (i, OPENERS[ch])
            continue
        if ch in OPENERS and _is_opening(text, i, ch):
            opener = (i, OPENERS[ch])
    if opener is not None:
        found.append(_unclosed(text, opener[0], len(text)))
    return [q for q in _join_paragraphs(text, found) if _is_speech(text[q[2]:q[3]]) is not False]


def _join_paragraphs(text: str, found: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """A quotation of several paragraphs leaves each one open and opens the next with a mark
    again: “… ⏎⏎“…,” ujarnya. is one quotation."""
    joined: list[tuple[int, int, int, int]] = []
    for q in found:
        if joined and joined[-1][1] == joined[-1][3] and not text[joined[-1][1]:q[0]].strip():
            last = joined.pop()  # left open, and the next paragraph opens with a quotation mark
            q = (last[0], q[1], last[2], q[3])
        joined.append(q)
    return joined


def _unclosed(text: str, start: int, limit: int) -> tuple[int, int, int, int]:
    """A quotation left open runs to the end of its paragraph, or to a line opening with its
    speech cue ("Jangan golput,⏎kata Ketua KPU Sleman ...")."""
    end = text.find("\n\n", start, limit)
    end = limit if end < 0 else end
    line = text.find("\n", start, end)
    after = sections("speech_verbs.txt")["after"]
    while line >= 0:
        first = WORD.match(text, line + 1)
        if first is not None and first.group() in after:  # written in lower case: it goes on the sentence
            return (start, line, start + 1, line)
        line = text.find("\n", line + 1, end)
    return (start, end, start + 1, end)


def _is_speech(inner: str) -> bool | None:
    """Reported words (True), not the title of an event or document in quotes (False).

    None: words in Title Case, a title unless a speech cue follows them (some bulletins
    capitalize every word, their quotes too).
    """
    words = WORD.findall(inner)
    if len(words) < 2:
        return False
    if len(words) < MIN_WORDS:
        return None  # "“Kami sudah siap,” katanya": words, if a speech cue follows them
    capitalized = sum(1 for w in words if w[0].isupper())
    if sum(1 for w in words if w.isupper() and len(w) > 1) > len(words) / 2:
        return False  # a shouted banner or title
    if len(words) <= 8 and capitalized >= len(words) - 1 or capitalized >= 0.8 * len(words):
        return None
    if all(w[0].isupper() or w in TITLE_SMALL_WORDS for w in words):
        return None  # Title Case with its small words in lower case: "Ambon Manise yang Inklusif dan Berdaya Saing"
    return True


def _without_levels(role: str) -> str:
    """A role's words in lower case without level words, regencies by their full names: "ujar Ketua
    KPU Sumba Timur itu" names the holder of "Ketua KPU Kabupaten Sumba Timur", "tegas Ketua KPU
    Minsel itu" the holder of "Ketua KPU Minahasa Selatan"."""
    return " ".join(regency_full_name(w) for w in WORD.findall(role.lower()) if w not in LEVEL_WORDS)


def _sentence_stop(head: str) -> int:
    """Where the last sentence of ``head`` ended: its last ". " not closing an abbreviation or
    degree ("Gatot Prasetyo, S.Sos. mengatakan" goes on), or -1."""
    cut = head.rfind(". ")
    while cut > 0:
        word = head[:cut].rsplit(None, 1)[-1] if head[:cut].strip() else ""
        if not ("." in word or (word + ".").lower() in word_set("titles.txt")):
            return cut
        cut = head.rfind(". ", 0, cut)
    return cut


class Attributor:
    """Finds the speaker of each quote from the person mentions around it."""

    def __init__(self, doc: Doc) -> None:
        warta = doc.user_data.get("warta", {})
        self.text = doc_text(doc)
        self.persons = warta.get("persons", [])
        self.mentions = sorted((m[3], m[4], m[0]) for m in warta.get("_person_mentions", []))
        self.starts = [m[0] for m in self.mentions]
        # Sentence ends from the shared scan, where "drh." or "S.Pd." are one token and end nothing.
        # A degree's own dot ends the sentence when a capitalized word follows ("S.Sos. Wakil Bupati …").
        toks = doc_scan(doc)
        self.stops = [t.start if t.kind == "punct" else t.end - 1 for k, t in enumerate(toks)
                      if (t.kind == "punct" and t.text in ".!?") or (
                          t.kind == "degree" and t.text.endswith(".") and k + 1 < len(toks)
                          and toks[k + 1].kind == "word" and toks[k + 1].cap)]
        verbs = sections("speech_verbs.txt")
        self.after_verbs = verbs["after"]
        self.before_verbs = verbs["before"]
        self.positions = word_set("positions.txt")

    def _by_role(self, start: int, limit: int) -> int | None:
        """The one person whose role the cue names without a name ("ujar Ketua KPU Sidoarjo")."""
        words = [w.lower() for w in WORD.findall(self.text, start, limit)]
        for k in range(len(words)):
            if words[k] in self.positions:
                phrase = " ".join(words[k:k + 6])
                break
        else:
            return None
        phrase = _without_levels(phrase)
        held = ((idx, _without_levels(r)) for idx, p in enumerate(self.persons) for r in p.get("roles", [])
                if len(r.split()) >= 2)
        hits = {idx for idx, role in held if phrase.startswith(role) or role.startswith(phrase)}
        return hits.pop() if len(hits) == 1 else None

    def _mention_at(self, pos: int, limit: int) -> tuple[int, int, int] | None:
        """The first person mention starting in [pos, limit)."""
        k = bisect_left(self.starts, pos)
        if k < len(self.mentions) and self.mentions[k][0] < limit:
            return self.mentions[k]
        return None

    def _last_mention_before(self, pos: int) -> tuple[int, int, int] | None:
        k = bisect_right(self.starts, pos) - 1
        while k >= 0 and self.mentions[k][1] > pos:
            k -= 1
        return self.mentions[k] if k >= 0 else None

    def after_cue(self, end: int) -> tuple[int | None, str | None, bool]:
        """Speaker after a quote: (person, cue, cue found)."""
        text = self.text
        m = re.compile(r"[\s,.;:”\"’]*").match(text, end)
        pos = m.end()
        words = list(WORD.finditer(text, pos, min(len(text), pos + 220)))
        if not words:
            return None, None, False
        first = words[0]
        low = first.group().lower()
        stem = low[:-3] if low.endswith("nya") else low
        k = bisect_right(self.stops, first.end())
        limit = self.stops[k] if k < len(self.stops) else len(text)
        newline = text.find("\n", first.end(), limit)
        limit = newline if newline >= 0 else limit
        if stem in self.after_verbs or low in self.after_verbs:
            if low.endswith("nya") and low not in self.after_verbs:
                return "RUNNING", first.group(), True
            nxt = words[1].group().lower() if len(words) > 1 else ""
            if nxt in PRONOUNS:
                return "RUNNING", first.group(), True
            mention = self._mention_at(first.end(), limit)
            if mention is not None and text.find("“", first.end(), mention[0]) < 0:
                return mention[2], first.group(), True
            return self._by_role(first.end(), limit), first.group(), True
        passive = next((w for w in words[1:5] if w.group().lower() in PASSIVE_SPEECH), None) \
            if low == "demikian" else None
        if passive is not None and all(w.group().lower() in SAYINGS | {"yang"} for w in words[1:words.index(passive)]):
            # "“…,” demikian ditegaskan dalam rapat", "demikian pesan yang disampaikan kepada peserta":
            # said by someone the text may not name
            mention = self._mention_at(passive.end(), limit)
            return (mention[2] if mention else None), passive.group(), True
        # ”, Name menambahkan / ” Name menegaskan
        mention = self._mention_at(pos, pos + 3)
        if mention is not None:
            after = WORD.match(text, mention[1] + 1) or WORD.search(text, mention[1], mention[1] + 3)
            if after and (after.group().lower() in self.before_verbs or after.group().lower() in self.after_verbs):
                return mention[2], after.group(), True
        if low in PRONOUNS and len(words) > 1 and words[1].group().lower() in self.before_verbs:
            return "RUNNING", words[1].group(), True
        return None, None, False

    def said_by(self, end: int) -> int | None:
        """The person the sentence after the quote's own names as its speaker ("“…,” tegasnya. Hal
        tersebut disampaikan Ketua Bawaslu Kota Medan, Payung Harahap."), if that sentence says so."""
        k = bisect_left(self.stops, end)
        if self.text[end - 2:end - 1] not in (".", "!", "?"):  # the quote's own sentence goes on past it
            if k >= len(self.stops) or self.stops[k] - end > 200 or MARKS.search(self.text, end, self.stops[k]):
                return None
            end, k = self.stops[k] + 1, k + 1
        said = SAID_BY.match(self.text, end)
        if said is None:
            return None
        limit = self.stops[k] if k < len(self.stops) else len(self.text)
        mention = self._mention_at(said.end(), limit)
        return mention[2] if mention is not None else self._by_role(said.end(), limit)

    def before_cue(self, start: int) -> tuple[int | None, str | None, bool]:
        """Speaker named before a quote in the same sentence ("Name mengatakan, “...")."""
        text = self.text
        head = text[max(0, start - 300):start]
        cut = max(_sentence_stop(head), head.rfind("\n"), head.rfind("”"), head.rfind("\""))
        clause_start = start - len(head) + (cut + 1 if cut >= 0 else 0)
        clause = text[clause_start:start]
        if not clause.strip() or clause.rstrip().endswith("."):
            return self._previous_sentence(clause_start)
        if not clause.rstrip().endswith((",", ":", "bahwa")):
            if not re.search(r"\b(?:" + "|".join(self.before_verbs) + r")\b\s*$", clause.rstrip()):
                return None, None, False
        verb = None
        for w in WORD.finditer(clause):
            lw = w.group().lower()
            if lw in self.before_verbs or lw in ("menurut", "menurutnya", "kata", "ujar"):
                verb = w
        if verb is None:
            return None, None, False
        vpos = clause_start + verb.start()
        lw = verb.group().lower()
        if lw == "menurutnya":  # "Menurutnya, “…”": the person the paragraph is about
            return "RUNNING", verb.group(), True
        if lw == "menurut":
            mention = self._mention_at(clause_start + verb.end(), start)
            return (mention[2] if mention else None), verb.group(), True
        mentions = [m for m in self.mentions[bisect_left(self.starts, clause_start):bisect_left(self.starts, vpos)]
                    if m[1] <= vpos]
        if mentions:
            return mentions[-1][2], verb.group(), True
        if lw in self.after_verbs:  # the second half of a split quote: “…,” kata X, “…”
            after = self._mention_at(clause_start + verb.end(), start)
            if after is not None:
                return after[2], verb.group(), True
        before = WORD.findall(text, clause_start, vpos)
        if before and before[-1].lower() in PRONOUNS | {"pihaknya"}:
            return "RUNNING", verb.group(), True
        if any(b.lower() in PRONOUNS for b in before[-3:]):
            return "RUNNING", verb.group(), True
        return self._by_role(clause_start, vpos), verb.group(), True

    def _previous_sentence(self, end: int) -> tuple[int | None, str | None, bool]:
        """The one person the sentence before a quote has speaking ("Name mengungkapkan ... . “...")."""
        text = self.text
        head = text[max(0, end - 400):end].rstrip()
        if head.endswith(("”", "\"")):
            return None, None, False
        base = max(0, end - 400)
        cut = max(head.rfind("\n"), head.rfind("”"), head.rfind("\""))
        start = base + cut + 1 if cut >= 0 else base
        k = bisect_left(self.stops, base + len(head) - 1) - 1  # the sentence end before the one closing head
        if k >= 0 and self.stops[k] >= start:
            start = self.stops[k] + 1
        speakers = set()
        cue = None
        for m in self.mentions[bisect_left(self.starts, start):bisect_left(self.starts, end)]:
            if m[1] <= end:
                window = text[m[1]:m[1] + 120]
                verb = next((w for w in WORD.findall(window)[:12] if w.lower() in self.before_verbs), None)
                if verb:
                    speakers.add(m[2])
                    cue = verb
        if len(speakers) == 1:
            return speakers.pop(), cue, True
        if speakers:  # "Dian dan Bambang juga menyoroti ... . “…”": either may be speaking
            return None, cue, True
        first = WORD.search(text, start, end)
        if first is not None and first.group().lower() in PRONOUNS:
            # "Ia lalu menegaskan ... . “…”": the person the paragraph is about
            verb = next((w for w in WORD.findall(text, first.end(), end)[:4] if w.lower() in self.before_verbs), None)
            if verb:
                return "RUNNING", verb, True
        # "Perwakilan Rutan Kudus menyampaikan ... . “…”": someone unnamed speaks now
        verb = next((w for w in WORD.findall(text, start, end)[:10] if w.lower() in self.before_verbs), None)
        if verb:
            return None, verb, True
        return None, None, False

    def last_speaker(self, start: int, last_quoted: tuple[int, int] | None, window: int = 700) -> int | None:
        """The person last heard speaking before ``start``: the speaker of the last attributed quote
        (``(its end, person)``), or a name with a speech verb after it, or after "Menurut"."""
        best_pos, best = last_quoted if last_quoted is not None else (-1, None)
        lo = bisect_left(self.starts, max(0, start - window))
        for m in self.mentions[lo:bisect_left(self.starts, start)]:
            if m[0] <= best_pos:
                continue
            after = self.text[m[1]:min(start, m[1] + 160)]
            window_words = WORD.findall(re.split(r"[.!?]\s", after, maxsplit=1)[0])[:12]  # in its own sentence
            before = [w.lower() for w in WORD.findall(self.text, max(0, m[0] - 40), m[0])[-2:]]
            if any(w.lower() in self.before_verbs for w in window_words) or "menurut" in before:
                best_pos, best = m[0], m[2]
        return best

    def several_named_before(self, pos: int) -> bool:
        """Does the sentence before a quote name two people or more ("Dian dan Bambang juga
        menyoroti ... . “…”")? Then the last one heard is no longer the one speaking."""
        start = self._sentence_before(pos)
        named = {m[2] for m in self.mentions[bisect_left(self.starts, start):bisect_left(self.starts, pos)]}
        return len(named) > 1

    def _sentence_before(self, pos: int) -> int:
        """Start of the sentence that ends last before ``pos`` (or holds it)."""
        k = bisect_left(self.stops, pos) - 1
        if k >= 0 and not self.text[self.stops[k] + 1:pos].strip(" \n“\"‘"):
            k -= 1  # the quote opens a sentence: look at the one before it
        return self.stops[k] + 1 if k >= 0 else 0

    def _unnamed_subject(self, last_end: int, pos: int) -> bool:
        """After the last name, the sentence before the quote opens with an office and no name
        ("Wakil Bupati Garut juga hadir. “…,” ucapnya"): the office holder speaks, not that name."""
        start = self._sentence_before(pos)
        if last_end > start:
            return False
        first = WORD.search(self.text, start, pos)
        return first is not None and first.group()[:1].isupper() and first.group().lower() in self.positions

    def _someone_unnamed(self, last_end: int, pos: int) -> bool:
        """After the last name, does the sentence before the quote bring in someone it does not name
        ("Seorang peserta dari Desa Paropo mengaku ... . “…,” katanya", "Salah satu siswa ...")?"""
        start = self._sentence_before(pos)
        words = [w.lower() for w in WORD.findall(self.text, start, pos)]
        k = next((k for k, w in enumerate(words)
                  if w in ("seorang", "seseorang") or w == "satu" and k > 0 and words[k - 1] == "salah"), None)
        # (not "Bagi seorang penyelenggara ... harus ...": someone in general, who says nothing)
        return last_end <= start and k is not None and any(w in self.before_verbs for w in words[k + 1:])

    def running(self, start: int, previous: dict | None, previous_end: int) -> int | None:
        """The person a pronoun or "-nya" cue points to: the last speaker or person named before."""
        last = self._last_mention_before(start)
        if last is not None and self._unnamed_subject(last[1], start):
            return self._by_role(self._sentence_before(start), start)
        if last is not None and self._someone_unnamed(last[1], start):
            return None
        if previous is not None and previous.get("_person") is not None:
            if last is None or last[1] <= previous_end:
                return previous["_person"]
        if last is not None and self._listed(last):
            # "Hadir pula A dan B. “…,” ujarnya": not the last of a list, but who was last heard, if anyone
            return self.last_speaker(start, None)
        return last[2] if last else None

    def _listed(self, mention: tuple[int, int, int]) -> bool:
        """Is ``mention`` one of several people named in its sentence, or one of those present
        ("Peserta yang hadir antara lain Camat Kaliwates, Bambang Hermanto")?"""
        k = bisect_left(self.stops, mention[0]) - 1
        start = self.stops[k] + 1 if k >= 0 else 0
        end_k = bisect_left(self.stops, mention[1])
        end = self.stops[end_k] if end_k < len(self.stops) else len(self.text)
        people = {m[2] for m in self.mentions[bisect_left(self.starts, start):bisect_left(self.starts, end)]}
        if len(people) > 1:
            return True
        # "Salah satu peserta, Rini Agustina, mengaku ...": one of those present, but the one speaking
        speaks = any(w.lower() in self.before_verbs for w in WORD.findall(self.text, mention[1], end)[:8])
        return not speaks and any(w.lower() in PRESENT_WORDS for w in WORD.findall(self.text, start, mention[0]))


def extract_quotes(doc: Doc) -> list[dict]:
    text = doc_text(doc)
    found = find_quotes(text)
    if not found:
        return []  # no quotation: no speakers to look for
    att = Attributor(doc)
    quotes: list[dict] = []
    previous, previous_end = None, -1
    last_quoted: tuple[int, int] | None = None
    for ms, me, ts, te in found:
        inner = PARAGRAPH_MARK.sub(" ", text[ts:te]).strip().rstrip(",").strip()
        person, cue, has_cue = att.after_cue(me)
        if _is_speech(inner) is None and not has_cue:
            continue  # “Desa Peduli Pemilu Dan Pemilihan”: a title in quotes
        if not has_cue or person is None:
            p2, cue2, has2 = att.before_cue(ms)
            if has2 and p2 is not None:
                person, cue, has_cue = p2, cue2, True
            elif has2 and not has_cue:
                has_cue, cue = True, cue2
        said = att.said_by(me)  # "Hal tersebut disampaikan (oleh) Name" in the next sentence
        if person == "RUNNING":  # "-nya", "ia": unless the next sentence says who, the last one named
            person = said if said is not None else att.running(ms, previous, previous_end)
        if not has_cue and previous is not None and previous.get("_person") is not None and (
                not re.search(r"[.!?]\s+[A-Z]", text[previous_end:ms]) or ms - previous_end < 4):
            person, cue = previous["_person"], None  # a quote split around its cue, or the next one in a row
        if person is None:
            person = said
        if person is None and not has_cue and not att.several_named_before(ms):
            person = att.last_speaker(ms, last_quoted)  # the speaker of the paragraph goes on
        q = {"text": inner, "speaker": None, "role": None, "cue": cue, "start": ms, "end": me, "_person": person}
        if person is not None and 0 <= person < len(att.persons):
            p = att.persons[person]
            q["speaker"] = p["name"]
            q["role"] = p["roles"][0] if p.get("roles") else None
        quotes.append(q)
        previous, previous_end = q, me
        if person is not None:
            last_quoted = (me, person)
    return quotes


class QuotesComponent:
    def __call__(self, doc: Doc) -> Doc:
        warta = doc.user_data.setdefault("warta", {})
        quotes = extract_quotes(doc)
        for q in quotes:
            q.pop("_person", None)
        warta["quotes"] = quotes
        return doc


@Language.factory("warta_quotes")
def make_quotes(nlp: Language, name: str) -> QuotesComponent:
    return QuotesComponent()
