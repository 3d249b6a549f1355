"""HTML: repair text nodes only, byte for byte identical everywhere else.

Tags, attributes, comments, doctypes, processing instructions and the content of
``script``, ``style``, ``code``, ``pre``, ``textarea`` and ``template`` are never
touched. Character references inside text (``&nbsp;``, ``&#8217;``; named ones only
with their ``;``) are decoded for matching, so ``White&nbsp;Home`` matches; a repair is written back HTML-escaped. A
phrase split by markup (``White <b>Home</b>``) is left alone: text nodes are joined
by a break that no phrase crosses and that parts words as the tags between them do,
so the page is still judged as one document by the spin gate, its words counted alike
whether the page is minified or not. Where only inline markup parts two text nodes
(``<b>``, ``</a>``, a comment: see :data:`INLINE`) the break is a gap inside a line,
which conditions on neighbouring words read past as they read past a space
("the <b>Division of State</b> Parks" is the name of a real office, not a spun one);
elsewhere (a paragraph, a heading, a line break) it is a blank line, which ends the
sentence for them. Text nodes that inline markup parts with no space at the seam are
joined as a browser shows them ("<em>over</em>stated" is one word, never "stated"), a
repair running across the seam left alone.
"""

from __future__ import annotations

import bisect
import codecs
import html
import re
from dataclasses import dataclass, replace
from typing import NamedTuple

from ..api import apply_repairs
from ..repair import Fixer, check_fixer
from ..results import ScanResult
from ..text import SUPERSCRIPT_DIGITS

RAW_TEXT = frozenset({"script", "style", "code", "pre", "textarea", "template", "xmp", "plaintext", "iframe",
                      "noembed", "noframes"})
_NESTED = frozenset({"code", "pre", "template"})
"""Elements of :data:`RAW_TEXT` that are no raw text to a browser: a comment or an element of
the same name inside them hides a closing tag ("<code>a <code>b</code> c</code>")."""
_ELEMENTS = (
    "a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite code col "
    "colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure footer form h1 h2 "
    "h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li link main map mark menu meta "
    "meter nav noscript object ol optgroup option output p param picture pre progress q rp rt ruby s samp script "
    "search section select slot small source span strong style sub summary sup svg table tbody td template textarea "
    "tfoot th thead time title tr track u ul var video wbr font center "
    "acronym applet basefont big blink dir frame frameset image isindex keygen listing marquee menuitem nobr "
    "noembed noframes rb rtc spacer strike tt").split()
"""HTML element names (obsolete ones too): a tag of one of them, or of a custom element
(a name with a hyphen), that a page cut short leaves open is markup."""
# may run to the end of the page: a comment, CDATA, a processing instruction (up to "?>":
# a server template's "<?php $x->say('White Home'); ?>"), a declaration, an end tag whose name
# does not start with a letter (a comment to a browser: "</ White Home >"), and a tag of an HTML
# element that is never closed (a page cut short: "<img alt=\"White Home"), which a
# browser drops ("x<y and" in text is not taken for one)
_WS = "[ \\t\\n\\f\\r]"  # HTML's whitespace: no other Unicode blank (a no-break space is a character)
_OPEN_ENDED = (r"<!--(?:-?>|.*?(?:--!?>|\Z))", r"<!\[CDATA\[.*?(?:\]\]>|\Z)", r"<\?.*?(?:\?>|\Z)", r"<![^>]*>?",
               r"</(?=[^a-zA-Z])[^>]*>?",
               rf"(?i:</?(?:(?:{'|'.join(_ELEMENTS)})(?=[ \t\n\f\r/]|\Z)|[a-z][a-z0-9]*-[^ \t\n\f\r/>]*))[^>]*\Z")
# In a tag, a quote opens a quoted value only right after "=" (and whitespace); elsewhere
# (alt=it's, href=x="y) it is a character of the name or of an unquoted value, which runs
# to whitespace or ">". A quoted value never closed runs to the end of the page, as in a browser.
# An "=" is bare only before ">" or the end: one parse for each tag, so that a tag never
# closed is given up in linear time (an "=" read bare before an unquoted value was another).
_TAG = (rf"</?([a-zA-Z][^ \t\n\f\r/>]*)(?:[^>\"'=]|[\"']|=(?:{_WS}*\"[^\"]*\"|{_WS}*'[^']*'"
        rf"|{_WS}*[^ \t\n\f\r>\"'][^ \t\n\f\r>]*(?=[ \t\n\f\r>]|\Z)|(?={_WS}*(?:>|\Z))))*"
        rf"(?:>|={_WS}*(?:\"[^\"]*|'[^']*)\Z)")
_MARKUP = re.compile("|".join((*_OPEN_ENDED, _TAG)), re.DOTALL)
_UNCLOSED = re.compile("|".join(_OPEN_ENDED), re.DOTALL)
"""The markup that can start after the last ">" of a page: a tag cannot."""
_REST = re.compile(".*", re.DOTALL)
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};)")
SEPARATOR = "\n\n"
"""What joins two text nodes parted by anything but inline markup: a blank line."""
INLINE_SEPARATOR = "    "
"""What joins two text nodes parted by inline markup only: a gap of four spaces inside a
line, which no phrase crosses (see :data:`fixer.text.COLUMN_GAP`) and which is no
sentence end."""
INLINE = frozenset(
    "a abbr acronym audio b bdi bdo big blink button canvas cite code data datalist del dfn em embed font i iframe img "
    "input ins kbd label link map mark math meta meter nobr noscript object output picture q rb rp rt rtc ruby s samp "
    "script select slot small span strike strong style sub sup svg template textarea time tt u var video wbr".split())
"""Elements that run inside a line of text (HTML's phrasing content, but ``br``): their
tags end no sentence, and neither do those of custom elements (a name with a hyphen),
which a browser shows inline."""
_SUP_OPEN = re.compile(r"<sup(?=[ \t\n\f\r/>])[^<>]*>\Z", re.IGNORECASE)
_SUP_CLOSE = re.compile(r"</sup[ \t\n\f\r]*>", re.IGNORECASE)
_AS_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)


def _footnote_mark(page: str, start: int, end: int) -> bool:
    """Whether the text node ``page[start:end]`` is a number in a ``<sup>`` element of its
    own (a footnote mark, "State<sup>1</sup> said"), which conditions on neighbouring
    words read past as they read past a superscript digit."""
    text = page[start:end]
    return (text.isascii() and text.isdigit() and _SUP_OPEN.search(page, max(0, start - 200), start) is not None
            and _SUP_CLOSE.match(page, end) is not None)


@dataclass(frozen=True)
class _Node:
    raw_start: int
    doc_start: int
    offsets: tuple[int, ...]


def _text_spans(page: str) -> list[tuple[int, int, bool]]:
    """The (start, end) of every text node outside raw-text elements, and whether the
    markup between it and the text node before is inline only: comments and tags of
    :data:`INLINE` (a quoted ``>`` stays in its tag; a comment ends at its first end)."""
    spans = []
    pos = 0
    inline = True  # the markup since the last text node
    # Tags are looked for only before the last ">": from each "<" after it (a truncated
    # page, "x<y" in text) a search would read to the end of the page, in quadratic time.
    head = page.rfind(">") + 1
    while True:
        m = _MARKUP.search(page, pos, head) if pos < head else None
        if m is not None and m.end() == head:
            # a comment may run on past the last ">"; a tag whose quoted value holds it, and
            # that no ">" closes after, is left open by a page cut short: a browser drops it
            m = _MARKUP.match(page, m.start()) or _REST.match(page, m.start())
        if m is None and (m := _UNCLOSED.search(page, max(pos, head))) is None:
            break
        if m.start() > pos:
            spans.append((pos, m.start(), inline))
            inline = True
        pos = m.end()
        name = (m.group(1) or "").lower() if m.re is _MARKUP else ""
        inline = inline and (m.group(0).startswith("<!--") or name in INLINE or "-" in name)
        if name in RAW_TEXT and not m.group(0).startswith("</"):
            pos = _raw_text_end(page, name, pos, head)
    if pos < len(page):
        spans.append((pos, len(page), inline))
    return spans


def _raw_text_end(page: str, name: str, start: int, head: int) -> int:
    """The end of the closing tag of the raw-text element *name* whose content begins at
    *start* (the end of *page* if it has none, and for ``plaintext``, which nothing
    closes). As in a browser, only that tag ends the content (in a script, not one that
    a "<script>" after "<!--" opened: see :func:`_script_end`), and ``/>`` does not
    close the element; in an element of :data:`_NESTED`, not one inside a comment, a
    quoted attribute value or the raw text of another element, or closing a nested
    element of the same name (*head*: the end of the page's last ">", after which no
    markup closes anything)."""
    if name in _NESTED:
        depth = 1
        pos = start
        while pos < head and (m := _MARKUP.search(page, pos, head)) is not None:
            pos = m.end()
            tag = (m.group(1) or "").lower()  # the tag name: the only group of _MARKUP
            closing = m.group(0).startswith("</")
            if tag == name:
                depth += -1 if closing else 1
                if not depth:
                    return pos
            elif tag in RAW_TEXT and tag not in _NESTED and not closing:
                pos = _raw_text_end(page, tag, pos, head)
        return len(page)
    if name == "plaintext":
        return len(page)  # no tag ends it: the rest of the page is its text
    close = re.compile(rf"</{name}(?=[ \t\n\f\r/>])[^>]*(?:>|\Z)", re.IGNORECASE)
    if name == "script":
        end = _script_end(page, start)
        found = None if end is None else close.match(page, end)
    else:
        found = close.search(page, start)
    return len(page) if found is None else found.end()


_SCRIPT_STATES = tuple(re.compile(pattern, re.IGNORECASE) for pattern in (
    r"<!--|</script(?=[ \t\n\f\r/>])", r"-->|</?script(?=[ \t\n\f\r/>])", r"-->|</script(?=[ \t\n\f\r/>])"))
"""What changes the state of a script's content, in each of its states: data,
escaped (after "<!--") and double escaped (a "<script>" after "<!--")."""


def _script_end(page: str, start: int) -> int | None:
    """Where the closing tag of the script whose content begins at *start* starts (None
    if it has none): as in a browser, a "</script>" after "<!--" and a "<script>" closes
    the inner script, not this one, up to the "-->"."""
    state = 0
    pos = start
    while (m := _SCRIPT_STATES[state].search(page, pos)) is not None:
        pos = m.end()
        if m.group(0) == "<!--":
            state, pos = 1, pos - 2  # its "--" may be the start of "-->" ("<!-->")
        elif m.group(0) == "-->":
            state = 0
        elif state == 2:
            state = 1
        elif m.group(0)[1] == "/":
            return m.start()
        else:
            state = 2
    return None


def _unescaped(reference: str) -> str:
    """What the character *reference* stands for; as written where that is nothing
    (``&#1;``, ``&#xFFFE;``: a browser shows a character, Python's decoder drops it)."""
    return html.unescape(reference) or reference


def _decode(raw: str) -> tuple[str, list[int]]:
    """The text of a node with references decoded, and for each decoded character the
    raw offset where it starts (plus the raw length at the end)."""
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _REFERENCE.finditer(raw):
        for i in range(pos, m.start()):
            out.append(raw[i])
            offsets.append(i)
        decoded = _unescaped(m.group(0))
        for ch in decoded:
            out.append(ch)
            offsets.append(m.start())
        pos = m.end()
    for i in range(pos, len(raw)):
        out.append(raw[i])
        offsets.append(i)
    offsets.append(len(raw))
    return "".join(out), offsets


def scan_html(fixer: Fixer, page: str) -> ScanResult:
    """The scan of the text nodes of *page*, judged as one document, with repair
    offsets in *page* and replacements HTML-escaped (a character outside ASCII as a
    numeric reference, ``&#233;``, in a page that declares a charset other than UTF-8,
    whose bytes for it fixer cannot know, and in a page all ASCII that declares none,
    which a browser may read as windows-1252)."""
    check_fixer(fixer)
    if not isinstance(page, str):
        raise TypeError(f"page must be str, not {type(page).__name__} (decode it first)")
    nodes: list[_Node] = []
    parts: list[str] = []
    doc_len = 0
    for start, end, inline in _text_spans(page):
        text, offsets = _decode(page[start:end])
        if _footnote_mark(page, start, end):
            text = text.translate(_AS_SUPERSCRIPT)  # as long: the offsets hold
        if nodes:
            # inline markup with no space at either side shows one word ("<em>over</em>stated")
            glued = inline and not parts[-1][-1:].isspace() and not text[:1].isspace()
            between = "" if glued else INLINE_SEPARATOR if inline else SEPARATOR
            parts.append(between)
            doc_len += len(between)
        nodes.append(_Node(start, doc_len, tuple(offsets)))
        parts.append(text)
        doc_len += len(text)
    result = fixer.scan("".join(parts))
    references = _needs_references(page)
    repairs = []
    starts = [n.doc_start for n in nodes]
    for r in result.repairs:
        node = nodes[bisect.bisect_right(starts, r.start) - 1]
        i, j = r.start - node.doc_start, r.end - node.doc_start
        if j >= len(node.offsets):
            continue  # it runs on past its text node
        if (i and node.offsets[i] == node.offsets[i - 1]) or node.offsets[j] == node.offsets[j - 1]:
            continue  # it starts or ends inside what a reference decodes to ("&Jap;", shown as written)
        a = node.raw_start + node.offsets[i]
        b = node.raw_start + node.offsets[j]
        repairs.append(r._replace(start=a, end=b, spun=page[a:b],
                                  replacement=_as_written(r.replacement, page[a:b], references)))
    return replace(result, repairs=tuple(repairs))


class _InReference(NamedTuple):
    """How :func:`_as_written` spells a character that the reference written for the
    one before it (*previous*) writes too."""

    previous: str


_CHARSET = re.compile(r"<meta(?=[ \t\n\f\r/])[^>]*?charset[ \t\n\f\r]*=[ \t\n\f\r]*[\"']?[ \t\n\f\r]*"
                      r"([A-Za-z0-9._:-]+)|<\?xml[ \t\n\f\r][^>]*?encoding[ \t\n\f\r]*=[ \t\n\f\r]*[\"']"
                      r"([A-Za-z0-9._-]+)", re.IGNORECASE)
_CHARSET_BYTES = 1024
"""How far into a page a browser looks for its charset declaration."""


def _needs_references(page: str) -> bool:
    """Whether a character outside ASCII is to be written into *page* as a numeric
    reference: the page declares, where a browser looks for it, a charset other than
    UTF-8 (``<meta charset="windows-1252">``, ``<?xml ... encoding="ISO-8859-1"?>``), or
    it declares none and is all ASCII, so that nothing in it tells UTF-8."""
    m = _CHARSET.search(page, 0, _CHARSET_BYTES)
    if m is None:
        return page.isascii()
    try:
        return codecs.lookup(m.group(1) or m.group(2)).name != "utf-8"
    except LookupError:
        return True  # a charset Python does not know: not UTF-8 either


def _as_written(replacement: str, raw: str, references: bool = False) -> str:
    """*replacement* HTML-escaped (with *references*, each character outside ASCII as a
    numeric reference), each character that the matched markup *raw* wrote
    as a character reference (``&nbsp;`` between words, ``&#8217;``) written as *raw*
    wrote it at the same place: its n-th occurrence as *raw* wrote its n-th (a reference,
    with its ``;``, which a reference written without one needs before a digit; or the
    character itself), a later one as *raw* wrote its last. An ASCII letter or digit is
    written as itself: a reference to one (``&#97;``) is no typographic choice to carry
    over into the other words of the replacement."""
    # for each character of raw, how each occurrence is written; a reference of several
    # characters (&ThickSpace;) is written for its first, and its others after it are in it
    spellings: dict[str, list[str | _InReference | None]] = {}
    pos = 0
    for m in _REFERENCE.finditer(raw):
        for ch in raw[pos:m.start()]:
            spellings.setdefault(ch, []).append(None)
        decoded = _unescaped(m.group(0))
        for i, ch in enumerate(decoded):
            plain = ch.isascii() and ch.isalnum()
            spellings.setdefault(ch, []).append(None if plain else m.group(0).rstrip(";") + ";" if i == 0
                                                else _InReference(decoded[i - 1]))
        pos = m.end()
    for ch in raw[pos:]:
        spellings.setdefault(ch, []).append(None)
    seen: dict[str, int] = {}
    out = []
    previous = ""
    for ch in replacement:
        written = spellings.get(ch, [None])
        n = seen[ch] = seen.get(ch, -1) + 1
        spelling = written[min(n, len(written) - 1)]
        if isinstance(spelling, _InReference):
            spelling = "" if spelling.previous == previous else None
        if spelling is None:
            spelling = f"&#{ord(ch)};" if references and not ch.isascii() else html.escape(ch, quote=False)
        out.append(spelling)
        previous = ch
    return "".join(out)


def fix_html(fixer: Fixer, page: str) -> str:
    """*page* with its text nodes repaired and every other byte unchanged."""
    return apply_repairs(page, scan_html(fixer, page).repairs)
