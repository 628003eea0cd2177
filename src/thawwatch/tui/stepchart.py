"""A step chart of a measure's rate over time, drawn with block characters.

A measure with no rate (group tours: suspended, restored) has no y-axis to draw: its
chart is one lane per status instead, filled where that status was in force.
"""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.widget import Widget

from .format import STATUS_STYLES

EIGHTHS = " ▁▂▃▄▅▆▇█"
Steps = list[tuple[date, float | None, str]]


def rate_on(steps: Steps, day: date) -> float:
    """The rate in force on ``day`` (None counts as 0)."""
    value = 0.0
    for when, rate, _status in steps:
        if when > day:
            break
        value = rate or 0.0
    return value


def status_on(steps: Steps, day: date) -> str:
    """The status in force on ``day``."""
    status = "none"
    for when, _rate, step in steps:
        if when > day:
            break
        status = step
    return status


def has_rate(steps: Steps) -> bool:
    """Whether there is a rate above 0% to chart (else the statuses are charted)."""
    return any((rate or 0.0) > 0 for _when, rate, _status in steps)


def lanes(steps: Steps) -> list[str]:
    """The statuses a rate-less chart has a lane for, in the order they first came."""
    return list(dict.fromkeys(s for _when, _rate, s in steps if s != "none"))


def render_chart(steps: Steps, start: date, end: date, width: int, height: int,
                 today: date | None = None) -> Text:
    """The chart as ``Text``: y labels on the left, block columns, date labels below."""
    if not has_rate(steps):
        return _render_statuses(steps, start, end, width, today)
    label_w = 6
    cols = max(width - label_w - 1, 10)
    rows = max(height - 2, 1)
    days = _days(start, end, cols)
    values = [rate_on(steps, d) for d in days]
    top = max((rate or 0.0) for _when, rate, _status in steps)
    today_col = _today_col(start, end, cols, today)
    out = Text()
    for r in range(rows, 0, -1):
        label = f"{top * r / rows:>5.0f}%" if r in (rows, (rows + 1) // 2) else " " * 6
        out.append(label + "│", style="dim")
        for c, value in enumerate(values):
            cells = value / top * rows
            fill = min(max(cells - (r - 1), 0.0), 1.0)
            glyph = EIGHTHS[round(fill * 8)]
            style = "yellow" if c == today_col else "cyan"
            if glyph == " " and c == today_col:
                glyph, style = "┊", "dim yellow"
            out.append(glyph, style=style)
        out.append("\n")
    out.append_text(_axis("0%", label_w, cols, start, end))
    return out


def _render_statuses(steps: Steps, start: date, end: date, width: int,
                     today: date | None) -> Text:
    """One lane per status, filled where it was in force: no percentages to invent."""
    names = lanes(steps)
    label_w = max((len(s) for s in names), default=0) + 1
    cols = max(width - label_w - 1, 10)
    days = _days(start, end, cols)
    shown = [status_on(steps, d) for d in days]
    today_col = _today_col(start, end, cols, today)
    out = Text()
    for name in names:
        out.append(name.replace("_", " ").rjust(label_w) + "│", style="dim")
        for c, status in enumerate(shown):
            if status == name:
                style = STATUS_STYLES.get(name, "cyan")
                out.append("█", style="yellow" if c == today_col else style)
            else:
                out.append("┊" if c == today_col else " ", style="dim yellow")
        out.append("\n")
    out.append_text(_axis("", label_w, cols, start, end))
    return out


def _days(start: date, end: date, cols: int) -> list[date]:
    """The day each column stands for."""
    span = max((end - start).days, 1)
    return [start + timedelta(days=round(i * span / max(cols - 1, 1))) for i in range(cols)]


def _today_col(start: date, end: date, cols: int, today: date | None) -> int | None:
    if today is None or not start <= today <= end:
        return None
    return round((today - start).days * (cols - 1) / max((end - start).days, 1))


def _axis(zero: str, label_w: int, cols: int, start: date, end: date) -> Text:
    """The x axis and its first and last month."""
    out = Text(zero.rjust(label_w) + "└" + "─" * cols + "\n", style="dim")
    left, right = start.strftime("%Y-%m"), end.strftime("%Y-%m")
    gap = max(cols - len(left) - len(right), 1)
    out.append(" " * (label_w + 1) + left + " " * gap + right, style="dim")
    return out


class StepChart(Widget):
    """Shows ``render_chart`` for the steps it is given, sized to the widget."""

    DEFAULT_CSS = """
    StepChart { height: 12; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.steps: Steps = []
        self.start = date(2024, 7, 1)
        self.end = date(2027, 1, 1)
        self.today: date | None = None

    def show(self, steps: Steps, start: date, end: date, today: date) -> None:
        """Set the data and redraw; a status chart is only as tall as its lanes."""
        self.steps, self.start, self.end, self.today = steps, start, end, today
        self.styles.max_height = None if has_rate(steps) else self.needs()
        self.refresh()

    def needs(self) -> int:
        """The fewest rows, border included, that show the chart whole: one bar row (or
        each status lane), the axis and the dates."""
        rows = 1 if has_rate(self.steps) else len(lanes(self.steps))
        return rows + 2 + self.styles.gutter.height

    def render(self) -> Text:
        return render_chart(self.steps, self.start, self.end, self.size.width,
                            self.size.height, self.today)
