"""Text encodings as feeds and OPML files name them, and the supersets they really use.

Publishers declare the standard name and write what Windows and browsers write: a
"GB2312" feed from Xinhua holds GBK characters (镕), a "Shift_JIS" one ① from cp932, a
"Big5" one cp950's euro sign. Decoding with the declared codec alone fails on such a
byte, so the superset is tried next; names Python does not know (windows-31j) are mapped.
"""

from __future__ import annotations

import codecs

# The multi-byte encodings of Chinese, Japanese and Korean (Python's codec names).
MULTIBYTE = frozenset({
    "gbk", "gb2312", "gb18030", "big5", "big5hkscs", "cp950", "shift_jis", "cp932",
    "shift_jis_2004", "shift_jisx0213", "euc_jp", "euc_jis_2004", "euc_jisx0213",
    "iso2022_jp", "euc_kr", "cp949",
})
SUPERSETS: dict[str, tuple[str, ...]] = {
    "gb2312": ("gb18030",), "gbk": ("gb18030",), "big5": ("cp950", "big5hkscs"),
    "shift_jis": ("cp932",), "euc_jp": ("euc_jis_2004",), "euc_kr": ("cp949",),
}
_NOT_IN_PYTHON = {"windows-31j": "cp932", "x-sjis": "cp932", "x-gbk": "gbk",
                  "x-euc-jp": "euc_jp", "ks_c_5601-1987": "cp949"}


def codec_name(name: str) -> str | None:
    """Python's name for the encoding ``name``, or None if there is no such codec."""
    try:
        return codecs.lookup(_NOT_IN_PYTHON.get(name.strip().lower(), name.strip())).name
    except (LookupError, ValueError):
        return None


def decode_declared(data: bytes, codec: str) -> str:
    """``data`` in ``codec``, else in a superset of it; raises UnicodeError (the declared
    codec's) when none of them reads it."""
    try:
        return data.decode(codec)
    except UnicodeError as exc:  # UnicodeDecodeError, or the base class (idna)
        for wider in SUPERSETS.get(codec, ()):
            try:
                return data.decode(wider)
            except UnicodeError:
                continue
        raise exc from None
