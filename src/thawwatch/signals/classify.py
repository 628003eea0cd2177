"""classify(): one news item → relevance, topics, direction, score, tariff signals, reasons.

The pipeline is: normalise and mask the text, split it into sentences (the title is one),
judge relevance from the sides named, then — for relevant items only — read tariff
signals, topics and the direction (signals feed the direction score).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from thawwatch.classification import Classification, TariffSignal
from thawwatch.signals import direction, relevance, tariffs
from thawwatch.signals.dates import Span, find_span, year_hint
from thawwatch.signals.rules import Rules, default_rules
from thawwatch.signals.text import lazy, normalize, sentences
from thawwatch.signals.topics import find_topics
from thawwatch.text import clean_text, is_clean
from thawwatch.wording import change_words


def classify(
    title: str, summary: str = "", published: date | None = None, rules: Rules | None = None
) -> Classification:
    """Classify one item; ``rules=None`` uses the bundled defaults (compiled once)."""
    rules = rules or default_rules()
    if isinstance(published, datetime):  # a timestamp is welcome too
        published = published.date()
    # Feed text arrives cleaned, but classify() is public: no control character may
    # reach reasons or evidence whatever it is given.
    title = rules.relevance.mask(_without_old_end(_plain(title, 4000)))
    summary = rules.relevance.mask(_without_old_end(_without_dateline(_plain(summary, 8000))))
    units = sentences(title, summary)
    verdict = relevance.judge(rules.relevance, units)
    if not verdict.relevant:
        return Classification(False, (), "neutral", 0.0, 0.0, (), (verdict.reason,))
    item_span = _item_span(title, summary, published)
    found = ([] if _COMMENT.match(title) else
             tariffs.extract(rules.tariffs, units, verdict.sides, published, item_span))
    spans = [_span(rules, f) for f in found]
    mood = direction.judge(rules.direction, units, spans, verdict.sides)
    signals = tuple(f.signal for f in found)
    measures = [s.measure for s in signals]
    topics, topic_reasons = find_topics(rules.topics, units, summary, measures)
    if (not topics and not signals and mood.direction == "neutral" and _SPORT.search(title)
            and not _RELATIONS.search(title)):
        # "Canada routs China 9-0 in women's hockey exhibition": both sides, no relations
        return Classification(False, (), "neutral", 0.0, 0.0, (),
                              ("not relevant: a sports story",))
    reasons = (
        verdict.reason,
        *topic_reasons,
        *mood.reasons,
        # "signal cn-peas: lower 15% from 2026-12-01", not "… lower None" (the detail shows it)
        *(f"signal {s.measure}: {_change(s)} ({s.evidence!r})" for s in signals),
    )
    weight = _weight(mood.direction, len(signals), units[0].in_title and _title_both(verdict))
    return Classification(True, topics, mood.direction, weight, mood.score, signals, reasons)


# An opinion piece, an editorial or an explainer argues over or recounts changes; it makes
# none ("Opinion: Lifting the EV surtax was Carney's biggest mistake"), in English or French
# ("Chronique | Ottawa a eu raison…"). The label may run on a few words before its colon or
# bar ("Letters to the editor:", "Point de vue de la semaine :"); not "comment", which opens
# a French question ("Comment Pékin a levé…: …").
_COMMENT_WORD = (
    r"opinion|editorial|éditorial|explainer|analysis|analyse|commentary|column|chronique"
    r"|letters?|lettres?|perspective|point de vue")
# … and labels that are one word and nothing more ("Timeline set: China to suspend …" is
# news): a recap, a background piece, an op-ed
_LABEL_WORD = (r"tribune|background|backgrounder|rappel|recap|timeline|chronologie"
               r"|回顾|回顧|评论|評論|社评|社評")
_COMMENT = re.compile(
    rf"\s*(?:(?:{_COMMENT_WORD}|{_LABEL_WORD}|comment|fact check|q&a)\s*[:|—–\-：]"
    rf"|(?:{_COMMENT_WORD})(?:\s+[\w'&]+){{1,4}}\s*[:|]"
    # "Timeline of the canola dispute:", "Recap of 2026:", "Chronologie du différend :"
    rf"|(?:{_LABEL_WORD})\s+(?:of|du|de|des)\b(?:\s+[\w'&]+){{1,4}}\s*[:|])", re.I)


# A wire story's dateline says when it was written, not when a change takes effect:
# "BEIJING, Dec. 4 (Xinhua) --" made the extension it reports start on Dec. 4. Its date
# goes (the place and the agency stay: sides): "BEIJING/WINNIPEG, Dec 11 (Reuters) -",
# "Dec 3 (Reuters) -", "中新网北京12月4日电"; and a video's "… reports. – Dec 5, 2026".
_DATELINE = re.compile(
    r"\s*(?:"
    r"(?:[A-ZÀ-Ý][A-ZÀ-Ý.'’ -]+(?:/[A-ZÀ-Ý][A-ZÀ-Ý.'’ -]+)*(?:,\s*[A-Z][A-Za-z.]*)?)?,?\s*"
    r"(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[a-zéû]{3,9}\.?)"
    r"\s*\([A-Z][\w .&-]{1,30}\)\s*(?:--|[-–—])"
    r"|[^\s，。]{0,8}?(?P<zh>\d{1,2}月\d{1,2}日)[电電]"
    r")")
_DATED_END = re.compile(r"\s+[–—-]\s*[A-Z][a-z]{2}\.?\s+\d{1,2},\s+\d{4}\s*$")


def _without_dateline(summary: str) -> str:
    """The summary without the date of a wire dateline in front, or a date stamp at the
    end."""
    if not summary:
        return summary
    if ("(" in summary[:80] or "电" in summary[:24] or "電" in summary[:24]) and (
            head := _DATELINE.match(summary)) is not None:
        date_ = "date" if head.group("date") else "zh"
        summary = summary[:head.start(date_)] + summary[head.end(date_):]
    return _DATED_END.sub("", summary) if summary[-4:].isdigit() else summary


# An aside on the end a relief had before this news, in a sentence that moves that end:
# "The suspension, due to end on Dec. 31, will run through 2027", "…, which was set to
# expire Dec. 31, will now …", French "…, qui devait prendre fin le 31 décembre, est
# prolongée …". It tells no end to come (read so, it cooled the extension and even made a
# second change, the duty back at that end): the sentence around it does the telling. Not
# beside a new relief, whose end it is: "China suspends 100% tariff on Canadian peas, set
# to expire Dec. 31, officials say".
# Words that tell when and nothing else: no goods, duty or relief among them
_NO_GOODS = (r"(?:(?!\b(?:tariffs?|dut(?:y|ies)|surtax\w*|suspensions?|relief|pause|exemptions?"
             r"|peas?|canola|meal|oil|pork|lobsters?|crabs?|seafood|steel|alumin\w*|EVs?"
             r"|vehicles?|tours?)\b)[^,;:()]){0,40}?")
_OLD_END = re.compile(
    r",\s*(?:(?:which|that)\s+(?:is|was|were|had\s+been|has\s+been)\s+"
    r"|(?:originally|previously|initially)\s+)?(?:due|set|scheduled|slated)\s+to\s+"
    r"(?:end|expire|lapse|run\s+out)\b(?:[^,;:()]|,\s*20\d\d\b){0,40},\s*"
    r"|,\s*qui\s+(?:devai(?:t|ent)|(?:étai(?:t|ent)|était)\s+censée?s?)\s+(?:prendre\s+fin"
    r"|expirer|se\s+terminer|arriver\s+à\s+(?:échéance|terme))\b(?:[^,;:()]|,\s*20\d\d\b)"
    r"{0,40},\s*"
    # "the suspension, which ends Dec. 31, will be extended", "the suspension that ends
    # Dec. 31 will be extended" (no commas: the end stops where the verb that moves it starts)
    # (kept before a refusal: "…, which ends Dec. 31, won't be renewed" is the duty back
    # the day after)
    # (when, nothing else: "the decision that ends the pea tariff suspension will stay"
    # holds the goods)
    rf"|(?P<told>,\s*(?:which|that)\s+(?:ends|expires|lapses|runs\s+out)\b{_NO_GOODS},\s*"
    rf"|\s+(?:which|that)\s+(?:ends|expires|lapses|runs\s+out)\b{_NO_GOODS}\s+"
    r"(?=(?:will|won['’]t|has\s+been|is|was)\b))", re.I)
# … what moves it, after the aside: "will (now) run through", "is extended", "prolongée"
_MOVED_AFTER = re.compile(
    r"\b(?:will\s+(?:now\s+)?(?:run|continue|last|remain|stay|be\s+(?:extended|prolonged"
    r"|renewed))|(?:has\s+been|is|was|were|have\s+been)\s+(?:extended|prolonged|renewed)"
    r"|(?P<refused>(?:won['’]t|will\s+not|will\s+no\s+longer)\s+be\s+(?:extended|prolonged"
    r"|renewed))"
    r"|now\s+(?:runs?|ends?|expires?)|(?:est|sera|a\s+été|sont|seront|ont\s+été)\s+"
    r"(?:prolongée?s?|reconduite?s?|renouvelée?s?))\b", re.I)


# An aside telling who imposed a duty, and when: "China's tariff on Canadian pork, which
# Beijing imposed in March 2025, is lifted" (its verb is no change, and it stood between
# the goods and the news's verb)
_WHO_IMPOSED = re.compile(
    r",\s*which\s+(?:it|they|China|Beijing|Ottawa|Canada)\s+(?:had\s+|has\s+)?"
    rf"(?:imposed|introduced|levied|slapped|put\s+in\s+place|adopted)\b{_NO_GOODS},\s*")


def _without_old_end(text: str) -> str:
    """``text`` without an aside on a relief's end before this news (see ``_OLD_END``), or
    on who imposed the duty (``_WHO_IMPOSED``)."""
    if " which " in text:
        text = _WHO_IMPOSED.sub(" ", text)
    if not ((", " in text and (" to " in text or "qui " in text))
            or " that " in text or " which " in text):
        return text
    def aside(m: re.Match[str]) -> str:
        moved = _MOVED_AFTER.match(text, m.end())
        if moved is None or (m.group("told") and moved.group("refused")):
            return m.group()
        return " "

    return _OLD_END.sub(aside, text)


# A match, a team or an athlete: with no topic, no signal and no cue of either way, a story
# about both countries that is not about their relations or trade
_SPORT = re.compile(
    r"\b(?:hockey|NHL|KHL|LNH|soccer|FIFA|World\s+Cup|Coupe\s+du\s+monde|Olympi\w*"
    r"|olympiques?|Paralympi\w*|basketball|NBA|volleyball|tennis|badminton|curling"
    r"|figure\s+skat\w*|skaters?|patin\w*|ski(?:ing|ers?)?|snowboard\w*|swimm\w*|marathon"
    r"|golf|baseball|rugby|exhibition\s+games?|matchs?\s+(?:préparatoires?|amicaux)"
    r"|(?:beat|beats|routs?|defeats?|edges?)\s+(?:Canada|China|Team\s+\w+))\b", re.I)

# … unless the title ties it to their relations ("China bans Canadian hockey broadcasts
# amid trade spat")
_RELATIONS = re.compile(
    r"\b(?:trade|tariffs?|dut(?:y|ies)|spat|row|dispute\w*|bans?|banned|sanction\w*"
    r"|tensions?|boycott\w*|diplomat\w*|détenu\w*|detain\w*|visa\w*)\b", re.I)


def _plain(text: str, max_len: int) -> str:
    """``normalize(clean_text(text, max_len))``, without the work when it would change
    nothing: feed text arrives cleaned, and NFKC and the dash and quote tables leave ASCII
    alone (clean text has no whitespace runs left to fold)."""
    if is_clean(text, max_len):
        return text if text.isascii() else normalize(text)
    return normalize(clean_text(text, max_len))


def _item_span(title: str, summary: str, published: date | None) -> Callable[[], Span]:
    """The dates stated in the summary, for signals whose own sentence states none: read
    on first use, as most items have no signal (or signals with dates of their own)."""
    return lazy(lambda: find_span(summary, published, year_hint(f"{title} {summary}")))


def _span(rules: Rules, f: tariffs.Found) -> direction.SignalSpan:
    scores = rules.direction.signal_scores
    action = f.signal.action
    if f.kind == "benefit":
        score = scores.get(f"benefit_{action}", 0.0)
    elif action == "extend":
        score = scores["extend_relief"] if f.signal.rate == 0 else scores["extend_barrier"]
    else:
        score = scores.get(action, 0.0)
    return direction.SignalSpan(f.sentence, f.start, f.end, score, f.signal.evidence)


def _title_both(verdict: relevance.Relevance) -> bool:
    title = verdict.sides[0]
    return bool(title.has(relevance.CANADA, True) and title.has(relevance.CHINA, True))


def _weight(direction_: str, n_signals: int, title_both: bool) -> float:
    """Importance of an item for the thaw index: 1, more for signals and a clear title."""
    weight = 1.0 + 0.5 * min(n_signals, 2)
    if title_both:
        weight += 0.25
    if direction_ != "neutral":
        weight += 0.25
    return weight


def _change(s: TariffSignal) -> str:
    return change_words(s.action, s.rate, s.effective, s.until, s.scope, s.at_relief_end,
                        s.by_months)
