"""JSON Lines and HTML input, through the command line and the library.

Table-driven cases are in ``tests/cases/jsonl.json`` and ``tests/cases/html.json``:
``{"label", "comment", "input", "expected", "expect": "pass"|"fail"}``; ``fail`` cases
are known bugs and run as strict xfails.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixer import Config, Entry, Fixer, Glossary
from cli_runner import one_fixer_per_configuration, run  # noqa: F401  (autouse fixture)
from fixer.formats.html import fix_html, scan_html
from fixer.fields import field_path, replace_string
from fixer.errors import InputError
from fixer.formats.jsonl import dumps_for, fix_lines, scan_records
from fixer.plural import counted

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "cases"
SEEDS = REPO / "seeds"
FIXER = Fixer.from_files()


def _load(name: str) -> list[dict[str, Any]]:
    return json.loads((CASES / name).read_text(encoding="utf-8"))


def _params(name: str) -> list[Any]:
    return [
        pytest.param(case, id=case["label"],
                     marks=[pytest.mark.xfail(strict=True, reason=case["comment"])] if case["expect"] == "fail" else [])
        for case in _load(name)
    ]


def _strict_json(line: str) -> Any:
    """*line* parsed as standard JSON (no NaN or Infinity)."""
    def refuse(name: str) -> Any:
        raise ValueError(f"not JSON: {name}")
    return json.loads(line, parse_constant=refuse)


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("fixer: error:")]


# --- JSON Lines ---------------------------------------------------------------------


def _without(record: Any, fields: list[str]) -> Any:
    """*record* with the values that *fields* name (keys or JSON Pointers) blanked out."""
    for name in fields:
        record = replace_string(record, field_path(name), lambda text: "")[0]
    return record


@pytest.mark.parametrize("source", ["file", "stdin"])
@pytest.mark.parametrize("case", _params("jsonl.json"))
def test_jsonl_cases(case: dict[str, Any], source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each case through ``fixer fix --jsonl``, from a file and from standard input."""
    monkeypatch.chdir(tmp_path)
    data = "".join(case["input"]["lines"]).encode("utf-8")
    fields = [v for k, v in zip(case["input"]["args"], case["input"]["args"][1:]) if k == "--field"] or ["text"]
    if source == "file":
        Path("in.jsonl").write_bytes(data)
        result = run(["fix", "--jsonl", *case["input"]["args"], "in.jsonl"])
        name = "in.jsonl"
    else:
        result = run(["fix", "--jsonl", *case["input"]["args"], "-"], input=data)
        name = "<stdin>"
    expected = case["expected"]
    assert result.exit_code == expected["exit"], result.stderr
    if expected["exit"] == 2:
        errors = _error_lines(result.stderr)
        assert len(errors) == 1 and errors[0].startswith(f"fixer: error: {name}: {expected['error']}"), result.stderr
        assert "Traceback" not in result.stderr
        return
    out_lines = result.stdout_bytes.decode("utf-8").splitlines(keepends=True)
    in_lines = data.decode("utf-8").splitlines(keepends=True)
    assert len(out_lines) == len(in_lines), "a record was dropped or added"
    if "lines" in expected:
        assert out_lines == expected["lines"]
    for before, after in zip(in_lines, out_lines):
        if before == after:
            continue
        old, new = json.loads(before.lstrip("\ufeff")), _strict_json(after.lstrip("\ufeff"))
        assert list(old) == list(new), "key order changed"
        assert _without(old, fields) == _without(new, fields), "a field that was not asked for changed"
        assert after.endswith(before[len(before.rstrip("\r\n")):])
    # the glossary entry's file:line as FILE:LINE, which editing the glossary moves
    explained = [re.sub(r" at \S+:\d+;", " at FILE:LINE;", line) for line in result.stderr.splitlines()
                 if not line.startswith("fixer: ")]
    assert explained == [line.format(name=name) for line in expected.get("explained", ())]
    warnings = [line for line in result.stderr.splitlines() if line.startswith("fixer: warning:")]
    passed = [line for line in warnings if line.endswith("(passed through unchanged)")]
    if "warnings" in expected:
        assert [w for w in warnings if w not in passed] == [f"fixer: warning: {name}: {w}" for w in expected["warnings"]]
    summary = result.stderr.splitlines()[-1]
    if "documents" in expected:
        assert summary.startswith(f"fixer: {counted(expected['documents'], 'document')}, ")
    if expected.get("bad"):
        assert summary.endswith(f", {counted(expected['bad'], 'bad line')} passed through")
        assert len(passed) == expected["bad"], result.stderr  # each a warning naming the input and line
        assert all(line.startswith(f"fixer: warning: {name}: line ") for line in passed)
    else:
        assert "bad line" not in summary


def test_jsonl_long_string_read_in_little_memory() -> None:
    """A long string in a record is found without a backtracking frame per character
    (the pattern took about 140 bytes a character: 6 GB for a 50 MB line)."""
    import tracemalloc
    from fixer.formats.jsonl import _STRING
    line = '{"text": "' + "a\\u00e9 b " * 250_000 + '"}'
    tracemalloc.start()
    try:
        match = _STRING.search(line, 9)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert match is not None and match.end() == len(line) - 1
    assert peak < 40 * len(line)


def test_jsonl_error_names_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The one error line names the file and the line number, nothing on stdout after it."""
    monkeypatch.chdir(tmp_path)
    Path("crawl.jsonl").write_text('{"text": "a"}\n{"text": "b"}\n{oops\n{"text": "c"}\n', encoding="utf-8")
    result = run(["fix", "--jsonl", "crawl.jsonl"])
    assert result.exit_code == 2
    (error,) = _error_lines(result.stderr)
    assert re.fullmatch(r"fixer: error: crawl\.jsonl: line 3: invalid JSON \(.*\)", error)
    assert '"c"' not in result.stdout


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_lines_end_at_line_feeds_only(jobs: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A carriage return alone is JSON whitespace inside a record, not the end of a line:
    the record is repaired as fix_lines repairs it, and later lines keep their numbers."""
    monkeypatch.chdir(tmp_path)
    raw = '{"text":\r"White Home"}\n{"text":"energy crops"}\r\n{oops\n'
    Path("crawl.jsonl").write_bytes(raw.encode())
    result = run(["fix", "--jsonl", "--skip-bad", "--jobs", jobs, "crawl.jsonl"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.decode() == "".join(r.line for r in fix_lines(raw, "text", FIXER, skip_bad=True))
    assert result.stdout_bytes.startswith(b'{"text":\r"White House"}\n')
    assert [line.split(": ")[3] for line in result.stderr.splitlines() if line.startswith("fixer: warning:")] == [
        "line 3"]


def test_jsonl_malformed_pointer_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A malformed JSON Pointer in --field stops before any input is read, in one line."""
    monkeypatch.chdir(tmp_path)
    Path("crawl.jsonl").write_text('{"a": {"b": "White Home"}}\n', encoding="utf-8")
    result = run(["fix", "--jsonl", "--field", "/a~2b", "crawl.jsonl"])
    assert result.exit_code == 2
    (error,) = _error_lines(result.stderr)
    assert "--field" in error and "'~' must be followed by 0 or 1" in error
    assert result.stdout == "" and "Traceback" not in result.stderr


def test_jsonl_in_place_bad_line_leaves_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--in-place with a bad line: exit 2, the original byte-identical, no temporary file."""
    monkeypatch.chdir(tmp_path)
    raw = b'{"text": "White Home"}\n' * 3 + b'{"text": 1}\n' + b'{"text": "Fact Social"}\n'
    Path("data.jsonl").write_bytes(raw)
    result = run(["fix", "--jsonl", "--in-place", "data.jsonl"])
    assert result.exit_code == 2
    assert len(_error_lines(result.stderr)) == 1 and "line 4" in result.stderr
    assert Path("data.jsonl").read_bytes() == raw
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.jsonl"]


def test_jsonl_in_place_rewrites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--in-place with good records rewrites the file with the repairs."""
    monkeypatch.chdir(tmp_path)
    Path("data.jsonl").write_bytes(b'{"text": "White Home"}\n{"text":"clean"}\n')
    result = run(["fix", "--jsonl", "--in-place", "data.jsonl"])
    assert result.exit_code == 0, result.stderr
    assert Path("data.jsonl").read_bytes() == b'{"text": "White House"}\n{"text":"clean"}\n'


def _seed_records() -> list[str]:
    """A few thousand JSON Lines records: seed sentences (spun and original), plus clean
    ones, with a second string field and a blank line now and then."""
    sentences = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences += [s for s in re.split(r"(?<=[.!?\u201d])\s+", text) if s.strip()]
    lines = []
    for i in range(3000):
        if i % 97 == 0:
            lines.append("\n")
        sentence = sentences[i % len(sentences)]
        title = "Fact Social" if i % 5 == 0 else f"record {i}"
        lines.append(json.dumps({"id": i, "title": title, "text": sentence, "n": i * 0.5}, ensure_ascii=i % 2 == 0) + "\n")
    return lines


def test_jsonl_jobs_equal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--jobs 2 writes the same records and summary as --jobs 1; with a bad line in the
    middle it also stops with exit 2 naming the line (and --in-place leaves the file)."""
    monkeypatch.chdir(tmp_path)
    lines = _seed_records()
    Path("big.jsonl").write_text("".join(lines), encoding="utf-8")
    args = ["fix", "--jsonl", "--field", "text", "--field", "title", "big.jsonl"]
    one, two = run([*args, "--jobs", "1"]), run([*args, "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0, two.stderr
    assert one.stdout_bytes == two.stdout_bytes
    assert one.stdout_bytes != "".join(lines).encode()
    assert len(one.stdout_bytes.decode().splitlines()) == len(lines)
    assert one.stderr == two.stderr
    lines[1700] = '{"text": ["not", "a", 3]}\n'
    Path("bad.jsonl").write_text("".join(lines), encoding="utf-8")
    raw = Path("bad.jsonl").read_bytes()
    result = run(["fix", "--jsonl", "bad.jsonl", "--jobs", "1"])
    assert result.exit_code == 2
    assert _error_lines(result.stderr) == ["fixer: error: bad.jsonl: line 1701: field 'text' is not a string or a list of strings"]
    # In a subprocess with a timeout: terminating the pool after the error used to hang
    # now and then (its task thread blocked writing a large batch into a worker's pipe).
    for _ in range(3):
        done = subprocess.run([sys.executable, "-m", "fixer", "fix", "--jsonl", "--jobs", "2", "--in-place", "bad.jsonl"],
                              capture_output=True, text=True, timeout=90)
        assert done.returncode == 2, done.stderr
        assert _error_lines(done.stderr) == ["fixer: error: bad.jsonl: line 1701: field 'text' is not a string or a list of strings"]
        assert "Traceback" not in done.stderr
        assert Path("bad.jsonl").read_bytes() == raw
        assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl", "big.jsonl"]


# --- HTML ---------------------------------------------------------------------------


def _case_fixer(case: dict[str, Any], tmp_path: Path) -> tuple[Fixer, list[str]]:
    """The Fixer for a case and the matching command-line glossary options."""
    if not case.get("glossary"):
        return FIXER, []
    path = tmp_path / "case.yaml"
    path.write_text(json.dumps({"version": 1, "entries": case["glossary"]}), encoding="utf-8")
    return Fixer.from_files([path], default=False), ["--no-default", "-g", str(path)]


def _rebuild(page: str, repairs: Any) -> str:
    """*page* with the repairs applied by hand: input bytes between them, replacements in them."""
    out, pos = [], 0
    for r in repairs:
        assert pos <= r.start <= r.end <= len(page)
        assert page[r.start:r.end] == r.spun
        out += [page[pos:r.start], r.replacement]
        pos = r.end
    return "".join(out) + page[pos:]


@pytest.mark.parametrize("case", _params("html.json"))
def test_html_cases(case: dict[str, Any], tmp_path: Path) -> None:
    """fix_html and ``fixer fix --html`` give the expected page; between repairs the
    output is the input."""
    fixer, options = _case_fixer(case, tmp_path)
    page = case["input"]
    out = fix_html(fixer, page)
    assert out == _rebuild(page, scan_html(fixer, page).repairs)
    if case["expected"] is not None:
        assert out == case["expected"]
    for r in scan_html(fixer, page).repairs:
        assert not html.unescape(r.spun)[:1].isspace() and html.unescape(r.spun)[:1] not in "&;"
    result = run(["fix", "--html", *options, "-"], input=page.encode("utf-8"))
    assert (result.exit_code, result.stdout_bytes) == (0, out.encode("utf-8"))


def test_html_words_counted_alike_minified_or_not() -> None:
    """Text nodes are parted as words whatever lies between their tags: a minified table
    of 3,000 cells counted as 9 words, opened the spin gate, and changed a repair."""
    cells = "price volume market index share stock bond yield rate change".split() * 300
    body = "<p>The White Home stated the Oval Workplace was open.</p>"
    minified = "<table><tr>" + "".join(f"<td>{w}</td>" for w in cells) + "</tr></table>" + body
    pretty = "<table><tr>\n" + "".join(f"<td>{w}</td>\n" for w in cells) + "</tr></table>\n" + body
    scans = [scan_html(FIXER, page) for page in (minified, pretty)]
    assert [s.words for s in scans] == [3009, 3009]
    assert [[(r.spun, r.replacement) for r in s.applied] for s in scans] == [
        [("White Home", "White House"), ("Oval Workplace", "Oval Office")]] * 2


def test_html_file_and_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--html on a file with --json reports offsets into the page, spun text as written."""
    monkeypatch.chdir(tmp_path)
    page = "<p title='White Home'>The White&nbsp;Home</p>"
    Path("p.html").write_text(page, encoding="utf-8")
    result = run(["fix", "--html", "--json", "p.html"])
    (repair,) = json.loads(result.stdout)["repairs"]
    assert page[repair["start"]:repair["end"]] == repair["spun"] == "White&nbsp;Home"


PHRASES = ["White Home", "Fact Social", "energy crops", "Oval Workplace", "White&nbsp;Home", "Fact&#160;Social",
           "will&#8217;t", "will&rsquo;t", "White\nHome"]
TEXT = [" ", "the ", ". ", "said ", "stated ", "\n", "&amp; ", "&amp", "&copy", "&not", "&lt;", "&gt;", "&quot;", "&hellip;", "caf\u00e9 ", "< ", " > "]
MARKUP = ["<p>", "</p>", "<b>", "</b>", "<br/>", "<div class=\"x\">", "</div>", "<", ">", "</", "<!DOCTYPE html>",
          "<a href=\"/x\">", "</a>", "<span>", "</SPAN>", "<!-- -->"]
PROTECTED = ["<!-- White Home -->", "<!-- Fact Social", "<script>var a = 'White Home';</script>", "<script>White Home",
             "<style>.White Home {}</style>", "<code>Fact Social</code>", "<pre>White Home</pre>",
             "<textarea>energy crops</textarea>", "<a title=\"White Home\">", "<img alt='Fact Social'>",
             "<![CDATA[White Home]]>", "<?pi White Home?>"]
PIECES = st.one_of(st.sampled_from(PHRASES), st.sampled_from(TEXT), st.sampled_from(MARKUP),
                   st.sampled_from(PROTECTED).map(lambda p: ("protected", p)))
EXACT = Fixer.from_files(config=Config(fuzzy=False))


_REFERENCES = re.compile(r"&#?\w+;")


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split()).casefold()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=25))
def test_html_malformed_property(pieces: list[Any]) -> None:
    """Random HTML-ish pages never raise; output equals the input between repairs; no
    repair touches markup or protected content, and each one covers exactly its phrase."""
    page, protected, pos, stray = "", [], 0, False
    for piece in pieces:
        stray = stray or piece in ("<", "</")  # '<x' after a stray '<' is a tag that can swallow what follows
        if isinstance(piece, tuple):
            piece = piece[1]
            if not stray:
                protected.append((pos, pos + len(piece)))
        page += piece
        pos += len(piece)
    repairs = scan_html(EXACT, page).repairs
    out = fix_html(EXACT, page)
    assert out == _rebuild(page, repairs)
    for r in repairs:
        assert "<" not in r.spun and ">" not in r.spun
        assert all(r.end <= a or r.start >= b for a, b in protected), (r, page)
        assert _norm(html.unescape(r.spun)) == _norm(r.entry_id.split(" -> ")[0]), (r, page)
        written = set(_REFERENCES.findall(r.replacement)) - {"&amp;", "&lt;", "&gt;"}
        assert written <= set(_REFERENCES.findall(r.spun)), (r, page)  # only references the phrase itself used


def test_scan_records_says_what_fix_lines_would_repair() -> None:
    """scan_records: per record line, the scan of each field it has (a list field as one
    document, each string's repairs in that string); blank lines and records without
    the fields give nothing to report; a bad line raises, or with skip_bad comes with its error."""
    lines = ('{"text": "The White Home stated.", "paras": ["Fact Social.", "The energy crops."]}\n\n'
             '{"other": 1}\n{"text": "Clean."}\n')
    records = list(scan_records(lines, ["text", "paras"], FIXER))
    assert [r.number for r in records] == [1, 3, 4]
    first = records[0]
    assert [(f.name, f.listed, [label for label, _, _ in f.strings]) for f in first.fields] == [
        ("text", False, ["text"]), ("paras", True, ["paras[0]", "paras[1]"])]
    assert [[(r.start, r.spun, r.replacement) for r in found] for _, _, found in first.fields[1].strings] == [
        [(0, "Fact Social", "Truth Social")], [(4, "energy crops", "power plants")]]
    assert first.fields[1].result.is_spun and records[1].fields == ()
    assert [f.result.applied for f in records[2].fields] == [()]
    fixed = json.loads(next(fix_lines(lines, ["text", "paras"], FIXER)).line)
    assert fixed["paras"] == ["Truth Social.", "The power plants."]
    with pytest.raises(InputError, match="line 2: invalid JSON"):
        list(scan_records('{"text": "a"}\n{oops\n', "text", FIXER))
    assert [r.error for r in scan_records('{oops\n{"text": "a"}\n', "text", FIXER, skip_bad=True)] == [
        "line 1: invalid JSON (Expecting property name enclosed in double quotes at column 2)", ""]


# (value, encoding, as written): non-ASCII characters as they are, but those the encoding
# cannot write, which become \\u escapes (each on its own: not every non-ASCII character)
DUMPS = [
    ("caf\u00e9 \u2019", "utf-8", '"caf\u00e9 \u2019"'),
    ("caf\u00e9 \u2019", "latin-1", '"caf\u00e9 \\u2019"'),
    ("caf\u00e9 \u2019", "ascii", '"caf\\u00e9 \\u2019"'),
    ("\U0001f600 \u00e9", "latin-1", '"\\ud83d\\ude00 \u00e9"'),
    ({"text": "\u00e9\n\u2019"}, "cp1252", '{"text": "\u00e9\\n\u2019"}'),
    ({"text": "\u00e9\n\u0100"}, "cp1252", '{"text": "\u00e9\\n\\u0100"}'),
]


@pytest.mark.parametrize(("value", "encoding", "written"), DUMPS, ids=[f"{i}-{e}" for i, (_, e, _) in enumerate(DUMPS)])
def test_dumps_for_escapes_only_what_the_encoding_cannot_write(value: Any, encoding: str, written: str) -> None:
    assert dumps_for(value, encoding) == written
    assert json.loads(written) == value


# (spun, original, line, repaired line): JSON Lines of a glossary whose phrases hold a
# quote or a backslash, written as \\u escapes
ESCAPED_IN_PHRASE = [
    ('say "cheese', 'smile "wide', '{"text": "They say \\u0022cheese\\u0022 now."}',
     '{"text": "They smile \\"wide\\u0022 now."}'),
    ("back\\slash key", "reverse\\solidus key", '{"text": "the back\\u005cslash key\\u0021"}',
     '{"text": "the reverse\\\\solidus key\\u0021"}'),
]


@pytest.mark.parametrize(("spun", "original", "line", "repaired"), ESCAPED_IN_PHRASE, ids=["quote", "backslash"])
def test_an_escaped_quote_or_backslash_in_a_phrase_is_written_as_json_writes_it(spun: str, original: str, line: str,
                                                                                 repaired: str) -> None:
    """A quote or backslash written as a \\u escape in a repaired phrase is written as JSON
    writes it in the replacement (\\" and \\\\): carried over as the escape, it came after
    the replacement's own backslash, and the string was then written whole again,
    losing the escapes outside the repair."""
    fixer = Fixer(Glossary((Entry(spun=spun, original=original, kind="phrase"),)))
    [result] = fix_lines([line], "text", fixer)
    assert result.line == repaired
    assert json.loads(result.line)["text"] == fixer.fix(json.loads(line)["text"])


def test_fix_lines_takes_one_field_name() -> None:
    """One string is one field name, not a list of one-letter names."""
    assert [r.line for r in fix_lines(['{"text": "White Home", "t": "White Home"}'], "text", EXACT)] == [
        '{"text": "White House", "t": "White Home"}']


def test_fix_lines_nesting_limit_does_not_depend_on_the_caller() -> None:
    """How deep a record may nest is a fixed number of levels, whatever the depth of the
    stack that calls fix_lines (it differed between --jobs 1 and --jobs 2): a record
    nested 400 levels deep (its object included) is repaired, one level more is a bad line."""
    def nested(levels: int) -> str:
        return '{"text": "White Home", "d": ' + "[" * (levels - 1) + "]" * (levels - 1) + "}\n"

    def from_depth(frames: int, line: str) -> list[tuple[str, str]]:
        if frames:
            return from_depth(frames - 1, line)
        return [(r.line, r.error) for r in fix_lines(line, "text", EXACT, skip_bad=True)]

    line = nested(400)
    assert from_depth(0, line) == from_depth(450, line) == [(line.replace("Home", "House"), "")]
    line = nested(401)
    assert from_depth(0, line) == from_depth(450, line) == [
        (line, "line 1: JSON nested too deeply (over 400 levels)")]


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    """Brackets in a string are text, not nesting: a shallow record whose strings hold
    more brackets than the nesting limit is repaired like any other."""
    line = '{"text": "White Home", "note": "' + "[{" * 300 + '"}\n'
    assert [(r.line, r.error) for r in fix_lines(line, "text", EXACT, skip_bad=True)] == [
        (line.replace("Home", "House"), "")]


# (line, fields, repaired line, repairs): a string that two names reach (a key and a JSON
# Pointer to it, a list and one of its items) is repaired and counted once
NAMED_TWICE = [
    ('{"text": "White Home"}', ["text", "/text"], '{"text": "White House"}', 1),
    ('{"p": ["White Home", "Fact Social"]}', ["/p/0", "p"], '{"p": ["White House", "Truth Social"]}', 2),
]


@pytest.mark.parametrize(("line", "fields", "fixed", "repairs"), NAMED_TWICE, ids=[" ".join(f) for _, f, _, _ in NAMED_TWICE])
def test_string_named_twice_is_repaired_once(line: str, fields: list[str], fixed: str, repairs: int) -> None:
    assert [(r.line, r.repairs) for r in fix_lines(line, fields, EXACT)] == [(fixed, repairs)]


# (lines, fields, [(line written, repairs, spun, error)]): what fix_lines reports for a record
RECORDS = [
    # a byte order mark starts the first line only: on another line it is no JSON
    ('{"text": "a"}\n\ufeff{"text": "White Home"}\n', ["text"],
     [('{"text": "a"}\n', 0, False, ""),
      ('\ufeff{"text": "White Home"}\n', 0, False,
       "line 2: invalid JSON (Unexpected UTF-8 BOM (decode using utf-8-sig) at column 1)")]),
    # a key written twice: both values are repaired
    ('{"text": "White Home", "text": "Fact Social"}', ["text"], [('{"text": "White House", "text": "Truth Social"}', 2, False, "")]),
    # a report-only repair is not made, and the escapes of the string stay as written
    ('{"text": "We used 10-crease cross. The White Home stated. caf\\u00e9"}', ["text"],
     [('{"text": "We used 10-crease cross. The White House stated. caf\\u00e9"}', 1, False, "")]),
    # a record is spun if one of its fields is, not only the last one
    ('{"a": "The White Home and the energy crops and the Oval Workplace.", "b": "plain"}', ["a", "b"],
     [('{"a": "The White House and the power plants and the Oval Office.", "b": "plain"}', 3, True, "")]),
]


@pytest.mark.parametrize(("lines", "fields", "results"), RECORDS, ids=[str(i) for i in range(len(RECORDS))])
def test_fix_lines_results(lines: str, fields: list[str], results: list[tuple[str, int, bool, str]]) -> None:
    assert [(r.line, r.repairs, r.spun, r.error) for r in fix_lines(lines, fields, EXACT, skip_bad=True)] == results
