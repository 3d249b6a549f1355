"""The glossary loader: validation errors (table-driven from cases/glossary_errors.json),
layering, and the default glossary with its own examples and negative sentences."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from fixer import Config, Fixer, Glossary, GlossaryError, default_glossary_path, load_glossaries, load_glossary
from fixer.cli import main
from fixer.glossary import Conditions, Entry, check_disable, parse_entry
from fixer.glossary_stats import check_examples, glossary_stats

TESTS = Path(__file__).resolve().parent
GLOSSARIES = TESTS / "glossaries"
ERROR_CASES = json.loads((TESTS / "cases" / "glossary_errors.json").read_text(encoding="utf-8"))
EXAMPLE_CASES = json.loads((TESTS / "cases" / "glossary_examples.json").read_text(encoding="utf-8"))


def _write_case(case: dict[str, Any], root: Path) -> Path:
    """Write a case's files (text encoded with surrogateescape, so a lone surrogate
    stands for an invalid byte) and directories under *root*; return the file to load."""
    for name, text in case["files"].items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
    for name in case.get("dirs", ()):
        (root / name).mkdir()
    return root / case["load"]


@pytest.mark.parametrize("case", [
    pytest.param(c, id=c["label"], marks=[pytest.mark.xfail(strict=True, reason=c["comment"])] if c.get("expect") == "fail" else [])
    for c in ERROR_CASES
])
def test_glossary_validation(case: dict[str, Any], tmp_path: Path) -> None:
    """Loading the glossary and building a Fixer (which checks chains) fails with the
    expected message, file and line; or succeeds when no error is expected."""
    path = _write_case(case, tmp_path)
    if case["error"] is None:
        fixer = Fixer(load_glossaries([path], default=False))
        assert len(fixer.glossary.entries) == sum(t.count("spun:") for t in case["files"].values())
        return
    with pytest.raises(GlossaryError) as info:
        Fixer(load_glossaries([path], default=False))
    message = str(info.value)
    assert case["error"].replace("{dir}", str(tmp_path)) in message
    assert "\n" not in message and "Traceback" not in message


ALTERNATIVE_CHAIN = TESTS / "glossaries" / "alternative_chain.yaml"


def test_glossary_check_warns_of_an_alternative_that_chains() -> None:
    """``glossary check`` said ok for a file that ``fix --ngrams`` refuses: it loads (exit
    0) and names the alternative in a warning."""
    result = CliRunner().invoke(main, ["glossary", "check", "--no-default", str(ALTERNATIVE_CHAIN)])
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"fixer: warning: {ALTERNATIVE_CHAIN}:5: alternative 'aid' contains spun form 'aid' of "
                             f"the entry at {ALTERNATIVE_CHAIN}:6: with --ngrams, which may write it, the glossary is "
                             "refused (a chain)\n")


@pytest.mark.parametrize("build", ["Fixer", "from_files", "with_config"])
def test_an_alternative_that_chains_is_refused_with_ngrams(build: str) -> None:
    """With n-gram checks on, an alternative original that another entry repairs again
    is a chain, however the Fixer is made; without them alternatives are never written
    and the glossary loads."""
    glossary = load_glossaries([ALTERNATIVE_CHAIN], default=False)
    plain = Fixer(glossary)
    assert plain.fix("the zorkle") == "the help"
    makers = {"Fixer": lambda: Fixer(glossary, Config(ngrams=True)),
              "from_files": lambda: Fixer.from_files([ALTERNATIVE_CHAIN], default=False, ngrams=True),
              "with_config": lambda: plain.with_config(ngrams=True)}
    with pytest.raises(GlossaryError, match=r"alternative_chain\.yaml:5: alternative 'aid' contains spun form 'aid' "
                                            r"of the entry at .*alternative_chain\.yaml:6 \(a chain"):
        makers[build]()


# The defects behind these showed through the CLI too: a traceback, a wrong line, an "ok".
CLI_CASES = [c for c in ERROR_CASES if c["label"] in ("when-unknown-keys-mixed-types", "entry-not-mapping", "include-missing-nested",
                                                         "entries-missing")]


@pytest.mark.parametrize("case", CLI_CASES, ids=[c["label"] for c in CLI_CASES])
def test_glossary_check_cli(case: dict[str, Any], tmp_path: Path) -> None:
    """``fixer glossary check`` exits 2 with the same one-line message, no traceback."""
    path = _write_case(case, tmp_path)
    result = CliRunner().invoke(main, ["glossary", "check", str(path)])
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert case["error"].replace("{dir}", str(tmp_path)) in result.stderr


@pytest.mark.parametrize("case", [
    pytest.param(c, id=c["label"], marks=[pytest.mark.xfail(strict=True, reason=c["comment"])] if c.get("expect") == "fail" else [])
    for c in EXAMPLE_CASES
])
def test_glossary_check_runs_examples(case: dict[str, Any], tmp_path: Path) -> None:
    """``fixer glossary check`` runs each entry's examples and negative sentences with
    the default glossary under the file: one line per failure and exit 1, else "ok"."""
    path = _write_case(case, tmp_path)
    result = CliRunner().invoke(main, ["glossary", "check", str(path)])
    assert (result.exit_code, result.stderr) == (case["exit"], ""), result.output
    assert result.stdout.splitlines() == [line.replace("{dir}", str(tmp_path)) for line in case["output"]]


def test_glossary_check_runs_each_files_examples_with_the_default_only(tmp_path: Path) -> None:
    """Each FILE's examples run with the default glossary under that FILE alone, as
    ``fix -g FILE`` would: another file checked beside it changes none of them."""
    (tmp_path / "a.yaml").write_text('version: 1\nentries:\n  - {spun: blue moon tree, original: rare event,\n'
                                     '     examples: [{spun: "A blue moon tree won.", original: "A rare event won."}]}\n')
    (tmp_path / "b.yaml").write_text("version: 1\nentries:\n  - {spun: won, original: gained, safety: safe}\n")
    result = CliRunner().invoke(main, ["glossary", "check", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")])
    assert (result.exit_code, result.stdout) == (0, f"{tmp_path}/a.yaml: ok (1 entry)\n{tmp_path}/b.yaml: ok (1 entry)\n")


def test_glossary_check_warns_of_a_form_its_includes_define_otherwise(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A spun form that two included files, or a file and its include, define with
    different originals is named in a warning, with the definition used (the last) and
    the one it overrides; the check still passes. It used to say only "ok". The same
    original twice, or a file included twice, is no warning."""
    monkeypatch.chdir(tmp_path)
    Path("sub").mkdir()
    Path("sub/a.yaml").write_text("version: 1\nentries:\n  - {spun: foo bar, original: baz qux}\n")
    Path("sub/b.yaml").write_text("version: 1\nentries:\n  - {spun: foo bar, original: zip zap}\n"
                                  "  - {spun: blue zorkle, original: clear sky}\n  - {spun: red mop, original: a}\n")
    Path("top.yaml").write_text("version: 1\ninclude: [sub/a.yaml, sub/b.yaml, sub/b.yaml]\nentries:\n"
                                "  - {spun: Blue  Zorkle, original: red sky}\n  - {spun: red mop, original: a}\n")
    result = CliRunner().invoke(main, ["glossary", "check", "top.yaml"])
    assert (result.exit_code, result.stdout) == (0, "top.yaml: ok (3 entries)\n")
    assert result.stderr.splitlines() == [
        "fixer: warning: sub/b.yaml:3: spun form 'foo bar' -> 'zip zap' overrides sub/a.yaml:3 ('baz qux')",
        "fixer: warning: top.yaml:4: spun form 'Blue  Zorkle' -> 'red sky' overrides sub/b.yaml:4 ('clear sky')",
    ]
    assert load_glossary("top.yaml").entries[0].original == "zip zap"


def test_an_override_names_the_definition_it_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three definitions of one form: each later one is said to override the one before
    it, not the first (the file's own entry, which is the one used, was not named, as it
    has the first one's original)."""
    monkeypatch.chdir(tmp_path)
    Path("i1.yaml").write_text("version: 1\nentries:\n  - {spun: Fact Social, original: Truth Social}\n")
    Path("i2.yaml").write_text("version: 1\nentries:\n  - {spun: Fact Social, original: Truth Network}\n")
    Path("top.yaml").write_text("version: 1\ninclude: [i1.yaml, i2.yaml]\nentries:\n"
                                "  - {spun: Fact Social, original: Truth Social}\n")
    result = CliRunner().invoke(main, ["glossary", "check", "top.yaml"])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "fixer: warning: i2.yaml:3: spun form 'Fact Social' -> 'Truth Network' overrides i1.yaml:3 ('Truth Social')",
        "fixer: warning: top.yaml:4: spun form 'Fact Social' -> 'Truth Social' overrides i2.yaml:3 ('Truth Network')",
    ]


def _entry_line(path: Path, spun: str) -> int:
    """1-based line of the entry whose spun form is *spun* in a flow-style test glossary."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.strip().startswith(f"- {{spun: {spun},"))


def test_entry_defaults_and_location() -> None:
    """Kind, safety and inflection defaults, and the file:line of each entry."""
    path = GLOSSARIES / "synthetic.yaml"
    by_spun = {e.spun[0]: e for e in load_glossary(path).entries}
    word, phrase, report = by_spun["quarrel"], by_spun["cobalt wagon"], by_spun["murky"]
    assert (word.kind, word.safety, word.inflect) == ("word", "gated", False)
    assert (phrase.kind, phrase.safety, phrase.inflect) == ("phrase", "safe", True)
    assert (report.safety, report.auto) == ("report", False)
    assert by_spun["rigid stamp"].inflect is False
    assert by_spun["sword"].when.prev == frozenset({"the", "this"})
    for spun in ("quarrel", "cobalt wagon", "hence"):
        assert by_spun[spun].location == f"{path}:{_entry_line(path, spun)}"


@pytest.mark.parametrize(("spun", "kind", "safety", "fixed"), [
    ("word", "word", "gated", "The word."),
    ("two words", "phrase", "safe", "The x."),
    ("Hyphen-Ated", "phrase", "safe", "The X."),
], ids=["word", "two-words", "hyphenated"])
def test_inferred_kind(spun: str, kind: str, safety: str, fixed: str) -> None:
    """Without 'kind', one word is a gated "word" (applied only in documents judged
    spun) and several words, a hyphen parting them as a space does, a safe "phrase"."""
    entry = parse_entry({"spun": spun, "original": "x"}, "g.yaml", 1)
    assert (entry.kind, entry.safety) == (kind, safety)
    assert Fixer(Glossary((entry,))).fix(f"The {spun}.") == fixed


def test_layering_later_file_wins() -> None:
    """A spun form defined in two files takes the later file's original; the rest of
    both files is kept."""
    base, override = GLOSSARIES / "synthetic.yaml", GLOSSARIES / "override.yaml"
    for order, original in (((base, override), "azure automobile"), ((override, base), "blue car")):
        glossary = load_glossaries(order, default=False)
        owners = [e for e in glossary.entries if "cobalt wagon" in e.spun]
        assert [e.original for e in owners] == [original]
        assert any("ethereal station" in e.spun for e in glossary.entries)
        assert glossary.files == tuple(str(p) for p in order)


def test_a_file_named_twice_is_read_once_where_it_was_named_last() -> None:
    """A file named twice, by any path, is layered once, at its last place (where it
    wins); it was read twice and listed twice (``glossary stats``)."""
    base, override = GLOSSARIES / "synthetic.yaml", GLOSSARIES / "override.yaml"
    other_path = GLOSSARIES / ".." / "glossaries" / "synthetic.yaml"
    glossary = load_glossaries([base, override, other_path], default=False)
    assert glossary.files == (str(override), str(other_path))
    assert [e.original for e in glossary.entries if "cobalt wagon" in e.spun] == ["blue car"]
    assert load_glossaries([default_glossary_path()]).files == load_glossaries().files


def test_layering_later_file_wins_with_its_plural(tmp_path: Path) -> None:
    """A later file's entry wins also where its spun form's plural is an earlier file's
    spun form: the default glossary's "energy crops" kept its original, and with a
    document condition of the default entry met by the later one's original, "energy
    crops" was repaired by neither."""
    mine = tmp_path / "mine.yaml"
    mine.write_text("version: 1\nentries:\n  - {spun: energy crop, original: energy harvest, kind: phrase}\n",
                    encoding="utf-8")
    fixer = Fixer.from_files([mine])
    assert fixer.fix("The energy crops and an energy crop were hit.") == (
        "The energy harvests and an energy harvest were hit.")
    assert not any("energy crops" in e.spun for e in fixer.glossary.entries)


def test_include_then_own_entries_win(tmp_path: Path) -> None:
    """A file's own entries are layered over the files it includes."""
    (tmp_path / "h.yaml").write_text("version: 1\nentries:\n  - {spun: sword, original: blade, safety: safe}\n", encoding="utf-8")
    (tmp_path / "g.yaml").write_text("version: 1\ninclude: [h.yaml]\nentries:\n  - {spun: sword, original: war, safety: safe}\n",
        encoding="utf-8")
    glossary = load_glossary(tmp_path / "g.yaml")
    assert [e.original for e in glossary.entries] == ["war"]
    assert Fixer(glossary).fix("the sword, the Sword") == "the war, the War"


def test_default_flag() -> None:
    """default=True layers the bundled glossary under the files; default=False leaves it
    out; neither files nor default is an error."""
    own = GLOSSARIES / "override.yaml"
    with_default = Fixer.from_files([own])
    without = Fixer.from_files([own], default=False)
    assert str(default_glossary_path()) in with_default.glossary.files
    assert with_default.glossary.files[-1] == without.glossary.files[-1] == str(own)
    assert len(with_default.glossary) > len(without.glossary) == len(load_glossary(own))
    assert with_default.fix("the White Home") == "the White House"
    assert without.fix("the White Home") == "the White Home"
    with pytest.raises(GlossaryError, match="no glossary"):
        load_glossaries([], default=False)


DISABLE_VALUES = [
    ("spun-form", "White Home", True),
    ("second-spun-form", "Whitened Home", True),
    ("folded-spun-form", "WHITE-home", True),
    ("id", "White Home -> White House", True),
    ("typo", "Whte Home", False),
    ("original", "White House", False),
    # the other number of a form, which the entry matches too and a scan reports as spun
    ("inflected-form", "White Homes", True),
    ("inflected-typo", "Whte Homes", False),
]


@pytest.mark.parametrize(("value", "known"), [pytest.param(v, k, id=i) for i, v, k in DISABLE_VALUES])
def test_check_disable(value: str, known: bool) -> None:
    """A value to disable turns its entry off, or is refused, with a message naming it,
    by check_disable and by building a Fixer (the singular or plural of a spun form was
    refused, though a scan reports repairs with it)."""
    glossary = Glossary((parse_entry({"spun": "cobalt wagon", "original": "blue car"}, "g.yaml", 1),
                         parse_entry({"spun": ["White Home", "Whitened Home"], "original": "White House"}, "g.yaml", 2)))
    text = "The White Home said."
    if known:
        check_disable(glossary, [value])
        assert Fixer(glossary, Config(disable=value)).fix(text) == text
        return
    message = f"disable {value!r}: no glossary entry has this spun form (or its singular or plural) or id"
    with pytest.raises(ValueError, match=re.escape(message)):
        check_disable(glossary, ["White Home", value])
    with pytest.raises(ValueError, match=re.escape(message)):
        Fixer(glossary, Config(disable=["White Home", value]))


def test_default_glossary_loads() -> None:
    """The bundled glossary loads (building a Fixer checks it for chains) and every
    entry knows its file:line."""
    path = default_glossary_path()
    assert path.is_file()
    fixer = Fixer.from_files()
    assert len(fixer.glossary) > 100
    for entry in fixer.glossary.entries:
        assert Path(entry.file).is_file() and entry.line > 0, entry


def test_readme_figures_are_the_default_glossary_stats() -> None:
    """The README's figures of the default glossary are what `fixer glossary stats` prints."""
    stats = glossary_stats(load_glossaries())
    kinds, safety = stats["by_kind"], stats["by_safety"]
    figures = [stats["entries"], stats["spun_forms"], kinds["tortured"], kinds["name"], kinds["phrase"], kinds["word"],
               kinds["grammar"], safety["safe"], safety["gated"], safety["report"], stats["with_conditions"]]
    readme = " ".join((TESTS.parent / "README.md").read_text(encoding="utf-8").split())
    assert ("Today: {:,} entries and {:,} spun forms ({:,} tortured phrases, {:,} names, {:,} phrases, {:,} single "
            "words, {:,} grammar artefacts; {:,} safe, {:,} gated, {:,} report-only; {:,} with context "
            "conditions)").format(*figures) in readme
    assert f"| default ({stats['entries']:,} entries) |" in readme


def test_default_originals_are_words() -> None:
    """Every original that can be applied holds a letter or a digit: a placeholder such
    as PPS's '-' for an unknown phrase would replace the spun phrase by nothing useful."""
    placeholders = [e.location for e in load_glossaries().entries
                    if e.safety != "report" and not any(c.isalnum() for c in e.original)]
    assert not placeholders


DEFAULT = Fixer.from_files()
WITH_EXAMPLES = [e for e in DEFAULT.glossary.entries if e.examples or e.negative]


@pytest.mark.parametrize("entry", WITH_EXAMPLES, ids=[e.location.rsplit("/", 1)[-1] for e in WITH_EXAMPLES])
def test_default_entry_examples(entry: Any) -> None:
    """Each example sentence is repaired exactly as given (gated entries in a document
    judged spun); each negative sentence comes back unchanged, and the entry never
    fires on it even in a spun document."""
    assert check_examples(DEFAULT, [entry]) == []


def test_a_doc_lacks_phrase_that_a_form_of_the_entry_lacks_is_kept(tmp_path: Path) -> None:
    """A doc_lacks phrase that only some of an entry's forms hold (another spun form, the
    plural) leaves the entry alive: it is loaded, and repairs where the phrase is absent."""
    path = tmp_path / "g.yaml"
    path.write_text("version: 1\nentries:\n  - spun: [zorble fnord, quux blat]\n    original: quantum computing\n"
                    "    when: {doc_lacks: [fnord]}\n", encoding="utf-8")
    fixer = Fixer.from_files([path], default=False)
    assert fixer.fix("Two zorble fnords and a quux blat.") == "Two quantum computings and a quantum computing."


@pytest.mark.parametrize("spun, original", [("battle", "war"), ("energy crops", " power plants "),
                                            ("energy-crops", "power plants")])
def test_an_entry_made_in_code_is_the_entry_of_a_file(tmp_path: Path, spun: str, original: str) -> None:
    """An Entry made in code takes the defaults of a glossary file (a single word was a
    safe phrase matched in the plural too, and changed "battles" everywhere) and its
    original stripped of spaces, as the loader strips it (the repair brought them in)."""
    path = tmp_path / "g.yaml"
    path.write_text(f"version: 1\nentries:\n  - {{spun: {spun}, original: '{original}'}}\n", encoding="utf-8")
    loaded = load_glossary(path).entries[0]
    made = Entry(spun=spun, original=original)
    assert (made.kind, made.safety, made.inflect, made.original) == (
        loaded.kind, loaded.safety, loaded.inflect, loaded.original)
    assert made.original == original.strip()
    assert (made.kind, made.safety, made.inflect) == {
        "battle": ("word", "gated", False), "energy crops": ("phrase", "safe", True),
        "energy-crops": ("phrase", "safe", False)}[spun]


def test_an_entry_made_from_str_enum_members_keeps_their_values() -> None:
    """Entry fields given as members of a str enum keep the members' values, not their
    names, which str() gives them: the spun form stays the text to match."""
    import enum

    class Words(str, enum.Enum):
        SPUN = "zorblax quuxit"
        ORIGINAL = "alpha beta"
        OTHER = "gamma delta"
        SOURCE = "my list"

    entry = Entry(Words.SPUN, Words.ORIGINAL, alternatives=(Words.OTHER,), source=Words.SOURCE, note=Words.SOURCE)
    assert (entry.spun, entry.original, entry.alternatives, entry.source, entry.note) == (
        ("zorblax quuxit",), "alpha beta", ("gamma delta",), "my list", "my list")
    assert Fixer(Glossary((entry,))).fix("the zorblax quuxit") == "the alpha beta"


def test_a_negative_example_is_not_blamed_on_an_entry_of_the_same_id() -> None:
    """Two entries of one spun form and original (one id) but other conditions: the
    negative example of the first, repaired by the second in a spun document, is no
    failure of the first (it was matched by id alone)."""
    first = Entry("extra", "more", when=Conditions(next=["apples"]), negative=("We want extra pears.",), line=1)
    second = Entry("extra", "more", safety="gated", when=Conditions(next=["pears"]), line=2)
    fixer = Fixer(Glossary((first, second)))
    assert fixer.spun_view().fix("We want extra pears.") == "We want more pears."
    assert check_examples(fixer, [first]) == []
