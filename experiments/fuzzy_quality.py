"""How well the fuzzy layer (``fixer.fuzzy``) repairs typos, what it costs on clean text.

1. Recall on typos. A deterministic sample of the default glossary's spun forms,
   stratified by kind (name, phrase, tortured, word: an equal share each, what a kind
   lacks going to the others), each classed by fuzzy eligibility: *anchored* (a long
   safe form that the matcher indexes under at least one rare anchor), *long, no anchor*
   (15+ characters, several words, safe, not case-sensitive, but made of common words
   only) or *not eligible* (a single word, under 15 characters, gated, report-only or
   case-sensitive). Each form gets each typo kind the README names (a letter added, left
   out, changed, two neighbouring letters swapped, a word split, two words joined) at a
   random place of a random word of the form (every form), and for an anchored form also
   of a word of every anchor (breaks them all), of only one of its two anchors, and of
   none, where the form has such a word. The typo'd form goes into a neutral carrier
   sentence, with the spin gate forced open (``Fixer.with_config(force_gated=True)``, as
   ``fixer fix --spun``: gated entries render too). A typo is *restored* when ``fix``
   gives exactly what it gives for the untouched form in the same sentence (forms that
   ``fix`` leaves alone even untouched, for a context condition, are left out), *wrong*
   when it changes the sentence otherwise (of them: with a fuzzy repair among the
   changes; only in case or grammatical number). The same sentences with ``fuzzy=False``
   give the share that the exact matcher restores on its own. A second sample of
   anchored forms only (``--anchored``) gives the anchored columns more trials.
2. Precision on clean text: fuzzy repairs (``method == "fuzzy"`` in ``Fixer.scan``, the
   default configuration) per 100,000 words of the clean corpus; and of the same corpus
   with a typo (one of the six kinds, at random) in 1% of its words: there a fuzzy
   repair is false unless the span it repairs was, before the typos, a spun form of
   the glossary.
3. Cost: seconds of ``Fixer.fix`` over the clean corpus with ``fuzzy=True`` and
   ``fuzzy=False`` (best of ``--repeat`` runs; the only figures that vary from run to run).

Prints markdown tables; the same ``--seed`` gives the same figures (timings aside).

    python experiments/fuzzy_quality.py [--clean ../shared/data/clean] [--sample 1000] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import time
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from fixer import Fixer
from fixer.evaluate import TOKEN_RE
from fixer.fuzzy import _INNER_OK, MIN_CHARS
from fixer.text import fold_phrase

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from corpora import CLEAN, clean_documents  # the tests' reader of the clean corpus

KINDS = ("name", "phrase", "tortured", "word")
TYPOS = ("letter added", "letter left out", "letter changed", "neighbours swapped", "word split", "words joined")
ANCHORED, LONG, NOT = "anchored", "long, no anchor", "not eligible"
# where the typo is, for an anchored form: in a word of every anchor, of one of two, of none
IN_ALL, IN_ONE, ELSEWHERE, ANY = "in every anchor", "in one of two anchors", "outside anchors", "random word"
ALL = "all, random word"
CARRIER = "In the report we read that {} was mentioned once more."
LETTERS = string.ascii_lowercase


# ---------------------------------------------------------------- the sample


def eligibility(fixer: Fixer) -> tuple[dict[str, str], dict[str, list[set[str]]]]:
    """Each folded spun form's eligibility class, and the words of each anchor of the
    anchored ones (read from the fuzzy matcher the Fixer built)."""
    matcher = fixer._fuzzy
    if matcher is None:
        raise SystemExit("the Fixer was built with fuzzy=False")
    anchors: dict[str, list[set[str]]] = defaultdict(list)
    for gram, keys in matcher._by_anchor.items():
        for key, _ in keys:
            anchors[key].append(set(gram.split()))
    classes = {}
    for key, (variants, *_) in fixer._keys.items():
        long = (len(key) >= MIN_CHARS and " " in key
                and any(v.entry.safety == "safe" and not v.entry.case_sensitive for v in variants))
        classes[key] = ANCHORED if key in anchors else LONG if long else NOT
    return classes, dict(anchors)


def sample_forms(fixer: Fixer, size: int, rng: random.Random) -> list[tuple[str, str]]:
    """*size* (kind, spun form) pairs of the glossary, an equal share per kind (what a
    kind lacks going to the others), in a seeded order."""
    by_kind: dict[str, list[str]] = {k: [] for k in KINDS}
    for entry in fixer.glossary.entries:
        if entry.kind in by_kind:
            by_kind[entry.kind].extend(entry.spun)
    pools = {k: sorted(set(v)) for k, v in by_kind.items()}
    quota: dict[str, int] = {}
    left, kinds = size, sorted(KINDS, key=lambda k: len(pools[k]))
    for n, kind in enumerate(kinds):
        quota[kind] = min(len(pools[kind]), left // (len(kinds) - n))
        left -= quota[kind]
    return [(kind, form) for kind in KINDS for form in sorted(rng.sample(pools[kind], quota[kind]))]


# ---------------------------------------------------------------- typos


def _keep_case(old: str, new: str) -> str:
    """*new* in the case pattern of *old* where that is a capital first letter or all capitals."""
    if old[:1].isupper() and old[1:].islower():
        return new[:1].upper() + new[1:].lower()
    if old.isupper() and len(old) > 1:
        return new.upper()
    return new


def letter_typo(word: str, kind: str, rng: random.Random) -> str | None:
    """*word* with one typo of *kind* at a random place, or None where it cannot have one."""
    n = len(word)
    if kind == "letter added":
        i = rng.randrange(n + 1)
        new = word[:i] + rng.choice(LETTERS) + word[i:]
    elif kind == "letter left out":
        if n < 2:
            return None
        i = rng.randrange(n)
        new = word[:i] + word[i + 1:]
    elif kind == "letter changed":
        i = rng.randrange(n)
        new = word[:i] + rng.choice([c for c in LETTERS if c != word[i].lower()]) + word[i + 1:]
    elif kind == "neighbours swapped":
        places = [i for i in range(n - 1) if word[i].lower() != word[i + 1].lower()]
        if not places:
            return None
        i = rng.choice(places)
        new = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    elif kind == "word split":
        if n < 2:
            return None
        i = rng.randrange(1, n)
        return word[:i] + " " + word[i:]
    else:
        raise ValueError(kind)
    return _keep_case(word, new)


def _folded_words(token: str) -> set[str]:
    return set(fold_phrase(token).split())


def form_typos(form: str, cls: str, anchors: list[set[str]], rng: random.Random
               ) -> list[tuple[str, str, str]]:
    """(typo kind, place, typo'd form) for *form*: each kind once per place class that
    *form* has a word in (see the module docstring)."""
    tokens = form.split()
    out = []
    for kind in TYPOS:
        if kind == "words joined":
            units = [(i, i + 1) for i in range(len(tokens) - 1)]
        else:
            units = [(i, i) for i in range(len(tokens))]
        by_place: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for a, b in units:
            words = set().union(*(_folded_words(t) for t in tokens[a:b + 1]))
            by_place[ANY].append((a, b))
            if cls == ANCHORED:
                hit = sum(1 for gram in anchors if gram & words)
                by_place[IN_ALL if hit == len(anchors) else IN_ONE if hit else ELSEWHERE].append((a, b))
        for place in (IN_ALL, IN_ONE, ELSEWHERE, ANY):
            if place not in by_place:
                continue
            a, b = rng.choice(by_place[place])
            if kind == "words joined":
                typo: str | None = tokens[a] + tokens[b]
            else:
                typo = letter_typo(tokens[a], kind, rng)
            if typo is not None:
                out.append((kind, place, " ".join(tokens[:a] + [typo] + tokens[b + 1:])))
    return out


# ---------------------------------------------------------------- 1. recall


def _loose(text: str) -> list[str]:
    """*text*'s words in lower case, a final "s" taken off: two renderings that differ
    only in case or grammatical number read the same."""
    return [w.lower().removesuffix("s") for w in text.split()]


def measure(fixer: Fixer, sample: Sequence[tuple[str, str]], rng: random.Random
            ) -> tuple[dict[tuple[str, str], list[int]], Counter[tuple[str, str]], int]:
    """Trials of every typo of every form of *sample* in the carrier sentence, gate forced
    open: per (typo kind, column) [trials, restored, restored with fuzzy off, wrong,
    wrong with a fuzzy repair, wrong in case or number only]; the forms kept per
    (kind, eligibility); how many were left out (``fix`` leaves them alone untouched)."""
    classes, anchors = eligibility(fixer)
    spun = fixer.with_config(force_gated=True)
    exact = spun.with_config(fuzzy=False)
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * 6)
    kept: Counter[tuple[str, str]] = Counter()
    skipped = 0
    for kind, form in sample:
        sentence = CARRIER.format(form)
        target = spun.fix(sentence)
        if target == sentence:
            skipped += 1
            continue
        cls = classes.get(fold_phrase(form), NOT)
        kept[kind, cls] += 1
        for typo, place, typoed in form_typos(form, cls, anchors.get(fold_phrase(form), []), rng):
            text = CARRIER.format(typoed)
            got = spun.fix(text)
            restored = got == target
            wrong = not restored and got != text
            row = [1, restored, exact.fix(text) == target, wrong,
                   wrong and any(r.method == "fuzzy" and r.auto for r in spun.scan(text).repairs),
                   wrong and _loose(got) == _loose(target)]
            column = f"{cls}, {place}" if cls == ANCHORED else cls
            keys = [(typo, column), ("all kinds", column)]
            if place == ANY:  # the trials at a random word, of all forms
                keys += [(typo, ALL), ("all kinds", ALL)]
            for key in keys:
                counts[key] = [x + y for x, y in zip(counts[key], row)]
    return counts, kept, skipped


def recall_table(counts: dict[tuple[str, str], list[int]]) -> str:
    """Markdown table of :func:`measure`'s counts: restored (restored with fuzzy off) of
    trials per column, and the wrong ones."""
    columns = [c for c in [f"{ANCHORED}, {p}" for p in (IN_ALL, IN_ONE, ELSEWHERE, ANY)] + [LONG, NOT]
               if counts.get(("all kinds", c))]
    if any(c in columns for c in (LONG, NOT)):  # more than one class: their sum too
        columns.append(ALL)
    lines = ["| typo | " + " | ".join(columns) + " | wrong | wrong, fuzzy | wrong, case/number only |",
             "| --- |" + " ---: |" * (len(columns) + 3)]
    for typo in TYPOS + ("all kinds",):
        cells = []
        for col in columns:
            n, ok, ok_exact, *_ = counts.get((typo, col), [0] * 6)
            cells.append(f"{100 * ok / n:.1f}% ({100 * ok_exact / n:.1f}%) of {n}" if n else "n/a")
        n, _, _, *wrong = counts[(typo, ALL)]
        cells += [f"{100 * w / n:.1f}%" for w in wrong]
        lines.append(f"| {typo} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def recall(fixer: Fixer, size: int, anchored: int, seed: int) -> str:
    """The recall tables: the stratified sample, then one of anchored forms only."""
    rng = random.Random(seed)
    sample = sample_forms(fixer, size, rng)
    counts, kept, skipped = measure(fixer, sample, rng)
    by_kind = "; ".join(f"{k}: " + ", ".join(f"{kept[k, c]} {c}" for c in (ANCHORED, LONG, NOT) if kept[k, c])
                        for k in KINDS)
    out = [(f"**Recall on typos**: {len(sample)} spun forms stratified by kind (seed {seed}); {skipped} left out, "
           f"as `fix` leaves them alone untouched in the carrier sentence (context conditions); of the "
           f"{sum(kept.values())} kept: {by_kind}. Carrier: {CARRIER!r}, gate forced open. Cells: restored with "
           f"fuzzy on (with fuzzy off) of trials; *wrong* (of the random-word trials of all forms): changed, but "
           f"not into what the untouched form gives (of them: with a fuzzy repair among the changes; differing "
           f"only in case or grammatical number).\n"), recall_table(counts)]
    if anchored:
        classes, _ = eligibility(fixer)
        pool = sorted({(e.kind, f) for e in fixer.glossary.entries for f in e.spun
                       if classes.get(fold_phrase(f)) == ANCHORED})
        sample = sorted(rng.sample(pool, min(anchored, len(pool))))
        counts, kept, skipped = measure(fixer, sample, rng)
        out += [(f"\n**Anchored forms only**: {len(sample)} more, drawn from all {len(pool)} anchored spun forms as "
                f"the glossary writes them ({sum(kept.values())} kept, {skipped} left out); same cells.\n"), recall_table(counts)]
    return "\n".join(out)


def anchor_share(fixer: Fixer) -> str:
    """How many long safe forms the fuzzy matcher anchors."""
    classes, _ = eligibility(fixer)
    counted = Counter(classes.values())
    long = counted[ANCHORED] + counted[LONG]
    blocked = sum(1 for key, c in classes.items() if c == ANCHORED and not _INNER_OK.fullmatch(key))
    return (f"Long safe forms (folded spun forms and their other number, 15+ characters, several words, "
            f"safe, not case-sensitive): {long}; with an anchor: {counted[ANCHORED]} "
            f"({100 * counted[ANCHORED] / long:.1f}%), of which {blocked} hold a character other than a letter, "
            f"digit, apostrophe or space (\"(ems)\", \"u.n.\"), which no fuzzy window may hold.")


# ---------------------------------------------------------------- 2. precision


def inject_typos(text: str, rate: float, rng: random.Random) -> tuple[str, array, int]:
    """*text* with a typo of a random kind in about *rate* of its words, for each
    character of the result the index of the character of *text* it comes from, and
    the number of typos made."""
    out: list[str] = []
    where = array("l")
    pos = made = 0
    tokens = list(TOKEN_RE.finditer(text))
    skip_gap = -1  # the index of a token whose gap to the next token a join took out
    for n, m in enumerate(tokens):
        a, b = m.span()
        gap_start = pos
        if skip_gap == n - 1 and n:
            gap_start = a  # the space was joined away
        out.append(text[gap_start:a])
        where.extend(range(gap_start, a))
        word = m.group()
        new = None
        if rng.random() < rate:
            kind = rng.choice(TYPOS)
            if kind == "words joined":
                if n + 1 < len(tokens) and text[b:tokens[n + 1].start()] == " ":
                    skip_gap = n
                    made += 1
                    new = word
            else:
                new = letter_typo(word, kind, rng)
        if new is None or new == word:
            out.append(word)
            where.extend(range(a, b))
        else:
            made += 1
            out.append(new)
            # a typo'd word's characters map into the word, its last one to the word's last
            where.extend(min(a + i, b - 1) for i in range(len(new) - 1))
            where.append(b - 1)
        pos = b
    out.append(text[pos:])
    where.extend(range(pos, len(text)))
    return "".join(out), where, made


def precision(fixer: Fixer, docs: Sequence[tuple[str, str]], rate: float, seed: int) -> tuple[str, list[str]]:
    """The clean-text table and examples of false fuzzy repairs."""
    rng = random.Random(seed)
    keys = fixer._keys
    words = fuzzy_clean = fuzzy_typo = true_typo = typos_made = 0
    examples: list[str] = []
    for name, text in docs:
        words += sum(1 for _ in TOKEN_RE.finditer(text))
        fuzzy_clean += sum(r.method == "fuzzy" for r in fixer.scan(text).repairs)
        typoed, where, made = inject_typos(text, rate, rng)
        typos_made += made
        for r in fixer.scan(typoed).repairs:
            if r.method != "fuzzy":
                continue
            before = text[where[r.start]:where[r.end - 1] + 1]
            if fold_phrase(before) in keys:
                true_typo += 1
            else:
                fuzzy_typo += 1
                if len(examples) < 5:
                    examples.append(f"{name}: {typoed[r.start:r.end]!r} (was {before!r}) -> {r.replacement!r}")
    per = 100_000 / words
    lines = ["| text | words | fuzzy repairs | false | false per 100k words |", "| --- | ---: | ---: | ---: | ---: |",
             f"| clean corpus | {words:,} | {fuzzy_clean} | {fuzzy_clean} | {fuzzy_clean * per:.2f} |",
             (f"| same, {typos_made:,} typos ({100 * rate:g}% of words) | {words:,} | {fuzzy_typo + true_typo} | {fuzzy_typo} "
             f"| {fuzzy_typo * per:.2f} |")]
    return "\n".join(lines), examples


# ---------------------------------------------------------------- 3. cost


def cost(fixer: Fixer, docs: Sequence[tuple[str, str]], repeat: int) -> str:
    """Seconds of fix over *docs* with and without the fuzzy layer."""
    setups = (("fuzzy=True", fixer), ("fuzzy=False", fixer.with_config(fuzzy=False)))
    best = [float("inf")] * len(setups)
    for _ in range(repeat):  # interleaved, so that a slow spell of the machine hits both
        for n, (_, f) in enumerate(setups):
            t0 = time.perf_counter()
            for _, text in docs:
                f.fix(text)
            best[n] = min(best[n], time.perf_counter() - t0)
    rows = [(label, b) for (label, _), b in zip(setups, best)]
    base = rows[1][1]
    return "\n".join([f"| `Fixer.fix` on the clean corpus | seconds (best of {repeat}) | vs fuzzy=False |",
                      "| --- | ---: | ---: |"] + [f"| {label} | {s:.2f} | {s / base:.2f}x |" for label, s in rows])


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clean", type=Path, default=CLEAN, help="folder of clean documents (.txt, .jsonl)")
    parser.add_argument("--sample", type=int, default=1000, help="spun forms to put typos in")
    parser.add_argument("--anchored", type=int, default=1000, help="more forms, anchored ones only (0: none)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=float, default=0.01, help="share of clean words given a typo")
    parser.add_argument("--repeat", type=int, default=5, help="timing runs (0: no timing)")
    args = parser.parse_args(None if argv is None else list(argv))
    fixer = Fixer.from_files()
    print(anchor_share(fixer) + "\n")
    print(recall(fixer, args.sample, args.anchored, args.seed) + "\n", flush=True)
    docs = list(clean_documents(args.clean))
    if not docs:
        raise SystemExit(f"no clean documents under {args.clean}")
    table, examples = precision(fixer, docs, args.rate, args.seed)
    print("**Fuzzy repairs on clean text** (default configuration)\n\n" + table + "\n", flush=True)
    if examples:
        print("False fuzzy repairs, first ones:\n" + "\n".join(f"- {e}" for e in examples) + "\n")
    if args.repeat:
        print("**Cost**\n\n" + cost(fixer, docs, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
