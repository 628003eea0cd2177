"""`thawwatch export`: stored items with their signals as JSON lines, JSON or CSV.

CSV cells that a spreadsheet would read as a formula (=, +, -, @) are prefixed with an
apostrophe: feed text must not run in the user's spreadsheet either.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from .decisions import change_key
from .items import Item

CSV_FIELDS = ("id", "feed", "title", "link", "published", "summary", "relevant", "topics",
              "direction", "signals", "first_seen", "feed_name")  # new columns go last


def item_doc(item: Item, states: dict[str, str]) -> dict[str, Any]:
    """An item's export object; each signal also says what the user decided (``state``)."""
    doc = item.to_json()
    doc["signals"] = [
        {**s, "state": states.get(f"{item.id}-{i}") or states.get(change_key(
            item.story, s["measure"], s["action"], s["rate"], s["effective"], s["until"]),
            "pending")}
        for i, s in enumerate(doc["signals"])]
    return doc


def write_export(items: Iterable[Item], fmt: str, out: TextIO,
                 states: dict[str, str] | None = None) -> int:
    """Write every item in ``fmt``; returns how many were written."""
    states = states or {}
    count = 0
    if fmt == "jsonl":
        for item in items:
            out.write(json.dumps(item_doc(item, states), ensure_ascii=False) + "\n")
            count += 1
    elif fmt == "json":
        out.write("[")
        for item in items:
            text = json.dumps(item_doc(item, states), ensure_ascii=False)
            out.write(("," if count else "") + "\n  " + text)
            count += 1
        out.write("\n]\n" if count else "]\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        for item in items:
            writer.writerow(_csv_row(item_doc(item, states)))
            count += 1
    else:
        raise ValueError(fmt)
    return count


def _csv_row(doc: dict[str, Any]) -> dict[str, str]:
    row = dict(doc)
    row["topics"] = ";".join(doc["topics"])
    # as the JSON export writes them (a scope in Chinese came out as \\uXXXX escapes)
    row["signals"] = json.dumps(doc["signals"], ensure_ascii=False) if doc["signals"] else ""
    row["relevant"] = "true" if doc["relevant"] else "false"
    return {k: _cell("" if row[k] is None else str(row[k])) for k in CSV_FIELDS}


def _cell(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
