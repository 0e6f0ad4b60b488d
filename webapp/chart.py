"""A bar chart of counts over time, rendered on the server as SVG.

No JavaScript and no CDN: the chart is plain markup, each bar a link that
narrows the search to its month or year, with a ``<title>`` for screen readers
and tooltips.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 160
PAD_LEFT, PAD_BOTTOM, PAD_TOP = 36, 22, 8
MAX_MONTH_BARS = 60  # beyond five years of months, bars become years


def fill_buckets(counts: list[tuple[str, int]]) -> tuple[str, list[tuple[str, int]]]:
    """``("month"|"year", buckets)`` with empty months or years between the first and last filled in."""
    months: dict[str, int] = {}
    for key, count in counts:
        key = str(key)[:7]
        if len(key) == 7 and key[:4].isdigit() and key[5:].isdigit() and 1 <= int(key[5:]) <= 12:
            months[key] = months.get(key, 0) + int(count)
    if not months:
        return "month", []
    first, last = min(months), max(months)
    year, month = int(first[:4]), int(first[5:])
    keys = []
    while f"{year:04d}-{month:02d}" <= last:
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if len(keys) <= MAX_MONTH_BARS:
        return "month", [(k, months.get(k, 0)) for k in keys]
    years: dict[str, int] = {}
    for key in keys:
        years[key[:4]] = years.get(key[:4], 0) + months.get(key, 0)
    return "year", sorted(years.items())


def bar_chart(counts: list[tuple[str, int]], title: str, link: Callable[[str, str], str] | None = None) -> Markup:
    """SVG markup for ``counts``; ``link(unit, key)`` gives the URL of a bar (unit: month|year)."""
    unit, buckets = fill_buckets(counts)
    if not buckets:
        return Markup("")
    top = max(c for _, c in buckets) or 1
    plot_w, plot_h = WIDTH - PAD_LEFT, HEIGHT - PAD_BOTTOM - PAD_TOP
    step = plot_w / len(buckets)
    bar_w = min(max(step * 0.8, 1), 48)  # one lonely month should not fill the chart
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="none">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<line x1="{PAD_LEFT}" y1="{HEIGHT - PAD_BOTTOM}" x2="{WIDTH}" y2="{HEIGHT - PAD_BOTTOM}" class="axis"/>',
        f'<text x="{PAD_LEFT - 4}" y="{PAD_TOP + 10}" text-anchor="end" class="tick">{top}</text>',
        f'<text x="{PAD_LEFT - 4}" y="{HEIGHT - PAD_BOTTOM}" text-anchor="end" class="tick">0</text>',
    ]
    label_every = max(1, len(buckets) // 8)
    for i, (key, count) in enumerate(buckets):
        x = PAD_LEFT + i * step + (step - bar_w) / 2
        h = plot_h * count / top
        y = HEIGHT - PAD_BOTTOM - h
        bar = (f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{max(h, 0):.1f}" class="bar">'
               f'<title>{escape(key)}: {count}</title></rect>')
        if link and count:
            bar = f'<a href="{escape(link(unit, key))}">{bar}</a>'
        parts.append(bar)
        if i % label_every == 0:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{HEIGHT - 6}" text-anchor="middle" class="tick">'
                         f'{escape(key)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
