"""Charts drawn on the server as inline SVG, so that they work without JavaScript and under a strict CSP.

Each chart is a set of horizontal stacked bars, one per row, with the row's name above its bar and each part's
percentage written inside it when there is room. Bars are sized in percentages of the page's width, so text stays
readable on a phone. Colours come from classes in core/assets/pathways.scss, never from style attributes.

A chart repeats figures that a table beside it gives in full: the SVG is hidden from screen readers.
"""

from dataclasses import dataclass

from markupsafe import Markup, escape

from application import guarantee

ROW_HEIGHT = 52
BAR_TOP = 22
BAR_HEIGHT = 26
NAME_LENGTH = 60
# A part narrower than this (percent of the bar) has no room for its label; the legend and the table still give it.
MIN_LABELLED_PERCENT = 9

# One class per guarantee status, in the order parts are stacked: the good news first.
STATUS_PARTS = {
    guarantee.OFFER_MADE: "offer-made",
    guarantee.NOT_APPROPRIATE: "not-appropriate",
    guarantee.NO_OFFER: "no-offer",
    guarantee.NOT_RECORDED: "not-recorded",
}
REMAINDER = "remainder"


@dataclass(frozen=True)
class Part:
    key: str  # a class suffix, from STATUS_PARTS or REMAINDER
    label: str
    percent: float


@dataclass(frozen=True)
class Bar:
    name: str
    parts: tuple[Part, ...]


def status_bar(name: str, counts) -> Bar:
    """A bar of the four guarantee statuses, from a StatusCounts (anything with `percent(status)`)."""
    return Bar(
        name,
        tuple(Part(part, guarantee.STATUSES[status], counts.percent(status)) for status, part in STATUS_PARTS.items()),
    )


def group_bars(groups) -> list[Bar]:
    """A status bar for each school or area (a GroupCounts: `name` and `all`)."""
    return [status_bar(group.name, group.all) for group in groups]


def single_bar(name: str, label: str, percent: float) -> Bar:
    """One figure against the whole: the figure in colour, the rest in pale grey."""
    return Bar(name, (Part(STATUS_PARTS[guarantee.OFFER_MADE], label, percent), Part(REMAINDER, "", 100 - percent)))


def stacked_bars(bars: list[Bar]) -> Markup:
    """An SVG of one stacked bar per row. Hidden from assistive technology: pair it with a table."""
    height = ROW_HEIGHT * len(bars)
    rows = "".join(_row(bar, index * ROW_HEIGHT) for index, bar in enumerate(bars))
    return Markup(
        f'<svg class="pathways-chart" width="100%" height="{height}" aria-hidden="true" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg">{rows}</svg>'
    )


def _row(bar: Bar, top: int) -> str:
    name = f'<text class="pathways-chart__name" x="0" y="{top + 16}">{escape(_short(bar.name))}</text>'
    parts, start = [], 0.0
    for part in bar.parts:
        parts.append(_part(part, start, top + BAR_TOP))
        start += part.percent
    return name + "".join(parts)


def _part(part: Part, start: float, top: int) -> str:
    if part.percent <= 0:
        return ""
    rect = (
        f'<rect class="pathways-chart__part pathways-chart__part--{part.key}" x="{start:.3f}%" y="{top}" '
        f'width="{part.percent:.3f}%" height="{BAR_HEIGHT}"></rect>'
    )
    if part.key == REMAINDER or part.percent < MIN_LABELLED_PERCENT:
        return rect
    middle = start + part.percent / 2
    label = (
        f'<text class="pathways-chart__value" x="{middle:.3f}%" y="{top + BAR_HEIGHT / 2 + 5:.0f}" '
        f'text-anchor="middle">{percent_text(part.percent, 0)}</text>'
    )
    return rect + label


def _short(name: str) -> str:
    return name if len(name) <= NAME_LENGTH else name[: NAME_LENGTH - 1].rstrip() + "…"


def percent_text(value: float, places: int = 1) -> str:
    return f"{value:.{places}f}%"


def legend_parts() -> list[tuple[str, str]]:
    """(class suffix, label) for each status, in the order the bars stack them."""
    return [(part, guarantee.STATUSES[status]) for status, part in STATUS_PARTS.items()]
