"""`thawwatch export`: stored items with their signals as JSON lines, JSON or CSV.

CSV cells that a spreadsheet would read as a formula (=, +, -, @) are prefixed with an
apostrophe: feed text must not run in the user's spreadsheet either.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from .items import Item

CSV_FIELDS = ("id", "feed", "title", "link", "published", "summary", "relevant", "topics",
              "direction", "signals")


def write_export(items: Iterable[Item], fmt: str, out: TextIO) -> int:
    """Write every item in ``fmt``; returns how many were written."""
    count = 0
    if fmt == "jsonl":
        for item in items:
            out.write(json.dumps(item.to_json(), ensure_ascii=False) + "\n")
            count += 1
    elif fmt == "json":
        out.write("[")
        for item in items:
            text = json.dumps(item.to_json(), ensure_ascii=False)
            out.write(("," if count else "") + "\n  " + text)
            count += 1
        out.write("\n]\n" if count else "]\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        for item in items:
            writer.writerow(_csv_row(item.to_json()))
            count += 1
    else:
        raise ValueError(fmt)
    return count


def _csv_row(doc: dict[str, Any]) -> dict[str, str]:
    row = dict(doc)
    row["topics"] = ";".join(doc["topics"])
    row["signals"] = json.dumps(doc["signals"]) if doc["signals"] else ""
    row["relevant"] = "true" if doc["relevant"] else "false"
    return {k: _cell("" if row[k] is None else str(row[k])) for k in CSV_FIELDS}


def _cell(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
