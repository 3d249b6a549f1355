"""Convert the Problematic Paper Screener's tortured-phrase list into a fixer glossary.

Input: ``tortured-phrases.tsv`` (columns tortured_phrase, expected_phrase, source,
pps_query, num_papers, has_context_clause, expected_uncertain), the PPS fingerprint list
(Cabanac, Labbé, Magazinov 2021, arXiv:2107.06751) as exported in the MIT-licensed
repository hahuyhoang411/tortured-phrase (data/tortured.csv, commit 00e3014).

The committed ``glossary/tortured-phrases.yaml`` is produced, from the repository root, by::

    python scripts/import_tortured_phrases.py ../shared/data/tortured-phrases.tsv \\
        --clean-dir ../shared/data/clean -o glossary/tortured-phrases.yaml

Safety decisions (a careful editor must be able to sign every automatic entry):

* ``report`` (never applied) when PPS marks the expected phrase uncertain, it carries
  "(?)", offers alternatives ("a/b", "a or b", commas), or is an explanation rather than
  a drop-in replacement; when the PPS query cannot be parsed into ``doc_has`` /
  ``doc_lacks``; for a single word (no space, no hyphen) without a ``doc_has`` condition;
  for a phrase without ``doc_has`` that occurs in the clean corpus; for chains.
* ``gated`` for a phrase without ``doc_has`` when no clean corpus was scanned, for
  a single word with a ``doc_has`` condition (ordinary English that a paper mill also
  writes: applied only in documents judged spun), and for a phrase listed in
  ``scripts/tortured-plain-english.tsv`` (plain English too, seen used literally).
* ``safe`` otherwise.

With ``--clean-dir`` every ``*.jsonl`` (its ``text`` field) and ``*.txt`` file under the
directory is tokenised the way the matcher folds text (case, hyphen = space, straight
quotes), and each spun form is counted together with the singular/plural of its last
word (the matcher inflects). Output is deterministic: same inputs, same bytes.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from fixer.inflect import plural, singular
from fixer.words import word_ranks

MAX_WORDS = 12
MAX_CHARS = 200
CANONICAL_COMMAND = "python scripts/import_tortured_phrases.py ../shared/data/tortured-phrases.tsv"
CANONICAL_CLEAN = " --clean-dir ../shared/data/clean"
CANONICAL_OUT = " -o glossary/tortured-phrases.yaml"
UNCERTAIN = "expected phrase uncertain (PPS: (?) or expected_uncertain=yes)"
EMPTY = "empty phrase (or expected phrase unknown: '???', '-')"

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
    "-": " ", "\u2010": " ", "\u2011": " ", "\u00ad": " ",
})
_TOKEN = re.compile(r"\w+(?:'\w+)*|[^\w\s]")
_QUERY_TOKEN = re.compile(r'\s*(?:"(?P<quoted>[^"]*)"(?P<prox>~\d+)?|(?P<paren>[()])|(?P<word>[^\s"()]+))')
_ACRONYM = re.compile(r"[A-Za-z0-9][A-Za-z0-9&.\-]*")
_LEADING_ARTICLE = re.compile(r"(a|an|the) (?!priori\b|posteriori\b|fortiori\b)", re.IGNORECASE)
_DETERMINERS = frozenset("a an the this that these those there their its his her our your my every each whatever "
                         "associate".split())  # "Associate in Nursing": a spinner's rendering of "an"
_EXPLANATION = re.compile(r'https?:|\be\.g\.|\bi\.e\.|\bsee\b|\bas in\b|\.\.\.|…|[":;=*#%>\\]|\bAND\b')

Counts = Callable[[list[str]], dict[str, int]]
PLAIN_ENGLISH = Path(__file__).with_name("tortured-plain-english.tsv")


class QueryError(ValueError):
    """A PPS query that cannot be turned into context conditions with confidence."""


@dataclass
class Candidate:
    """One tortured phrase on its way to becoming a glossary entry."""

    spun: str
    original: str
    num_papers: int
    order: int
    when: dict[str, list[str]] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    safety: str = "safe"

    def to_yaml(self) -> dict[str, object]:
        """The glossary entry as a plain mapping, keys in reviewing order."""
        entry: dict[str, object] = {"spun": self.spun, "original": self.original,
                                    "kind": "tortured", "safety": self.safety}
        if self.when:
            entry["when"] = {k: list(v) for k, v in self.when.items()}
        entry["source"] = f"PPS num_papers={self.num_papers}"
        if self.reasons or self.notes:
            entry["note"] = "; ".join(self.reasons + self.notes)
        return entry


@dataclass
class Result:
    """Entries written and rows dropped, with reasons."""

    entries: list[Candidate]
    dropped: Counter[str]
    rows: int


def tokens(text: str) -> tuple[str, ...]:
    """Tokens of *text* as the matcher sees it: lower case, hyphens as spaces."""
    return tuple(_TOKEN.findall(text.lower().translate(_FOLD)))


def variants(key: tuple[str, ...]) -> set[tuple[str, ...]]:
    """*key* and the singular/plural forms of its last word."""
    *head, last = key
    forms = {last}
    if last.isalpha():
        forms |= {last + "s", last + "es"}
        if last.endswith("s"):
            forms.add(last[:-1])
        if last.endswith("es"):
            forms.add(last[:-2])
        if last.endswith("ies"):
            forms.add(last[:-3] + "y")
        if last.endswith("y"):
            forms.add(last[:-1] + "ies")
    return {(*head, f) for f in forms if f}


def _query_tokens(query: str) -> Iterator[tuple[str, str]]:
    """Yield (kind, value) tokens of a PPS query: quoted, word, op, paren."""
    pos, query = 0, query.strip()
    while pos < len(query):
        m = _QUERY_TOKEN.match(query, pos)
        if not m or m.end() == pos:
            raise QueryError(f"unexpected text at {query[pos:]!r}")
        pos = m.end()
        if m["prox"]:
            raise QueryError("proximity search (~N) is not an exact phrase")
        if m["quoted"] is not None:
            yield "term", " ".join(m["quoted"].split())
        elif m["paren"]:
            yield "paren", m["paren"]
        elif m["word"] in ("AND", "OR", "NOT"):
            yield "op", m["word"]
        elif "*" in m["word"] or "?" in m["word"]:
            raise QueryError(f"wildcard {m['word']!r}")
        else:
            yield "word", m["word"]


def _merge_words(toks: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Join runs of unquoted words into one term ("business intelligence")."""
    out: list[tuple[str, str]] = []
    for kind, value in toks:
        if kind == "word" and out and out[-1][0] == "word":
            out[-1] = ("word", out[-1][1] + " " + value)
        else:
            out.append((kind, value))
    return [("term" if k == "word" else k, v) for k, v in out]


def _clause(toks: list[tuple[str, str]], i: int) -> tuple[list[str], int]:
    """Parse a term or a parenthesised OR group at *i*; return its terms and next index."""
    if i < len(toks) and toks[i][0] == "term":
        return [toks[i][1].lower()], i + 1
    if i >= len(toks) or toks[i] != ("paren", "("):
        raise QueryError("expected a phrase after an operator")
    terms, i = [], i + 1
    while True:
        if i >= len(toks) or toks[i][0] != "term":
            raise QueryError("expected a phrase inside parentheses")
        terms.append(toks[i][1].lower())
        i += 1
        if i < len(toks) and toks[i] == ("op", "OR"):
            i += 1
        elif i < len(toks) and toks[i] == ("paren", ")"):
            return terms, i + 1
        else:
            raise QueryError("only OR is understood inside parentheses")


def parse_query(query: str, phrase: str) -> dict[str, list[str]]:
    """Turn a PPS query for *phrase* into ``when`` conditions (doc_has / doc_lacks)."""
    toks = _merge_words(_query_tokens(query))
    if not toks or toks[0] != ("term", " ".join(phrase.split())):
        raise QueryError("query does not start with the tortured phrase")
    has: list[list[str]] = []
    lacks: list[str] = []
    i = 1
    while i < len(toks):
        kind, op = toks[i]
        if kind != "op" or op == "OR":
            raise QueryError(f"expected AND or NOT, found {op!r}")
        terms, i = _clause(toks, i + 1)
        if op == "AND":
            has.append(terms)
        else:
            lacks.extend(terms)
    if len(has) > 1:
        raise QueryError("several AND clauses must all hold, doc_has needs only one")
    when: dict[str, list[str]] = {}
    if has:
        when["doc_has"] = has[0]
    if lacks:
        when["doc_lacks"] = lacks
    return when


def _strip_groups(text: str, spun: str, pattern: str) -> tuple[str, list[str]]:
    """Remove bracket groups matching *pattern* that the spun form does not share."""
    removed: list[str] = []

    def drop(m: re.Match[str]) -> str:
        if m[0].lower() in spun.lower():
            return m[0]
        removed.append(m[0])
        return " "

    return re.sub(pattern, drop, text), removed


_LAST_GROUP = re.compile(r"(\([^()]*\))\s*$")
"""A bracket group that ends a spun form ("fake experiences (AI)")."""


def _is_acronym(group: str) -> bool:
    """True for "(BP)", "(R&D)", "(MFCCs)": an abbreviation with two or more capitals."""
    inner = group[1:-1]
    return bool(_ACRONYM.fullmatch(inner)) and sum(c.isupper() for c in inner) >= 2


def clean_original(raw: str, spun: str) -> tuple[str, list[str], list[str]]:
    """Make PPS's expected phrase a drop-in replacement: (original, reasons, notes).

    *reasons* make the entry ``report``; *notes* only document what was changed.
    """
    text = " ".join(raw.replace('\\"', '"').split())
    reasons: list[str] = []
    notes: list[str] = []
    if "?" in text:
        reasons.append(UNCERTAIN)
        text = text.replace("(?)", " ").replace("?", " ")
    if len(text) > 1 and text[0] == '"' and text[-1] == '"' and text.count('"') == 2:
        text = text[1:-1]
    text, brackets = _strip_groups(text, spun, r"\[[^\]]*\]")
    if any(b[1:-1].strip(" .…") == "" for b in brackets):
        reasons.append("expected phrase elides words [...]")
    elif brackets:
        notes.append("dropped editorial context " + " ".join(brackets))
    text, groups = _strip_groups(text, spun, r"\([^()]*\)")
    acronyms = [g for g in groups if _is_acronym(g)]
    if acronyms:
        notes.append("dropped acronym " + " ".join(acronyms))
    if any(g[1:-1].lower() in tokens(spun) for g in acronyms):
        reasons.append("spun form holds the acronym that the expected phrase puts in parentheses")
    if len(acronyms) < len(groups):
        reasons.append("expected phrase carries an annotation")
    text = re.sub(r"\s+([,.])", r"\1", " ".join(text.split())).strip(" ,")
    last = _LAST_GROUP.search(spun)
    if last and _is_acronym(last[1]) and any(c.isalnum() for c in text) and last[1].lower() not in text.lower():
        notes.append(f"kept the spun form's acronym {last[1]}, which the expected phrase leaves out")
        text = f"{text} {last[1]}"
    agreeing = _in_number_of(text, spun)
    if agreeing != text:
        notes.append(f"last word in the singular, as the spun form's ({agreeing.rpartition(' ')[2]!r})")
        text = agreeing
    article = _unmatched_article(text, spun)
    if article:
        notes.append(f"dropped the leading article {article!r} (the spun form has no word for it)")
        text = text[len(article) + 1:]
    reasons += _alternatives(text, spun)
    if text != " ".join(raw.split()):
        notes.append(f"PPS expected: {' '.join(raw.split())!r}")
    return text, reasons, notes


def _in_number_of(text: str, spun: str) -> str:
    """*text* with its last word in the singular where the last word of *spun* is a
    singular noun ("electronic wellbeing record" for "electronic health records", which
    a repair wrote after "an"): one whose plural is common English too, not a word that
    only looks singular ("after", "arbitrary"), and the singular common English (not
    "physic"). Left as it is where the last word may not be the head noun (a phrase
    with a preposition, an article or a conjunction: "Gaps in this Area of Study"), in a
    possessive or a list, after a number ("ten years"), in a fixed plural term ("least squares"),
    and the other way round (a plural spun form for a singular original, "venereal
    ailments" for "venereal disease": often a mass noun). Else *text*."""
    ranks = word_ranks()
    spun_words, words = spun.lower().split(), text.split()
    if len(words) < 2 or not spun_words:
        return text
    last, spun_last = words[-1], spun_words[-1]
    if (not (last.isalpha() and last.islower()) or last in _PLURAL_TERMS or any(c in text for c in "',/")
            or _FUNCTION_WORDS.intersection(spun_words + [w.lower() for w in words])
            or words[-2][:1].isdigit() or words[-2].lower() in _NUMBER_WORDS):
        return text
    spun_plural, other = plural(spun_last), singular(last)
    if singular(spun_last) is None and spun_plural in ranks and spun_last in ranks and other in ranks:
        return " ".join(words[:-1] + [other])
    return text


_FUNCTION_WORDS = frozenset("of in on to for at by from with into about over under between through a an the and or".split())
_PLURAL_TERMS = frozenset({"squares", "repeats"})  # "ordinary least squares", "... short palindromic repeats"
_NUMBER_WORDS = frozenset("two three four five six seven eight nine ten twelve twenty hundred thousand several many few".split())


def _unmatched_article(text: str, spun: str) -> str:
    """The article that starts *text* when the spun form has no word for it
    (it has fewer words and does not start with a determiner of its own: "cloud stage"
    for "the cloud platform"), so that a repair would double the article the running
    text has ("a the cloud platform", "the The Cancer Imaging Archive"); else "". "a
    priori" and the like are kept, and so is the article of an explanation."""
    m = _LEADING_ARTICLE.match(text)
    spun_words = tokens(spun)
    if (not m or not spun_words or spun_words[0] in _DETERMINERS or len(spun_words) >= len(tokens(text))
            or _EXPLANATION.search(text)):
        return ""
    return m.group(1)


def _alternatives(text: str, spun: str) -> list[str]:
    """Reasons why *text* is not one drop-in phrase for *spun*."""
    reasons = []
    low, spun_low = f" {text.lower()} ", f" {spun.lower()} "
    if text.count("/") > spun.count("/") or low.count(" or ") > spun_low.count(" or "):
        reasons.append("expected phrase offers alternatives")
    elif text.count(",") > spun.count(","):
        reasons.append("expected phrase lists alternatives or explains (comma)")
    if _EXPLANATION.search(text) and not _EXPLANATION.search(spun):
        reasons.append("expected phrase is an explanation, not a replacement")
    return reasons


def is_single_word(spun: str) -> bool:
    """True when *spun* is one word: no whitespace and no hyphen."""
    return len(spun.translate(_FOLD).split()) == 1


def candidate(row: dict[str, str], order: int) -> Candidate | str:
    """A candidate entry for one TSV row, or the reason it is dropped."""
    spun = " ".join(row["tortured_phrase"].split())
    if not spun or not row["expected_phrase"].strip():
        return EMPTY
    if len(spun.split()) > MAX_WORDS or len(spun) > MAX_CHARS:
        return f"spun longer than {MAX_WORDS} words or {MAX_CHARS} characters"
    original, reasons, notes = clean_original(row["expected_phrase"], spun)
    if not any(ch.isalnum() for ch in original):  # nothing, or a placeholder such as "-"
        return EMPTY
    if tokens(original) == tokens(spun):
        return "spun equals original"
    if tokens(original) in (("a",), ("an",), ("the",)):  # "associate within nursing" -> "an": a bad row
        return "original only an article"
    if row.get("expected_uncertain") == "yes" and UNCERTAIN not in reasons:
        reasons.insert(0, UNCERTAIN)
    cand = Candidate(spun, original, int(row["num_papers"] or 0), order, reasons=reasons, notes=notes)
    try:
        cand.when = parse_query(row["pps_query"], row["tortured_phrase"])
    except QueryError as err:
        cand.reasons.append(f"PPS query not parsed ({err}): {row['pps_query']}")
    return cand


def dedupe(cands: list[Candidate], dropped: Counter[str]) -> list[Candidate]:
    """Keep one candidate per spun form: the one found in more papers."""
    best: dict[tuple[str, ...], Candidate] = {}
    for cand in sorted(cands, key=lambda c: (-c.num_papers, c.order)):
        kept = best.setdefault(tokens(cand.spun), cand)
        if kept is cand:
            continue
        same = tokens(kept.original) == tokens(cand.original)
        dropped["duplicate spun form (same original)" if same else
                "duplicate spun form (different original, fewer papers)"] += 1
        if not same:
            print(f"duplicate: kept {kept.spun!r} -> {kept.original!r} ({kept.num_papers} papers), "
                  f"dropped -> {cand.original!r} ({cand.num_papers})", file=sys.stderr)
    return sorted(best.values(), key=lambda c: c.order)


def decide(cand: Candidate, clean_count: int | None, plain: dict[str, str]) -> None:
    """Set the safety of *cand* from its reasons, its form, clean-corpus evidence and
    the *plain* English phrases (phrase -> where it was seen)."""
    gate = "doc_has" in cand.when
    if not gate and is_single_word(cand.spun):
        cand.reasons.append("single word: ordinary English without a doc_has condition")
    elif not gate and clean_count:
        cand.reasons.append(f"occurs in clean English ({clean_count} times)")
    if cand.reasons:
        cand.safety = "report"
    elif (not gate and clean_count is None) or is_single_word(cand.spun):
        cand.safety = "gated"
    elif cand.spun.casefold() in plain:
        cand.notes.append(f"plain English too (seen in {plain[cand.spun.casefold()]}): applied only in spun documents")
        cand.safety = "gated"


def read_plain_english(path: Path = PLAIN_ENGLISH) -> dict[str, str]:
    """The reviewed list of tortured phrases that are plain English too: phrase
    (case-folded) -> where it was seen."""
    with path.open(encoding="utf-8", newline="") as f:
        lines = [line for line in f.read().splitlines() if line.strip() and not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return {row["phrase"].casefold(): row["seen in"] for row in rows}


def _ngrams(key: tuple[str, ...]) -> set[tuple[str, ...]]:
    """All contiguous sub-sequences of *key*."""
    return {key[i:j] for i in range(len(key)) for j in range(i + 1, len(key) + 1)}


def _chain(own: set[tuple[str, ...]], grams: set[tuple[str, ...]],
           spun_keys: dict[tuple[str, ...], str], original_grams: dict[tuple[str, ...], str]) -> str:
    """Why an entry (spun variants *own*, original n-grams *grams*) chains, or ""."""
    if own & grams:
        return "chain: original contains its own spun form"
    hit = next((spun_keys[g] for g in sorted(grams) if g in spun_keys), None)
    if hit:
        return f"chain: original contains the spun form of {hit!r}"
    hit = next((original_grams[k] for k in sorted(own) if k in original_grams), None)
    return f"chain: spun form occurs in the original of {hit!r}" if hit else ""


def break_chains(cands: list[Candidate]) -> int:
    """Report automatic entries whose original holds another's spun form (or vice versa).

    Entries are accepted in order of evidence (papers); a later one that would chain
    with an accepted one, or with itself, becomes ``report``. Returns how many.
    """
    spun_keys: dict[tuple[str, ...], str] = {}
    original_grams: dict[tuple[str, ...], str] = {}
    broken = 0
    for cand in sorted(cands, key=lambda c: (-c.num_papers, c.order)):
        if cand.safety == "report":
            continue
        own = variants(tokens(cand.spun))
        grams = _ngrams(tokens(cand.original))
        reason = _chain(own, grams, spun_keys, original_grams)
        if reason:
            cand.safety = "report"
            cand.reasons.append(reason + ": fix would not be idempotent")
            broken += 1
            continue
        spun_keys.update((k, cand.spun) for k in own)
        original_grams.update((g, cand.spun) for g in grams)
    return broken


def convert(rows: list[dict[str, str]], count: Counts | None, plain: dict[str, str] | None = None) -> Result:
    """Build glossary entries from TSV rows; *count* gives clean-corpus counts per spun
    form; *plain*: the plain English phrases (see :func:`read_plain_english`)."""
    dropped: Counter[str] = Counter()
    cands: list[Candidate] = []
    for order, row in enumerate(rows):
        made = candidate(row, order)
        if isinstance(made, str):
            dropped[made] += 1
        else:
            cands.append(made)
    cands = dedupe(cands, dropped)
    unconditioned = [c.spun for c in cands if "doc_has" not in c.when and not is_single_word(c.spun)]
    counts = count(unconditioned) if count else None
    for cand in cands:
        decide(cand, None if counts is None else counts.get(cand.spun, 0), plain or {})
    chains = break_chains(cands)
    if chains:
        print(f"chains: {chains} entries set to report", file=sys.stderr)
    cands.sort(key=lambda c: (c.spun.casefold(), c.spun, c.order))
    return Result(cands, dropped, len(rows))


def read_rows(path: Path) -> list[dict[str, str]]:
    """Read the PPS TSV (tab separated, no quoting)."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def clean_files(clean_dir: Path) -> list[Path]:
    """The clean-corpus files: every ``*.jsonl`` and ``*.txt`` under *clean_dir*, sorted."""
    return sorted(p for p in clean_dir.rglob("*") if p.is_file() and p.suffix in (".jsonl", ".txt"))


def clean_texts(files: list[Path]) -> Iterator[str]:
    """Documents of the clean corpus (JSONL ``text`` fields and plain-text files)."""
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".jsonl":
            yield from (json.loads(line)["text"] for line in text.splitlines() if line.strip())
        else:
            yield text


def count_phrases(texts: Iterable[str], phrases: list[str]) -> dict[str, int]:
    """Occurrences of each phrase (with its last word inflected) in *texts*."""
    keys = {p: variants(tokens(p)) for p in phrases}
    hits: Counter[tuple[str, ...]] = Counter({k: 0 for ks in keys.values() for k in ks})
    lengths: dict[str, set[int]] = {}
    for key in hits:
        lengths.setdefault(key[0], set()).add(len(key))
    for text in texts:
        toks = tokens(text)
        for i, tok in enumerate(toks):
            for n in lengths.get(tok, ()):
                key = toks[i:i + n]
                if key in hits:
                    hits[key] += 1
    return {p: sum(hits[k] for k in ks) for p, ks in keys.items()}


def clean_counter(files: list[Path]) -> Counts:
    """A counter of phrases in the clean-corpus *files*."""
    def count(phrases: list[str]) -> dict[str, int]:
        return count_phrases(clean_texts(files), phrases)
    return count


def digest(paths: list[Path], root: Path) -> str:
    """SHA-256 over the relative names and bytes of *paths*."""
    h = hashlib.sha256()
    for path in paths:
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def header(result: Result, tsv: Path, clean_dir: Path | None) -> str:
    """The comment block at the top of the generated YAML."""
    levels = Counter(c.safety for c in result.entries)
    corpus = "not scanned (no --clean-dir)"
    if clean_dir is not None:
        files = clean_files(clean_dir)
        corpus = f"{len(files)} files, sha256 {digest(files, clean_dir)}"
    command = CANONICAL_COMMAND + (CANONICAL_CLEAN if clean_dir else "") + CANONICAL_OUT
    dropped = ", ".join(f"{r}: {n}" for r, n in sorted(result.dropped.items())) or "none"
    lines = [
        "Tortured phrases from the Problematic Paper Screener (Cabanac, Labbé, Magazinov 2021,",
        "arXiv:2107.06751), via the MIT-licensed repository hahuyhoang411/tortured-phrase,",
        "data/tortured.csv, commit 00e3014.",
        "",
        "GENERATED by scripts/import_tortured_phrases.py: do not edit by hand; regenerate with",
        f"  {command}",
        f"options: {'--clean-dir' if clean_dir else '(none)'}",
        f"input: {tsv.name}, {result.rows} rows, sha256 {hashlib.sha256(tsv.read_bytes()).hexdigest()}",
        f"clean corpus: {corpus}",
        f"plain English list: {PLAIN_ENGLISH.name}, sha256 {hashlib.sha256(PLAIN_ENGLISH.read_bytes()).hexdigest()}",
        f"entries: {len(result.entries)} (safe {levels['safe']}, gated {levels['gated']}, "
        f"report {levels['report']})",
        f"dropped: {dropped}",
    ]
    return "".join(f"# {line}".rstrip() + "\n" for line in lines)


def render(result: Result, tsv: Path, clean_dir: Path | None) -> str:
    """The whole glossary file."""
    body = yaml.safe_dump({"version": 1, "entries": [c.to_yaml() for c in result.entries]},
                          sort_keys=False, allow_unicode=True, width=4096, default_flow_style=False)
    return header(result, tsv, clean_dir) + body


def summary(result: Result) -> str:
    """The stderr summary: rows read, entries by safety, drops and report reasons."""
    levels = Counter(c.safety for c in result.entries)
    why = Counter(r.split(" (")[0].split(":")[0] for c in result.entries for r in c.reasons)
    lines = [f"rows read: {result.rows}", f"entries written: {len(result.entries)}"]
    lines += [f"  {level}: {levels[level]}" for level in ("safe", "gated", "report")]
    lines += [f"dropped: {sum(result.dropped.values())}"]
    lines += [f"  {r}: {n}" for r, n in sorted(result.dropped.items())]
    lines += ["report reasons (an entry may have several):"]
    lines += [f"  {r}: {n}" for r, n in sorted(why.items(), key=lambda x: (-x[1], x[0]))]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("tsv", type=Path, help="tortured-phrases.tsv")
    parser.add_argument("-o", "--output", type=Path, required=True, help="glossary YAML to write")
    parser.add_argument("--clean-dir", type=Path, help="clean English corpus to check phrases against")
    args = parser.parse_args(argv)
    counter: Counts | None = None
    if args.clean_dir is not None:
        files = clean_files(args.clean_dir)
        if not files:
            parser.error(f"no .jsonl or .txt files under {args.clean_dir}")
        counter = clean_counter(files)
    result = convert(read_rows(args.tsv), counter, read_plain_english())
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(result, args.tsv, args.clean_dir), encoding="utf-8", newline="\n")
    print(summary(result), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
