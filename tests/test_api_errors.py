"""The public API refuses wrong arguments with a clear TypeError/ValueError naming what
was passed, and takes a single string where a list of phrases or paths is expected.

Two tables: ERRORS, ``(label, call, exception type, message fragment)``, and SAME,
``(label, call, call that must give the same result)``.
"""

from __future__ import annotations

import decimal
import io
import os
import pickle
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

import pytest

import fixer
import fixer.evaluate
import fixer.learn
import fixer.pairs
from fixer.batch import Job
from fixer.formats.html import fix_html
from fixer.formats.jsonl import fix_lines
from fixer.glossary import Conditions
from fixer.glossary_stats import check_examples, explain_phrase, glossary_stats
from fixer.stream import read_segments, segments
from fixer import Config, Fixer, GlossaryError, cache, load_glossaries

REPO = Path(__file__).resolve().parents[1]
SYNTHETIC = REPO / "tests" / "glossaries" / "synthetic.yaml"
OVERRIDE = REPO / "tests" / "glossaries" / "override.yaml"
SPUN = "The cobalt wagon was parked by the fuel depot."  # two safe entries of synthetic.yaml
NEWS = "The White Home stated the energy crops were hit."  # default glossary
FX = Fixer.from_files([SYNTHETIC], default=False)
NAN = float("nan")


class _Reader:
    """A stream of no io class: ``read()`` gives *chunk*."""

    def __init__(self, chunk: object) -> None:
        self.chunk = chunk

    def read(self, size: int = -1) -> object:
        return self.chunk


def _repair(**fields: Any) -> fixer.Repair:
    """The first repair of a scan of SPUN, with *fields* changed."""
    return FX.scan(SPUN).repairs[0]._replace(**fields)

ERRORS: list[tuple[str, Callable[[], Any], type[BaseException], str]] = [
    # repairs that do not belong to the text
    ("apply_repairs: overlapping", lambda: fixer.apply_repairs("x White Home", FX.scan("x cobalt wagon").repairs * 2),
     ValueError, "overlaps another or lies outside the text"),
    ("apply_repairs: outside", lambda: fixer.apply_repairs("x", FX.scan("x cobalt wagon").repairs), ValueError,
     "lies outside the text of 1 character"),
    # fields of another type crashed in slicing or joining, or were taken (True as offset 1, "no" as auto)
    ("apply_repairs: a float offset", lambda: fixer.apply_repairs(SPUN, [_repair(start=4.0)]), TypeError,
     "Repair.start must be int, not 4.0 (float)"),
    ("apply_repairs: a bool offset", lambda: fixer.apply_repairs(SPUN, [_repair(end=True)]), TypeError,
     "Repair.end must be int, not True (bool)"),
    ("apply_repairs: a replacement not str", lambda: fixer.apply_repairs(SPUN, [_repair(replacement=5)]), TypeError,
     "Repair.replacement must be str, not 5 (int)"),
    ("apply_repairs: auto a str", lambda: fixer.apply_repairs(SPUN, [_repair(auto="no")]), TypeError,
     "Repair.auto must be bool, not 'no' (str)"),
    ("apply_repairs: an empty span", lambda: fixer.apply_repairs(SPUN, [_repair(end=4, spun="")]), ValueError,
     "repair 4-4 ('') spans no text"),
    # a glossary made in code is checked as the loader checks a file (a str spun form was
    # read letter by letter, an unknown safety never applied, two originals were taken)
    ("Entry: a blank spun form", lambda: fixer.Entry(spun=("a", " "), original="x"), ValueError,
     "Entry.spun must hold at least one form, none empty or blank, not ('a', ' ') (tuple)"),
    ("Entry: an empty spun form", lambda: fixer.Entry(spun="", original="x"), ValueError, "Entry.spun must hold"),
    ("Entry: no spun form", lambda: fixer.Entry(spun=(), original="x"), ValueError,
     "Entry.spun must hold at least one form, none empty or blank, not () (tuple)"),
    ("Entry: a spun form of another type", lambda: fixer.Entry(spun=("a", 3), original="x"), TypeError,
     "Entry.spun must be a spun form or a tuple of them (str), not ('a', 3) (tuple)"),
    ("Entry: original None", lambda: fixer.Entry(spun="a b", original=None), TypeError,
     "Entry.original must be str, not None (NoneType)"),
    # an empty original built a Fixer that failed with IndexError on the first text; a dict
    # for when failed later with AttributeError
    ("Entry: empty original", lambda: fixer.Entry(spun="purple banana", original=""), ValueError,
     "Entry.original must not be empty or blank, not '' (str)"),
    ("Entry: a spun form without letters", lambda: fixer.Entry(spun="!!!", original="x"), ValueError,
     "Entry: spun form '!!!' has no letters or digits"),
    # the loader's other rules, which an entry made in code passed and a Fixer then built on
    ("Entry: a spun form too long", lambda: fixer.Entry(spun="a b c d e f g h i j k l m", original="x"), ValueError,
     "Entry: spun form 'a b c d e f g h i j k l m'... is longer than 12 words or 200 characters"),
    ("Entry: spun form is the original", lambda: fixer.Entry(spun="War", original="war"), ValueError,
     "Entry: spun form 'War' is the same as its original"),
    ("Entry: an alternative is the spun form", lambda: fixer.Entry(spun="help", original="support", alternatives=("Help",)),
     ValueError, "Entry: alternative 'Help' is the same as the spun form 'help'"),
    ("Entry: alternatives not strings", lambda: fixer.Entry(spun="help", original="support", alternatives=(1,)),
     TypeError, "Entry.alternatives must hold originals only, not 1 (int)"),
    ("Entry: doc_lacks held by every form", lambda: fixer.Entry(spun="foo bar", original="qq",
                                                                when=Conditions(doc_lacks=("Foo",))), ValueError,
     "Entry: 'when.doc_lacks' value 'foo' is in every spun form of the entry"),
    ("Conditions: prev of two words", lambda: Conditions(prev=frozenset({"cease fire"})), ValueError,
     "Conditions: 'when.prev' value 'cease fire' is more than one word, but 'prev' compares the one word before"),
    ("Conditions: next not a word", lambda: Conditions(next="!"), ValueError,
     "Conditions: 'when.next' value '!' is not a word"),
    ("Conditions: a contradiction", lambda: Conditions(prev="a", not_prev=["A"]), ValueError,
     "Conditions: 'a' is in both 'when.prev' and 'when.not_prev', which contradict each other there"),
    ("Entry: an original of invisible characters", lambda: fixer.Entry(spun="a b", original="\u200b"), ValueError,
     "Entry: original '\\u200b' would erase the phrase (it holds only hyphens, spaces or invisible characters)"),
    ("Conditions: a blank document phrase", lambda: Conditions(doc_has=("  ",)), ValueError,
     "Conditions: 'when.doc_has' holds an empty value '  '"),
    ("Conditions: a number", lambda: Conditions(next=3), TypeError,
     "Conditions.next must be a string or a collection of them, not 3 (int)"),
    ("Entry: when a dict", lambda: fixer.Entry(spun="a b", original="c", when={"prev": ["x"]}), TypeError,
     "Entry.when must be a fixer.glossary.Conditions, not {'prev': ['x']} (dict)"),
    ("Entry: inflect a str", lambda: fixer.Entry(spun="a b", original="c", inflect="no"), TypeError,
     "Entry.inflect must be a bool, not 'no' (str)"),
    ("Entry: a blank alternative", lambda: fixer.Entry(spun="help", original="support", alternatives=("aid", " ")),
     ValueError, "Entry.alternatives must not be empty or blank, not ('aid', ' ') (tuple)"),
    ("Entry: note None", lambda: fixer.Entry(spun="a b", original="c", note=None), TypeError,
     "Entry.note must be str, not None (NoneType)"),
    ("Entry: source a number", lambda: fixer.Entry(spun="a b", original="c", source=5), TypeError,
     "Entry.source must be str, not 5 (int)"),
    ("Entry: examples of three", lambda: fixer.Entry(spun="a b", original="c", examples=[("a b", "c", "x")]), TypeError,
     "Entry.examples must be (spun, original) pairs of str"),
    ("Entry: negative numbers", lambda: fixer.Entry(spun="a b", original="c", negative=[1]), TypeError,
     "Entry.negative must hold sentences only, not 1 (int)"),
    ("Conditions: a document phrase of punctuation", lambda: Conditions(doc_lacks=("!",)), ValueError,
     "Conditions: 'when.doc_lacks' holds a value without letters or digits '!'"),
    ("Entry: case_sensitive a str", lambda: fixer.Entry(spun="a b", original="c", case_sensitive="yes"), TypeError,
     "Entry.case_sensitive must be a bool, not 'yes' (str)"),
    ("Entry: unknown safety", lambda: fixer.Entry(spun="a b", original="c", safety="bogus"), ValueError,
     "Entry.safety must be one of safe, gated, report, not 'bogus' (str)"),
    ("Entry: unknown kind", lambda: fixer.Entry(spun="a b", original="c", kind="noun"), ValueError,
     "Entry.kind must be one of name, phrase, word, grammar, tortured, not 'noun' (str)"),
    ("Glossary: not entries", lambda: fixer.Glossary(("White Home",)), TypeError,
     "Glossary.entries must be a tuple of Entry records, not ('White Home',) (tuple)"),
    ("Fixer: one spun form, two originals", lambda: Fixer(fixer.Glossary((
        fixer.Entry(spun="White Home", original="White House"), fixer.Entry(spun="white home", original="Casa Blanca")))),
     fixer.GlossaryError, "spun form 'white home' already maps to 'White House'"),
    # inside the text, but not at the spun text: spliced in, they made "NothWhite House..."
    ("apply_repairs: another text's", lambda: fixer.apply_repairs("Nothing here is spun at all.",
                                                                  FX.scan("The cobalt wagon left.").repairs),
     ValueError, "repair 4-16 ('cobalt wagon') finds 'ing here is ' there: a repair from a scan of another text"),
    ("Config: huge cutoff", lambda: fixer.Config(fuzzy_cutoff=10 ** 400), ValueError, "Config.fuzzy_cutoff"),
    ("Config: huge density", lambda: fixer.Config(gate_min_density=-10 ** 400), ValueError, "Config.gate_min_density"),
    ("combined_spin_score: not a ScanResult", lambda: fixer.combined_spin_score([None]), TypeError,
     "results must hold ScanResults (from Fixer.scan) only, not None (NoneType)"),
    ("combined_spin_score: a str", lambda: fixer.combined_spin_score("x"), TypeError,
     "results must be a ScanResult or a collection of them, not 'x' (str)"),
    ("apply_repairs: not a Repair", lambda: fixer.apply_repairs("abc", [1]), TypeError,
     "repairs must hold Repair records (from Fixer.scan) only, not 1 (int)"),
    ("apply_repairs: text None", lambda: fixer.apply_repairs(None, []), TypeError, "text must be str, not NoneType"),
    ("apply_repairs: bytes text", lambda: fixer.apply_repairs(b"abc", []), TypeError, "text must be str, not bytes (decode it first"),
    ("apply_repairs: repairs None", lambda: fixer.apply_repairs("abc", None), TypeError,
     "repairs must be a Repair record (from Fixer.scan) or a collection of them, not None (NoneType)"),
    ("apply_repairs: repairs a str", lambda: fixer.apply_repairs("abc", "abc"), TypeError,
     "repairs must be a Repair record (from Fixer.scan) or a collection of them, not 'abc' (str)"),
    ("fix_lines: no Fixer", lambda: list(fix_lines(["{}"], "text", None)), TypeError, "fixer must be a Fixer, not NoneType"),
    ("fix_lines: lines None", lambda: list(fix_lines(None, "text", FX)), TypeError,
     "lines must be JSON Lines (str) or a collection of them, not None (NoneType)"),
    ("fix_lines: bytes lines", lambda: list(fix_lines([b'{"text": "x"}'], "text", FX)), TypeError,
     "lines must hold lines (str) only, not b'{\"text\": \"x\"}' (bytes)"),
    # enumerate's own TypeError ("'str' object cannot be interpreted as an integer"); a negative number was taken
    ("fix_lines: first_number a str", lambda: list(fix_lines(["{}"], "text", FX, first_number="a")), TypeError,
     "first_number must be an int, not 'a' (str)"),
    ("fix_lines: first_number negative", lambda: list(fix_lines(["{}"], "text", FX, first_number=-1)), ValueError,
     "first_number must be at least 1 (lines are numbered from 1), not -1"),
    ("scan_records: first_number 0", lambda: list(fixer.formats.jsonl.scan_records(["{}"], "text", FX, first_number=0)),
     ValueError, "first_number must be at least 1"),
    ("fix_lines: first_number a bool", lambda: list(fix_lines(["{}"], "text", FX, first_number=True)), TypeError,
     "first_number must be an int, not True (bool)"),
    ("fix_html: no Fixer", lambda: fix_html(None, "<p>x</p>"), TypeError, "fixer must be a Fixer, not NoneType"),
    ("check_examples: no Fixer", lambda: check_examples(None), TypeError, "fixer must be a Fixer, not NoneType"),
    ("check_examples: entries a str", lambda: check_examples(FX, "abc"), TypeError,
     "entries must be an Entry or a collection of them, not 'abc' (str)"),
    ("check_examples: not an Entry", lambda: check_examples(FX, [1]), TypeError, "entries must hold Entry records"),
    ("fix_html: bytes page", lambda: fix_html(FX, b"<p>x</p>"), TypeError, "page must be str, not bytes"),
    ("Job: unknown mode", lambda: Job("x.txt", mode="xml"), ValueError, "Job.mode must be one of text, html, jsonl"),
    ("Job: unknown errors", lambda: Job("x.txt", errors="ignore"), ValueError, "Job.errors must be one of"),
    ("Job: path None", lambda: Job(None), TypeError, "Job.path must be a str, not NoneType"),  # type: ignore[arg-type]
    ("Job: path bytes", lambda: Job(b"x.txt"), TypeError, "Job.path must be a str, not bytes"),  # type: ignore[arg-type]
    ("Job: fields a number", lambda: Job("x.txt", fields=5), TypeError,  # type: ignore[arg-type]
     "Job.fields must be a field name (str) or a collection of them, not 5 (int)"),
    ("Job: a field a number", lambda: Job("x.txt", fields=["text", 2]), TypeError,  # type: ignore[list-item]
     "Job.fields must hold field names (str) only, not 2 (int)"),
    # a Job was made with these, and failed while it ran (no field), or did what was not asked ("false")
    ("Job: no field", lambda: Job("x.jsonl", mode="jsonl", fields=[]), ValueError,
     "Job.fields names no field to repair: name at least one (the default is text)"),
    ("Job: a malformed pointer", lambda: Job("x.jsonl", mode="jsonl", fields=["/a/~2"]), ValueError, "/a/~2"),
    ("Job: in_place a string", lambda: Job("x.txt", destination="x.txt", in_place="false"), TypeError,  # type: ignore[arg-type]
     "Job.in_place must be True or False, not 'false' (str)"),
    ("Job: skip_bad a number", lambda: Job("x.txt", skip_bad=1), TypeError,  # type: ignore[arg-type]
     "Job.skip_bad must be True or False, not 1 (int)"),
    ("Job: explain None", lambda: Job("x.txt", explain=None), TypeError,  # type: ignore[arg-type]
     "Job.explain must be True or False, not None"),
    ("Job: stream a string", lambda: Job("x.txt", stream="no"), TypeError,  # type: ignore[arg-type]
     "Job.stream must be True or False, not 'no' (str)"),
    ("Job: not a text encoding", lambda: Job("x.txt", encoding="rot13"), ValueError, "'rot13' is not a text encoding"),
    ("Job: unknown encoding", lambda: Job("x.txt", encoding="bogus"), ValueError, "unknown encoding 'bogus'"),
    ("Job: destination a number", lambda: Job("x.txt", destination=3), TypeError,  # type: ignore[arg-type]
     "Job.destination must be a str or None, not int"),
    ("fix_lines: unknown encoding, before any line", lambda: next(fix_lines(['{"t": "x"}\n'], "t", FX, encoding="no-such")),
     ValueError, "unknown encoding 'no-such'"),
    ("fix_lines: unknown errors handler", lambda: next(fix_lines(['{"t": "x"}\n'], "t", FX, errors="bogus")),
     ValueError, "unknown errors 'bogus'"),
    ("fix_lines: field name not a str", lambda: list(fix_lines(["{}"], [1], FX)), TypeError,
     "fields must hold field names (str) only, not 1 (int)"),
    ("fix_lines: fields an int", lambda: list(fix_lines(["{}"], 3, FX)), TypeError,
     "fields must be a field name (str) or a collection of them, not 3 (int)"),
    ("fix_lines: fields bytes", lambda: list(fix_lines(["{}"], b"text", FX)), TypeError,
     "fields must be a field name (str) or a collection of them"),
    # no field at all: every record came back unrepaired, without a word
    ("fix_lines: no field", lambda: list(fix_lines(['{"text": "White Home"}\n'], [], FX)), ValueError,
     "fields names no field to repair"),
    ("scan_records: no field", lambda: list(fixer.formats.jsonl.scan_records(['{"text": "x"}\n'], (), FX)), ValueError,
     "fields names no field to repair"),
    # a Fixer is immutable; arguments of the wrong kind
    ("Fixer: set an attribute", lambda: setattr(FX, "config", Config(gate=False)), AttributeError,
     "Fixer is immutable: cannot set 'config'"),
    ("Fixer: delete an attribute", lambda: delattr(FX, "glossary"), AttributeError, "Fixer is immutable"),
    # compiled, a subclass failed at its first call ("fixer.repair.Fixer object expected"), pure Python it worked
    ("Fixer: a subclass", lambda: type("Mine", (Fixer,), {}), TypeError, "Mine: fixer.Fixer cannot be subclassed"),
    ("from_files: default not a bool", lambda: Fixer.from_files(default="no"), TypeError,
     "default must be True or False, not 'no' (str)"),
    ("load_glossaries: default not a bool", lambda: load_glossaries(default=None), TypeError,
     "default must be True or False, not None (NoneType)"),
    ("chains: a str", lambda: list(FX.chains("White House")), TypeError,
     "entries must be an Entry or a collection of them, not 'White House' (str)"),
    ("evaluate: a str", lambda: fixer.evaluate.evaluate("x", FX.fix), TypeError,
     "pairs must be a Pair (fixer.pairs.Pair) or a collection of them, not 'x' (str)"),
    ("clean_edits: a list of bytes", lambda: fixer.evaluate.clean_edits([b"x"], FX.fix), TypeError,
     "texts must hold texts (str) only, not b'x' (bytes)"),
    ("learn: min_count a str", lambda: fixer.learn.learn([], min_count="2"), TypeError,
     "min_count must be an int, not '2' (str)"),
    ("learn: merge_gap negative", lambda: fixer.learn.learn([], merge_gap=-1), ValueError,
     "merge_gap must be at least 0, not -1"),
    ("learn: base a path", lambda: fixer.learn.learn([], base="glossary.yaml"), TypeError,
     "base must be a Glossary (e.g. fixer.load_glossaries()) or None, not 'glossary.yaml' (str)"),
    ("write_glossary: not a LearnResult", lambda: fixer.learn.write_glossary("x", "out.yaml"), TypeError,
     "result must be a LearnResult (from fixer.learn.learn), not 'x' (str)"),
    ("evaluate: a Fixer for fix", lambda: fixer.evaluate.evaluate([], FX), TypeError,
     "fix must be a function from str to str, such as fixer.fix or Fixer(...).fix, not"),
    ("evaluate: a Fixer for fix, told its method", lambda: fixer.evaluate.evaluate([], FX), TypeError,
     "(Fixer) (pass its .fix method)"),
    ("clean_edits: None for fix", lambda: fixer.evaluate.clean_edits(["a"], None), TypeError,
     "fix must be a function from str to str, such as fixer.fix or Fixer(...).fix, not None (NoneType)"),
    # 1. a text that is not a str
    ("fix: bytes", lambda: fixer.fix(b"White Home"), TypeError, "text must be str, not bytes (decode it first"),
    ("fix: bytearray", lambda: fixer.fix(bytearray(b"x")), TypeError, "text must be str, not bytearray"),
    ("fix: None", lambda: fixer.fix(None), TypeError, "text must be str, not NoneType"),
    ("scan: list", lambda: fixer.scan(["a"]), TypeError, "text must be str, not list"),
    ("scan: bytes", lambda: fixer.scan(b"a"), TypeError, "text must be str, not bytes"),
    ("Fixer.fix: bytes", lambda: FX.fix(b"cobalt wagon"), TypeError, "text must be str, not bytes"),
    ("Fixer.fix: int", lambda: FX.fix(3), TypeError, "text must be str, not int"),
    ("Fixer.scan: None", lambda: FX.scan(None), TypeError, "text must be str, not NoneType"),
    ("Fixer.fix_and_scan: bytes", lambda: FX.fix_and_scan(b"x"), TypeError, "text must be str, not bytes"),
    ("Fixer.fix_many: bytes item", lambda: list(FX.fix_many(["ok", b"x"])), TypeError, "text must be str, not bytes"),
    ("Fixer.fix_many: one str", lambda: FX.fix_many("cobalt wagon"), TypeError, "not one str"),
    ("Fixer.fix_many: None", lambda: FX.fix_many(None), TypeError, "texts must be an iterable of str, not NoneType"),
    # 2. paths that are not a path or a list of paths
    ("from_files: None", lambda: Fixer.from_files(None), TypeError, "paths must be a glossary path"),
    # Path("") is the current folder: ".: is a directory, not a glossary file"
    ("from_files: an empty path", lambda: Fixer.from_files(""), ValueError, "paths holds an empty glossary path"),
    ("load_glossaries: an empty path among others", lambda: fixer.load_glossaries(["a.yaml", ""]), ValueError,
     "paths holds an empty glossary path"),
    ("from_files: bytes", lambda: Fixer.from_files(b"g.yaml"), TypeError, "paths must be a glossary path"),
    ("from_files: int item", lambda: Fixer.from_files([SYNTHETIC, 3]), TypeError, "paths must hold glossary paths"),
    ("from_files: one missing str", lambda: Fixer.from_files(str(REPO / "nope.yaml"), default=False),
     GlossaryError, "nope.yaml"),
    ("load_glossaries: None", lambda: load_glossaries(None), TypeError, "paths must be a glossary path"),
    # load_glossary, include_overrides and read_pairs gave os.fspath's message (which asks
    # for bytes, then refused) or an AttributeError
    ("load_glossary: an int", lambda: fixer.load_glossary(123), TypeError,
     "path must be a path (str or os.PathLike), not 123 (int)"),
    ("load_glossary: bytes", lambda: fixer.load_glossary(bytes(SYNTHETIC)), TypeError, "path must be a path"),
    ("load_glossary: a list", lambda: fixer.load_glossary([SYNTHETIC]), TypeError, "path must be a path"),
    ("load_glossary: overrides not a list", lambda: fixer.load_glossary(SYNTHETIC, overrides="x"), TypeError,
     "overrides must be a list (the messages are added to it) or None, not 'x' (str)"),
    ("include_overrides: an int", lambda: fixer.glossary.include_overrides(5), TypeError, "path must be a path"),
    ("read_pairs: an int", lambda: fixer.pairs.read_pairs(5), TypeError,
     "spun must be a path (str or os.PathLike), not 5 (int)"),
    ("read_pairs: original an int", lambda: fixer.pairs.read_pairs(SYNTHETIC, 3), TypeError,
     "original must be a path (str or os.PathLike), not 3 (int)"),
    ("load_glossaries: one missing str", lambda: load_glossaries(str(REPO / "nope.yaml"), default=False),
     GlossaryError, "nope.yaml"),
    # 4. a glossary or config of the wrong type
    ("Fixer: None", lambda: Fixer(None), TypeError, "glossary must be a Glossary, e.g. fixer.load_glossaries()"),
    ("Fixer: a path", lambda: Fixer(str(SYNTHETIC)), TypeError, "use Fixer.from_files"),
    ("Fixer: config dict", lambda: Fixer(FX.glossary, {"fuzzy": False}), TypeError, "config must be a fixer.Config"),
    ("from_files: config dict", lambda: Fixer.from_files([SYNTHETIC], default=False, config={}),
     TypeError, "config must be a fixer.Config"),
    ("fix: config dict", lambda: fixer.fix(NEWS, {"fuzzy": False}), TypeError, "config must be a fixer.Config"),
    ("fix: empty config dict", lambda: fixer.fix(NEWS, config={}), TypeError, "config must be a fixer.Config"),
    # 5. streams
    ("fix_stream: None source", lambda: FX.fix_stream(None, io.StringIO()), TypeError, "source must be a text stream"),
    ("fix_stream: None sink", lambda: FX.fix_stream(io.StringIO(SPUN), None), TypeError, "sink must be a text stream"),
    ("fix_stream: binary source", lambda: FX.fix_stream(io.BytesIO(b"x"), io.StringIO()), TypeError,
     "source is a binary stream"),
    ("fix_stream: binary sink", lambda: FX.fix_stream(io.StringIO(SPUN), io.BytesIO()), TypeError,
     "sink is a binary stream"),
    # a stream of no io class whose read() gives bytes (or None): a TypeError from deep inside
    ("fix_stream: a reader of bytes", lambda: FX.fix_stream(_Reader(b"x"), io.StringIO()), TypeError,
     "the stream's read() gave bytes, not str"),
    ("fix_stream: a reader of None", lambda: FX.fix_stream(_Reader(None), io.StringIO()), TypeError,
     "the stream's read() gave NoneType, not str"),
    # the advice opened files that turn CRLF into LF
    ("fix_stream: binary source, advice", lambda: FX.fix_stream(io.BytesIO(b"x"), io.StringIO()), TypeError,
     "open(path, encoding='utf-8', newline='')"),
    # a limit under 1 made segments() give empty segments without end, read_chars 0 no text at all
    ("segments: limit 0", lambda: list(segments(SPUN, 0)), ValueError, "limit must be 1 or more, not 0"),
    ("segments: limit a str", lambda: list(segments(SPUN, "9")), TypeError, "limit must be an int, not '9' (str)"),
    ("read_segments: read_chars 0", lambda: list(read_segments(io.StringIO(SPUN), read_chars=0)), ValueError,
     "read_chars must be 1 or more, not 0"),
    ("read_segments: limit negative", lambda: list(read_segments(io.StringIO(SPUN), -3)), ValueError,
     "limit must be 1 or more, not -3"),
    # where the order decides (later glossaries win, fields in order), a set's order changed from run to run
    ("from_files: a set of paths", lambda: Fixer.from_files({str(SYNTHETIC), str(OVERRIDE)}, default=False), TypeError,
     "paths must be a glossary path (str or os.PathLike) or a list or tuple of them (their order matters, and a "
     "set's changes from run to run), not"),
    ("load_glossaries: a frozenset", lambda: load_glossaries(frozenset({SYNTHETIC})), TypeError,
     "or a list or tuple of them (their order matters"),
    ("fix_lines: a set of fields", lambda: list(fix_lines(['{"a": "x", "b": "y"}'], {"a", "b"}, FX)), TypeError,
     "fields must be a field name (str) or a list or tuple of them (their order matters"),
    # a tab in a form matched only tab-separated text; a file or line of another type showed in Repair.source
    ("Entry: a tab in a spun form", lambda: fixer.Entry("a\tb", "c"), ValueError,
     "spun form 'a\\tb' holds the control character U+0009: write the words with plain spaces between them"),
    ("Entry: file None", lambda: fixer.Entry("a b", "c", file=None), TypeError, "Entry.file must be str, not None"),
    ("Entry: line a str", lambda: fixer.Entry("a b", "c", line="x"), TypeError, "Entry.line must be an int, not 'x'"),
    ("Entry: line negative", lambda: fixer.Entry("a b", "c", line=-1), ValueError, "Entry.line must be 0 or more, not -1"),
    ("Glossary: files a str", lambda: fixer.Glossary((), files="abc"), TypeError,
     "Glossary.files must be a tuple of file names (str), not 'abc' (str)"),
    # these reached an AttributeError or a message that named no argument
    ("Fixer: engine a str", lambda: Fixer(FX.glossary, engine="scan"), TypeError,  # type: ignore[arg-type]
     "engine must be a class of fixer.engine (built from the keys, with a find method), such as "
     "fixer.engine.ScanEngine, not 'scan' (str)"),
    ("Fixer: engine int", lambda: Fixer(FX.glossary, engine=int), TypeError, "engine must be a class of fixer.engine"),
    ("explain_phrase: bytes", lambda: explain_phrase(FX, b"cobalt wagon"), TypeError,  # type: ignore[arg-type]
     "phrase must be str, not b'cobalt wagon' (bytes)"),
    ("explain_phrase: no Fixer", lambda: explain_phrase(None, "x"), TypeError, "fixer must be a Fixer, not NoneType"),
    ("glossary_stats: None", lambda: glossary_stats(None), TypeError,  # type: ignore[arg-type]
     "glossary must be a Glossary (fixer.load_glossaries gives one), not None"),
    ("unlike_pairs: tuples", lambda: fixer.evaluate.unlike_pairs([("a", "b", "c")]), TypeError,
     "pairs must hold Pair records (fixer.pairs.Pair) only, not ('a', 'b', 'c') (tuple)"),
    ("unlike_pairs: None", lambda: fixer.evaluate.unlike_pairs(None), TypeError,  # type: ignore[arg-type]
     "pairs must be a Pair (fixer.pairs.Pair) or a collection of them, not None"),
    ("write_glossary: path None", lambda: fixer.learn.write_glossary(fixer.learn.learn([]), None), TypeError,
     "path must be a path (str or os.PathLike), not None"),
    ("Entry: alternatives a set", lambda: fixer.Entry(spun="a b", original="c", alternatives={"d", "e"}), TypeError,
     "Entry.alternatives must be an original or a list or tuple of them"),
    # 6. Config values, checked whichever way a Config is made
    # a type from a module is named with it (numpy's flag type was shown as a bare "bool")
    ("Config: a flag of a module's type", lambda: Config(fuzzy=decimal.Decimal(1)), TypeError,
     "Config.fuzzy must be True or False, not Decimal('1') (decimal.Decimal)"),
    ("fix: fuzzy_cutoff str", lambda: fixer.fix(NEWS, fuzzy_cutoff="x"), TypeError, "Config.fuzzy_cutoff"),
    ("fix: gate_min_entries str", lambda: fixer.fix(NEWS, gate_min_entries="x"), TypeError, "Config.gate_min_entries"),
    ("fuzzy_cutoff < 0", lambda: Config(fuzzy_cutoff=-1), ValueError, "Config.fuzzy_cutoff must be a number from 0 to 100"),
    ("fuzzy_cutoff > 100", lambda: Config(fuzzy_cutoff=100.5), ValueError, "Config.fuzzy_cutoff"),
    ("fuzzy_cutoff nan", lambda: Config(fuzzy_cutoff=NAN), ValueError, "Config.fuzzy_cutoff"),
    ("fuzzy_cutoff bool", lambda: Config(fuzzy_cutoff=True), TypeError, "Config.fuzzy_cutoff"),
    ("gate_min_entries < 0", lambda: Config(gate_min_entries=-1), ValueError, "Config.gate_min_entries must be an int >= 0"),
    ("gate_min_entries float", lambda: Config(gate_min_entries=1.5), TypeError, "Config.gate_min_entries"),
    ("gate_min_entries bool", lambda: Config(gate_min_entries=True), TypeError, "Config.gate_min_entries"),
    ("gate_min_density < 0", lambda: Config(gate_min_density=-0.1), ValueError, "Config.gate_min_density must be a number >= 0"),
    ("gate_min_density nan", lambda: Config(gate_min_density=NAN), ValueError, "Config.gate_min_density"),
    ("gate_min_density str", lambda: Config(gate_min_density="1"), TypeError, "Config.gate_min_density"),
    ("fuzzy str", lambda: Config(fuzzy="no"), TypeError, "Config.fuzzy must be True or False"),
    ("fix_articles None", lambda: Config(fix_articles=None), TypeError, "Config.fix_articles"),
    ("gate int", lambda: fixer.fix(NEWS, gate=0), TypeError, "Config.gate must be True or False"),
    ("force_gated via replace", lambda: replace(Config(), force_gated="yes"), TypeError, "Config.force_gated"),
    ("ngrams via from_files", lambda: Fixer.from_files([SYNTHETIC], default=False, ngrams=1), TypeError, "Config.ngrams"),
    ("disable int", lambda: Config(disable=5), TypeError, "Config.disable must be a string or a collection"),
    ("disable int item", lambda: fixer.fix(NEWS, disable=["White Home", 1]), TypeError, "Config.disable must hold strings"),
    ("disable unknown", lambda: fixer.fix(NEWS, disable=["White Home", "Whte Home"]), ValueError,
     "disable 'Whte Home': no glossary entry has this spun form (or its singular or plural) or id"),
    ("Fixer: disable unknown", lambda: Fixer(FX.glossary, Config(disable={"cobalt wagn"})), ValueError,
     "disable 'cobalt wagn'"),
    ("protect bytes", lambda: Config(protect=b"White Home"), TypeError, "Config.protect must be a string or a collection"),
    ("protect None item", lambda: Config(protect=(None,)), TypeError, "Config.protect must hold strings"),
    ("protect empty", lambda: Config(protect=("White Home", "")), ValueError,
     "Config.protect must not hold an empty or blank phrase (it protects nothing): '' (str)"),
    ("protect blank", lambda: fixer.fix(NEWS, protect=" \u200b\n"), ValueError, "Config.protect must not hold an empty"),
    # folding keeps these, and they were taken for a phrase that protected nothing
    ("protect a word joiner", lambda: Config(protect=("\u2060",)), ValueError, "Config.protect must not hold an empty"),
    ("protect a byte order mark", lambda: Config(protect="\ufeff"), ValueError, "Config.protect must not hold an empty"),
    ("protect NUL", lambda: Config(protect="\x00"), ValueError, "Config.protect must not hold an empty"),
]


@pytest.mark.parametrize("label, call, kind, fragment", ERRORS, ids=[e[0] for e in ERRORS])
def test_error(label: str, call: Callable[[], Any], kind: type[BaseException], fragment: str) -> None:
    with pytest.raises(kind) as info:
        call()
    assert fragment in str(info.value), f"{label}: {info.value}"
    assert "\n" not in str(info.value)


def _files(fx: Fixer) -> tuple[str, ...]:
    return fx.glossary.files


def _fixed_through_codecs_open(tmp_path: Path) -> str:
    """fix_stream between two streams of codecs.open(), whose mode says "b" though they
    read and write str."""
    import codecs

    (tmp_path / "in.txt").write_text(NEWS, encoding="utf-8")
    with codecs.open(str(tmp_path / "in.txt"), "r", "utf-8") as source, \
            codecs.open(str(tmp_path / "out.txt"), "w", "utf-8") as sink:
        fixer.Fixer.from_files().fix_stream(source, sink)
    return (tmp_path / "out.txt").read_text(encoding="utf-8")


class _Shouting(str):
    """A str whose lower() is not str's."""

    def lower(self) -> str:  # type: ignore[override]
        return str.upper(self)


@pytest.mark.parametrize("call", ["fix", "scan"])
def test_a_str_subclass_is_read_as_its_plain_value(call: str) -> None:
    """A str subclass's own methods play no part (the compiled core used str's, pure
    Python the subclass's: "White Home" was repaired by one and not the other), and what
    comes back holds plain str."""
    got, plain = (getattr(fixer, call)(t) for t in (_Shouting(NEWS), NEWS))
    assert got == plain
    assert type(got) is str if call == "fix" else all(type(r.spun) is str for r in got.repairs)


def test_fix_stream_takes_the_text_streams_of_codecs_open(tmp_path: Path) -> None:
    assert _fixed_through_codecs_open(tmp_path) == fixer.fix(NEWS)


SAME: list[tuple[str, Callable[[], Any], Callable[[], Any]]] = [
    # 3. one string is one phrase, like a one-item list
    ("fix: disable str", lambda: fixer.fix(NEWS, disable="White Home"), lambda: fixer.fix(NEWS, disable=["White Home"])),
    ("fix: protect str", lambda: fixer.fix(NEWS, protect="White Home"), lambda: fixer.fix(NEWS, protect=["White Home"])),
    ("scan: protect str", lambda: fixer.scan(NEWS, protect="White Home"), lambda: fixer.scan(NEWS, protect=("White Home",))),
    ("Config: disable str", lambda: Config(disable="cobalt wagon"), lambda: Config(disable=frozenset({"cobalt wagon"}))),
    ("Config: protect list", lambda: Config(protect=["a b", "c"]), lambda: Config(protect=("a b", "c"))),
    # an entry's id in any case and spacing, as its spun forms are (it was refused as unknown)
    ("fix: disable id in lower case", lambda: fixer.fix(NEWS, disable="white home  ->  white house"),
     lambda: fixer.fix(NEWS, disable="White Home -> White House")),
    ("from_files: disable str", lambda: Fixer.from_files([SYNTHETIC], default=False, disable="cobalt wagon").fix(SPUN),
     lambda: Fixer.from_files([SYNTHETIC], default=False, disable=["cobalt wagon"]).fix(SPUN)),
    # 2. one str or PathLike is one glossary file
    ("from_files: one str", lambda: _files(Fixer.from_files(str(SYNTHETIC), default=False)),
     lambda: _files(Fixer.from_files([SYNTHETIC], default=False))),
    ("from_files: one Path", lambda: _files(Fixer.from_files(SYNTHETIC, default=False)),
     lambda: _files(Fixer.from_files([str(SYNTHETIC)], default=False))),
    ("load_glossaries: one str", lambda: load_glossaries(str(SYNTHETIC), default=False),
     lambda: load_glossaries([SYNTHETIC], default=False)),
    ("load_glossaries: one Path", lambda: load_glossaries(OVERRIDE, default=False),
     lambda: load_glossaries([str(OVERRIDE)], default=False)),
    ("clean_edits: one str", lambda: fixer.evaluate.clean_edits(NEWS, fixer.fix).to_dict(),
     lambda: fixer.evaluate.clean_edits([NEWS], fixer.fix).to_dict()),
    ("chains: one Entry", lambda: list(FX.chains(FX.glossary.entries[0])), lambda: list(FX.chains(FX.glossary.entries[:1]))),
    ("Entry: one spun form", lambda: fixer.Entry(spun="White Home", original="White House"),
     lambda: fixer.Entry(spun=("White Home",), original="White House")),
    ("Conditions: one word, folded", lambda: Conditions(prev="War", doc_has="Cease-Fire"),
     lambda: Conditions(prev=frozenset({"war"}), doc_has=("cease fire",))),
    ("Job: fields a list", lambda: Job("x.txt", fields=["title", "text"]),  # type: ignore[arg-type]
     lambda: Job("x.txt", fields=("title", "text"))),
    ("Job: one field", lambda: Job("x.txt", fields="title"), lambda: Job("x.txt", fields=("title",))),  # type: ignore[arg-type]
    ("Glossary: a list of entries", lambda: fixer.Glossary([FX.glossary.entries[0]]),
     lambda: fixer.Glossary(FX.glossary.entries[:1])),
    ("apply_repairs: one Repair", lambda: fixer.apply_repairs(NEWS, fixer.scan(NEWS).repairs[0]),
     lambda: fixer.apply_repairs(NEWS, fixer.scan(NEWS).repairs[:1])),
    ("fix_lines: one str", lambda: [r.line for r in fix_lines('{"t": "White Home"}\n{"u": 1}\n', "t", fixer.Fixer.from_files())],
     lambda: [r.line for r in fix_lines(['{"t": "White Home"}\n', '{"u": 1}\n'], "t", fixer.Fixer.from_files())]),
    # 6. numbers are kept as floats, so equal configs have one repr (a cache key)
    ("Config: int cutoff", lambda: repr(Config(fuzzy_cutoff=90, gate_min_density=1)), lambda: repr(Config())),
]


@pytest.mark.parametrize("label, call, same", SAME, ids=[s[0] for s in SAME])
def test_same(label: str, call: Callable[[], Any], same: Callable[[], Any]) -> None:
    assert call() == same(), label


def test_single_phrase_options_change_the_output() -> None:
    """The single-string options take effect (they used to be read as characters)."""
    assert "White House" in fixer.fix(NEWS)
    assert "White Home" in fixer.fix(NEWS, disable="White Home")
    assert "power plants" in fixer.fix(NEWS, protect="White Home")  # not everything protected


# (protected phrase, expected repair): the "a"/"an" before a repair is not changed inside a protected phrase
PROTECTED_ARTICLES = [
    ("saw a", "I saw a artificial intelligence."),
    ("I saw a", "I saw a artificial intelligence."),
    ("I saw", "I saw an artificial intelligence."),
]


@pytest.mark.parametrize(("phrase", "expected"), PROTECTED_ARTICLES, ids=[p for p, _ in PROTECTED_ARTICLES])
def test_a_protected_phrase_keeps_its_article(phrase: str, expected: str) -> None:
    """A repair is extended over an "a"/"an" that no longer agrees, but not into a
    protected phrase: the article was changed, and the repair reported over it."""
    text = "I saw a counterfeit consciousness."
    assert fixer.fix(text, protect=phrase) == expected
    (repair,) = fixer.scan(text, protect=phrase).repairs
    assert (repair.start, repair.spun) == ((6, "a counterfeit consciousness") if expected.endswith("an artificial intelligence.")
                                           else (8, "counterfeit consciousness"))


def test_from_files_reads_an_iterator_of_paths_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A generator of paths is read once: the compiled cache used to be keyed by its
    files but built from the exhausted generator, without them."""
    monkeypatch.setenv("FIXER_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("FIXER_NO_CACHE", raising=False)
    first = Fixer.from_files((p for p in [SYNTHETIC, OVERRIDE]), default=False)
    again = Fixer.from_files([SYNTHETIC, OVERRIDE], default=False)  # from the cache the first wrote
    for fx in (first, again):
        assert {str(SYNTHETIC), str(OVERRIDE)} <= set(fx.glossary.files)
    assert any(tmp_path.iterdir())


def _entries(directory: Path, mtimes: dict[str, float]) -> None:
    """Files named *mtimes*' keys in *directory*, last modified at its values (a key
    ending in "/": a folder)."""
    for name, mtime in mtimes.items():
        path = directory / name
        if name.endswith("/"):
            path.mkdir()
        else:
            path.write_bytes(b"x")
        os.utime(path, (mtime, mtime))


def _entry(i: int) -> str:
    return f"fixer-{i:032x}.pickle"


KEEP = cache.MAX_ENTRIES


@pytest.mark.parametrize("label, old, kept, removed", [
    ("the least recently used entries beyond the limit", {_entry(i): 1000 + i for i in range(KEEP + 4)},
     [_entry(i) for i in range(5, KEEP + 4)], [_entry(i) for i in range(5)]),
    ("temporary files of interrupted writes once an hour old",
     {"fixer-old.tmp": time.time() - 7200, "fixer-new.tmp": time.time() - 60}, ["fixer-new.tmp"], ["fixer-old.tmp"]),
    ("never files of other names, even named as fixer's own without its prefix (a shared directory)",
     {"notes.pickle": 1000, "notes.tmp": 1000, "tmpold.tmp": 1000, f"{0:032x}.pickle": 1000,
      **{_entry(i): 2000 + i for i in range(KEEP)}},
     ["notes.pickle", "notes.tmp", "tmpold.tmp", f"{0:032x}.pickle", *map(_entry, range(1, KEEP))], [_entry(0)]),
    ("silently past what it cannot delete",
     {_entry(0) + "/": 1000, **{_entry(i): 1000 + i for i in range(1, KEEP + 1)}},
     [_entry(0), *map(_entry, range(2, KEEP + 1))], [_entry(1)]),
])
def test_cache_store_prunes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, label: str, old: dict[str, float],
                            kept: list[str], removed: list[str]) -> None:
    """Writing an entry prunes the cache directory: the MAX_ENTRIES most recently used
    entries stay (the new one too), old temporary files go."""
    monkeypatch.setenv("FIXER_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("FIXER_NO_CACHE", raising=False)
    _entries(tmp_path, old)
    cache.store([SYNTHETIC], "new", [str(SYNTHETIC)], "state")
    assert cache.load([SYNTHETIC], "new") == "state", label
    names = {p.name for p in tmp_path.iterdir()}
    assert names >= set(kept), label
    assert not names & set(removed), label


def test_cache_load_counts_as_a_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry loaded lately outlives newer entries not used since."""
    monkeypatch.setenv("FIXER_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("FIXER_NO_CACHE", raising=False)
    cache.store([SYNTHETIC], "used", [str(SYNTHETIC)], "used state")
    (entry,) = tmp_path.iterdir()
    os.utime(entry, (1000, 1000))
    _entries(tmp_path, {_entry(i): 2000 + i for i in range(KEEP)})
    assert cache.load([SYNTHETIC], "used") == "used state"
    cache.store([SYNTHETIC], "new", [str(SYNTHETIC)], "new state")
    assert cache.load([SYNTHETIC], "used") == "used state"
    assert not (tmp_path / _entry(0)).exists()


def test_config_stays_hashable_picklable_and_comparable() -> None:
    config = Config(disable=["b", "a"], protect="x", fuzzy_cutoff=85)
    assert config.disable == frozenset({"a", "b"}) and config.protect == ("x",)
    assert config == Config(disable=frozenset({"a", "b"}), protect=("x",), fuzzy_cutoff=85.0)
    assert hash(config) == hash(Config(disable=("a", "b"), protect=["x"], fuzzy_cutoff=85.0))
    assert pickle.loads(pickle.dumps(config)) == config
    assert eval(repr(config), {"Config": Config}) == config
    with pytest.raises(AttributeError):
        config.fuzzy = False  # type: ignore[misc]


def test_config_repr_does_not_depend_on_string_hashing() -> None:
    """The repr is part of the compile-cache key: disable is shown sorted."""
    names = ["f", "c", "a", "e", "b", "d"]
    assert "disable=frozenset({'a', 'b', 'c', 'd', 'e', 'f'})" in repr(Config(disable=names))
    assert "disable=frozenset()" in repr(Config())


def test_valid_edges_are_accepted() -> None:
    for config in (Config(fuzzy_cutoff=0), Config(fuzzy_cutoff=100), Config(gate_min_entries=0),
                   Config(gate_min_density=0), Config(disable=(), protect=[])):
        assert FX.spun_view().fix(SPUN) and Fixer(FX.glossary, config).fix(SPUN)
    assert FX.fix(SPUN) == "The blue car was parked by the energy store."
    sink = io.StringIO()
    FX.fix_stream(io.StringIO(SPUN), sink)
    assert sink.getvalue() == FX.fix(SPUN)
    assert list(FX.fix_many(iter([SPUN, ""]))) == [FX.fix(SPUN), ""]
