"""A step chart of a measure's rate over time, drawn with block characters."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.widget import Widget

EIGHTHS = " ▁▂▃▄▅▆▇█"


def rate_on(steps: list[tuple[date, float | None, str]], day: date) -> float:
    """The rate in force on ``day`` (None counts as 0)."""
    value = 0.0
    for when, rate, _status in steps:
        if when > day:
            break
        value = rate or 0.0
    return value


def render_chart(
    steps: list[tuple[date, float | None, str]], start: date, end: date, width: int,
    height: int, today: date | None = None,
) -> Text:
    """The chart as ``Text``: y labels on the left, block columns, date labels below."""
    label_w = 6
    cols = max(width - label_w - 1, 10)
    rows = max(height - 2, 3)
    span = max((end - start).days, 1)
    days = [start + timedelta(days=round(i * span / max(cols - 1, 1))) for i in range(cols)]
    values = [rate_on(steps, d) for d in days]
    top = max(max(values, default=0.0), 1.0)
    today_col = None
    if today and start <= today <= end:
        today_col = round((today - start).days * (cols - 1) / span)
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
    out.append("    0%└" + "─" * cols + "\n", style="dim")
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
        self.steps: list[tuple[date, float | None, str]] = []
        self.start = date(2024, 7, 1)
        self.end = date(2027, 1, 1)
        self.today: date | None = None

    def show(self, steps: list[tuple[date, float | None, str]], start: date, end: date,
             today: date) -> None:
        """Set the data and redraw."""
        self.steps, self.start, self.end, self.today = steps, start, end, today
        self.refresh()

    def render(self) -> Text:
        return render_chart(self.steps, self.start, self.end, self.size.width,
                            self.size.height, self.today)
