"""Bar charts drawn on the server as SVG: geometry here, markup in a template, colour in CSS.

No chart library and no script: the page stays readable without JavaScript, prints, and
passes a content security policy without inline style. Every chart on a page has its figures
in a table beside it too, for screen readers and printing.
"""

import math
from dataclasses import dataclass, field

WIDTH = 720
HEIGHT = 280
LEFT = 44  # room for the value axis
BOTTOM = 46  # room for the category labels
TOP = 12


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    series: int
    title: str


@dataclass
class Category:
    label: str
    x: float  # centre
    lines: list[str] = field(default_factory=list)


@dataclass
class Tick:
    y: float
    value: int


@dataclass
class BarChart:
    width: int
    height: int
    left: int
    baseline: float
    bars: list[Bar]
    categories: list[Category]
    ticks: list[Tick]
    series: list[str]

    @property
    def label_y(self) -> float:
        return self.baseline + 16

    @property
    def tick_x(self) -> int:
        return self.left - 6

    @property
    def is_empty(self) -> bool:
        return not any(bar.value for bar in self.bars)


def nice_step(largest: int, ticks: int = 4) -> int:
    """Return a round step (1, 2 or 5 times a power of ten) splitting ``largest`` in ~``ticks``."""
    if largest <= ticks:
        return 1
    raw = largest / ticks
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if multiple * power >= raw:
            return int(multiple * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


def _wrap(label: str, width: int) -> list[str]:
    """Split a category label into at most two short lines, ellipsised beyond."""
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], lines[1][: width - 1] + "…"]
    return lines


def bar_chart(categories: list[str], series: list[tuple[str, list[int]]]) -> BarChart:
    """Lay out grouped bars: one group per category, one bar per series in each group."""
    plot_width = WIDTH - LEFT - 8
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height
    largest = max([value for _, values in series for value in values] or [0])
    step = nice_step(largest)
    top_value = max(step, math.ceil(largest / step) * step)
    group_width = plot_width / max(len(categories), 1)
    bar_width = min(28.0, group_width * 0.8 / max(len(series), 1))
    bars, cats = [], []
    for index, label in enumerate(categories):
        centre = LEFT + group_width * (index + 0.5)
        lines = _wrap(label, width=max(4, int(group_width / 7)))
        cats.append(Category(label=label, x=round(centre, 1), lines=lines))
        first = centre - bar_width * len(series) / 2
        for number, (name, values) in enumerate(series):
            value = values[index]
            height = plot_height * value / top_value
            bars.append(
                Bar(
                    x=round(first + number * bar_width, 1),
                    y=round(baseline - height, 1),
                    width=round(bar_width - 2, 1),
                    height=round(height, 1),
                    value=value,
                    series=number,
                    title=f"{label}: {name} {value}",
                )
            )
    ticks = [
        Tick(y=round(baseline - plot_height * value / top_value, 1), value=value)
        for value in range(0, top_value + 1, step)
    ]
    return BarChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        baseline=baseline,
        bars=bars,
        categories=cats,
        ticks=ticks,
        series=[name for name, _ in series],
    )
