"""The feedparser 6 element handlers the replay ports, and the tables that look them up.

Split from :mod:`thawwatch.feed_xml`, whose ``_Replay`` driver calls ``_STARTS[key]`` when
an element opens and ``_ENDS[key]`` when it closes; each handler updates the driver's state
the way feedparser's ``_start_*``/``_end_*`` method of the same key would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .feed_xml_rules import _COPY_TO_SUMMARY, _HTML_TYPES, _leaf, _map_content_type, _no_cdf

if TYPE_CHECKING:
    from collections.abc import Callable
    from xml.etree.ElementTree import Element

    from .feed_xml import _Replay

    StartFn = Callable[[_Replay, dict[str, str], Element], None]
    EndFn = Callable[[_Replay, str | None], None]


# Each handler mirrors the feedparser method of the same name (namespaces/_base.py, dc.py,
# mediarss.py, itunes.py); only effects on what we read or on shared state are kept.


def _start_feed(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    r.infeed = True


def _start_channel(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    r.infeed = True
    _no_cdf(attrs)


def _end_channel(r: _Replay, text: str | None) -> None:
    r.infeed = False


def _start_nothing(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    """rss, media:group: no state we model."""


def _start_item(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    r.entries.append({})
    r.depth_map.append({})
    r.push("item", False)
    r.inentry = True
    r.guidislink = False
    r.title_depth = -1
    about = attrs.get(r.namespacemap.get("rdf", "rdf") + ":about")
    if about:
        r.context()["id"] = about
    _no_cdf(attrs)


def _end_item(r: _Replay, text: str | None) -> None:
    r.pop("item", text)
    r.inentry = False
    r.has_content = False


def _start_image(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    context = r.context()
    if not r.inentry:
        context.setdefault("image", {})
    r.inimage = True
    r.title_depth = -1
    r.push("image", False)


def _end_image(r: _Replay, text: str | None) -> None:
    r.pop("image", text)
    r.inimage = False


def _start_title(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    r.push_content("title", attrs, "text/plain", r.infeed or r.inentry or r.insource, elem)


def _end_title(r: _Replay, text: str | None) -> None:
    if r.pop_content("title", text):
        r.title_depth = r.depth


def _end_media_title(r: _Replay, text: str | None) -> None:
    kept = r.title_depth
    _end_title(r, text)
    r.title_depth = kept


def _start_description(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    if "summary" in r.context() and not r.has_content:
        r.summary_key = "content"
        _start_content(r, attrs, elem)
    else:
        expecting = r.infeed or r.inentry or r.insource
        r.push_content("description", attrs, "text/html", expecting, elem)


def _end_description(r: _Replay, text: str | None) -> None:
    if r.summary_key == "content":
        _end_content(r, text)
    else:
        r.pop_content("description", text)
    r.summary_key = None


def _start_summary(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    if "summary" in r.context() and not r.has_content:
        r.summary_key = "content"
        _start_content(r, attrs, elem)
    else:
        r.summary_key = "summary"
        r.push_content("summary", attrs, "text/plain", True, elem)


def _end_summary(r: _Replay, text: str | None) -> None:
    if r.summary_key == "content":
        _end_content(r, text)
    else:
        r.pop_content(r.summary_key or "summary", text)
    r.summary_key = None


def _start_content(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    r.has_content = True
    r.push_content("content", attrs, "text/plain", True, elem)
    r.push("content", True)  # feedparser pushes twice; the first entry is never popped


def _start_content_encoded(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    r.has_content = True
    r.push_content("content", attrs, "text/html", True, elem)


def _end_content(r: _Replay, text: str | None) -> None:
    copy_to_summary = _map_content_type(r.content_type) in _COPY_TO_SUMMARY
    value = r.pop_content("content", text)
    if copy_to_summary:
        r.save("summary", value)


def _start_link(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    _leaf(elem)
    attrs.setdefault("rel", "alternate")
    attrs.setdefault("type", "application/atom+xml" if attrs["rel"] == "self" else "text/html")
    context = r.context()
    href = attrs.get("url", attrs.get("uri", attrs.get("href")))  # _enforce_href
    if href:
        attrs.pop("url", None)
        attrs.pop("uri", None)
        attrs["href"] = href
    if "href" in attrs:
        attrs["href"] = r.resolve(attrs["href"])
    links = context.setdefault("links", [])
    if not (r.inentry and r.inimage):
        links.append({"rel": attrs["rel"], **({"href": attrs["href"]} if "href" in attrs else {})})
    if "href" in attrs:
        if attrs["rel"] == "alternate" and _map_content_type(attrs["type"]) in _HTML_TYPES:
            context["link"] = attrs["href"]
    else:
        r.push("link", r.infeed or r.inentry or r.insource)


def _end_link(r: _Replay, text: str | None) -> None:
    r.pop("link", text)


def _start_guid(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    _leaf(elem)
    r.guidislink = attrs.get("ispermalink", "true") == "true"
    r.push("id", True)


def _end_guid(r: _Replay, text: str | None) -> None:
    value = r.pop("id", text)
    r.save("guidislink", r.guidislink and "link" not in r.context())
    if r.guidislink:
        r.save("link", value)


def _pushing(name: str, expecting: bool = True, leaf: bool = True) -> StartFn:
    def start(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
        if leaf:
            _leaf(elem)
        r.push(name, expecting)

    return start


def _popping(name: str) -> EndFn:
    def end(r: _Replay, text: str | None) -> None:
        r.pop(name, text)

    return end


def _date_end(name: str) -> EndFn:
    def end(r: _Replay, text: str | None) -> None:
        r.save(name + "_parsed", r.parse_date(r.pop(name, text)), overwrite=True)

    return end


def _content_leaf(name: str) -> tuple[StartFn, EndFn]:
    """rights, subtitle, info: text elements whose value we never read."""

    def start(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
        _leaf(elem)
        r.incontent += 1
        r.push(name, True)

    def end(r: _Replay, text: str | None) -> None:
        r.pop(name, None)
        r.incontent -= 1

    return start, end


def _start_source(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    _leaf(elem)
    r.push("source", True)
    r.insource = True
    r.title_depth = -1


def _end_source(r: _Replay, text: str | None) -> None:
    r.insource = False
    r.pop("source", None)


def _start_itunes_image(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    _leaf(elem)
    r.push("itunes_image", False)
    href = attrs.get("href") or attrs.get("url")
    if href:
        r.context()["image"] = {"href": href}


def _start_links_append(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    """enclosure: appended to links with rel=enclosure; pushes nothing."""
    r.context().setdefault("links", []).append({"rel": "enclosure"})


def _start_leaf_no_push(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    """cloud: feedparser stores its attributes and pushes nothing."""
    _leaf(elem)


_PUBLISHED = _pushing("published")
_UPDATED = _pushing("updated")
_CREATED = _pushing("created")
_CATEGORY = _pushing("category")
_AUTHOR = _pushing("author", leaf=False)
_NAME = _pushing("name", expecting=False)
_EMAIL = _pushing("email", expecting=False)
_HREF = _pushing("href")
_RIGHTS = _content_leaf("rights")
_SUBTITLE = _content_leaf("subtitle")
_INFO = _content_leaf("info")

_STARTS: dict[str, StartFn] = {
    "rss": _start_nothing,
    "feed": _start_feed,
    "channel": _start_channel,
    "item": _start_item,
    "entry": _start_item,
    "image": _start_image,
    "title": _start_title,
    "dc_title": _start_title,
    "media_title": _start_title,
    "description": _start_description,
    "dc_description": _start_description,
    "media_description": _start_description,
    "summary": _start_summary,
    "itunes_summary": _start_summary,
    "content": _start_content,
    "content_encoded": _start_content_encoded,
    "fullitem": _start_content_encoded,
    "link": _start_link,
    "guid": _start_guid,
    "id": _start_guid,
    **dict.fromkeys(("published", "issued", "pubdate", "dcterms_issued"), _PUBLISHED),
    **dict.fromkeys(
        ("updated", "modified", "lastbuilddate", "dc_date", "dcterms_modified"), _UPDATED
    ),
    **dict.fromkeys(("created", "dcterms_created"), _CREATED),
    "expirationdate": _pushing("expired"),  # its date parse may raise, as in feedparser
    **dict.fromkeys(
        ("category", "keywords", "dc_subject", "media_category", "itunes_category"), _CATEGORY
    ),
    **dict.fromkeys(
        ("author", "dc_author", "dc_creator", "itunes_author", "managingeditor"), _AUTHOR
    ),
    "contributor": _pushing("contributor", expecting=False, leaf=False),
    "dc_contributor": _pushing("name", expecting=False),
    "webmaster": _pushing("publisher"),
    "dc_publisher": _pushing("publisher"),
    "itunes_owner": _pushing("publisher", expecting=False, leaf=False),
    **dict.fromkeys(("name", "itunes_name"), _NAME),
    **dict.fromkeys(("email", "itunes_email"), _EMAIL),
    **dict.fromkeys(("url", "uri", "homepage"), _HREF),
    "width": _pushing("width", expecting=False),
    "height": _pushing("height", expecting=False),
    "language": _pushing("language"),
    "dc_language": _pushing("language"),
    "generator": _pushing("generator"),
    "newlocation": _pushing("newlocation"),
    **dict.fromkeys(("rights", "copyright", "dc_rights"), _RIGHTS[0]),
    **dict.fromkeys(("subtitle", "tagline", "itunes_subtitle"), _SUBTITLE[0]),
    **dict.fromkeys(("info", "feedburner_browserfriendly"), _INFO[0]),
    "source": _start_source,
    "enclosure": _start_links_append,
    "cloud": _start_leaf_no_push,
    "media_group": _start_nothing,
    "media_content": _start_nothing,
    "media_thumbnail": _pushing("url"),
    "media_credit": _pushing("credit"),
    "media_rating": _pushing("rating"),
    "media_restriction": _pushing("restriction"),
    "media_license": _pushing("license"),
    "media_player": _pushing("media_player", expecting=False),
    "itunes_image": _start_itunes_image,
    "itunes_link": _start_itunes_image,
}

_ENDS: dict[str, EndFn] = {
    "feed": _end_channel,
    "channel": _end_channel,
    "item": _end_item,
    "entry": _end_item,
    "image": _end_image,
    "title": _end_title,
    "dc_title": _end_title,
    "media_title": _end_media_title,
    "description": _end_description,
    "dc_description": _end_description,
    "media_description": _end_description,
    "summary": _end_summary,
    "itunes_summary": _end_summary,
    "content": _end_content,
    "content_encoded": _end_content,
    "fullitem": _end_content,
    "link": _end_link,
    "guid": _end_guid,
    "id": _end_guid,
    **dict.fromkeys(("published", "issued", "pubdate", "dcterms_issued"), _date_end("published")),
    **dict.fromkeys(
        ("updated", "modified", "lastbuilddate", "dc_date", "dcterms_modified"),
        _date_end("updated"),
    ),
    **dict.fromkeys(("created", "dcterms_created"), _date_end("created")),
    "expirationdate": _date_end("expired"),
    **dict.fromkeys(
        ("category", "keywords", "dc_subject", "media_category", "itunes_category"),
        _popping("category"),
    ),
    **dict.fromkeys(
        ("author", "dc_author", "dc_creator", "itunes_author", "managingeditor"),
        _popping("author"),
    ),
    "contributor": _popping("contributor"),
    "dc_contributor": _popping("name"),
    "webmaster": _popping("publisher"),
    "dc_publisher": _popping("publisher"),
    "itunes_owner": _popping("publisher"),
    **dict.fromkeys(("name", "itunes_name"), _popping("name")),
    **dict.fromkeys(("email", "itunes_email"), _popping("email")),
    **dict.fromkeys(("url", "uri", "homepage"), _popping("href")),
    "width": _popping("width"),
    "height": _popping("height"),
    "language": _popping("language"),
    "dc_language": _popping("language"),
    "generator": _popping("generator"),
    "newlocation": _popping("newlocation"),
    **dict.fromkeys(("rights", "copyright", "dc_rights"), _RIGHTS[1]),
    **dict.fromkeys(("subtitle", "tagline", "itunes_subtitle"), _SUBTITLE[1]),
    **dict.fromkeys(("info", "feedburner_browserfriendly"), _INFO[1]),
    "source": _end_source,
    "media_keywords": _popping("media_keywords"),
    "media_thumbnail": _popping("url"),
    "media_credit": _popping("credit"),
    "media_rating": _popping("rating"),
    "media_restriction": _popping("restriction"),
    "media_license": _popping("license"),
    "media_player": _popping("media_player"),
    "itunes_keywords": _popping("itunes_keywords"),
    "itunes_explicit": _popping("itunes_explicit"),
    "itunes_block": _popping("itunes_block"),
}
