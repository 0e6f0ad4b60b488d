"""The text the pipeline reads: HTML entities decoded and invisible characters dropped.

Bulletins reach ``warta analyze`` from other tools too, with HTML remnants
("&ldquo;Pemilih&rdquo;", "Nur&nbsp;Hidayat") and with the invisible characters
of text pasted from word processors (zero-width spaces, soft hyphens) inside
names. Read as they are, a quote loses its marks and a name its second word.
The pipeline reads the cleaned text; the record's offsets are mapped back to
the input, so that every mention still points at the text the caller gave.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass

# An HTML character reference (named, decimal or hex), or an invisible character:
# soft hyphen, zero-width space / non-joiner / joiner, word joiner, byte order mark.
_REMNANT = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?|[\u00ad\u200b-\u200d\u2060\ufeff]")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})  # no-break spaces: one character for one


@dataclass(frozen=True)
class InputText:
    """The cleaned text, and where its offsets were in the input."""

    text: str
    _clean: tuple[int, ...] = ()  # breakpoints: clean offset ...
    _input: tuple[int, ...] = ()  # ... and the input offset it came from

    @property
    def changed(self) -> bool:
        """Whether any offset moved (no-break spaces alone move none)."""
        return bool(self._clean)

    def to_input(self, offset: int) -> int:
        """The input offset of a clean-text offset (a start, or an exclusive end)."""
        at = bisect_right(self._clean, offset) - 1
        if at < 0:
            return offset
        return self._input[at] + (offset - self._clean[at])


def clean_input(text: str) -> InputText:
    """``text`` with entities decoded, invisible characters dropped and no-break spaces made spaces."""
    clean, inputs, pieces = [], [], []
    consumed = length = 0  # input characters read, clean characters written
    for match in _REMNANT.finditer(text):
        raw = match.group()
        readable = html.unescape(raw) if raw[0] == "&" else ""
        if readable == raw:
            continue  # "&Data" is no reference: left as written
        pieces.append(text[consumed:match.start()])
        length += match.start() - consumed
        pieces.append(readable)
        length += len(readable)
        consumed = match.end()
        clean.append(length)  # from here on, clean offsets follow the input after the remnant
        inputs.append(consumed)
    if not clean:
        return InputText(text.translate(_SPACES))
    pieces.append(text[consumed:])
    return InputText("".join(pieces).translate(_SPACES), tuple(clean), tuple(inputs))
