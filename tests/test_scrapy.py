"""fixer.scrapy.FixerPipeline through Scrapy's own crawler and settings machinery."""

from __future__ import annotations

import dataclasses
import json
import logging
from pathlib import Path
from typing import Any

import pytest

scrapy = pytest.importorskip("scrapy")
attrs = pytest.importorskip("attrs")
pydantic = pytest.importorskip("pydantic")

from itemadapter import ItemAdapter  # noqa: E402
from scrapy.exceptions import NotConfigured  # noqa: E402
from scrapy.utils.test import get_crawler  # noqa: E402

from fixer import Fixer, combined_spin_score  # noqa: E402
from fixer.formats.jsonl import fix_line  # noqa: E402
from fixer.scrapy import FixerPipeline  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SPUN = next(iter(sorted((ROOT / "seeds").glob("*.spun.txt")))).read_text(encoding="utf-8")
TITLE = "The White Home stated the energy crops were hit"


class ArticleItem(scrapy.Item):
    url = scrapy.Field()
    title = scrapy.Field()
    text = scrapy.Field()
    spin = scrapy.Field()


@dataclasses.dataclass
class ArticleData:
    url: str
    title: str
    text: Any
    spin: float | None = None


@attrs.define
class ArticleAttrs:
    url: str
    title: str
    text: Any
    spin: float | None = None


@pytest.fixture(scope="module")
def reference() -> Fixer:
    return Fixer.from_files()


def pipeline(**settings: Any) -> FixerPipeline:
    crawler = get_crawler(settings_dict=settings)
    pipe = FixerPipeline.from_crawler(crawler)
    pipe.open_spider(scrapy.Spider("test"))
    return pipe


def test_dict_item_default_settings(reference: Fixer) -> None:
    item = {"url": "https://example.org/a", "text": SPUN, "title": TITLE, "n": 3}
    out = pipeline().process_item(item, scrapy.Spider("test"))
    assert out is item
    assert out == {"url": "https://example.org/a", "text": reference.fix(SPUN), "title": TITLE, "n": 3}
    assert out["text"] != SPUN


@pytest.mark.parametrize("make", [
    lambda: ArticleItem(url="u", title=TITLE, text=SPUN),
    lambda: ArticleData(url="u", title=TITLE, text=SPUN),
    lambda: ArticleAttrs(url="u", title=TITLE, text=SPUN),
], ids=["scrapy.Item", "dataclass", "attrs"])
def test_item_types_with_spin_score(make: Any, reference: Fixer) -> None:
    pipe = pipeline(FIXER_FIELDS=["title", "text"], FIXER_SPIN_SCORE_FIELD="spin")
    item = pipe.process_item(make())
    adapter = ItemAdapter(item)
    title, title_scan = reference.fix_and_scan(TITLE)
    text, text_scan = reference.fix_and_scan(SPUN)
    assert (adapter["url"], adapter["title"], adapter["text"]) == ("u", title, text)
    hits = title_scan.safe_hits + text_scan.safe_hits
    assert adapter["spin"] == 1000.0 * hits / max(title_scan.words + text_scan.words, 100)
    assert adapter["spin"] > 1.0


@pytest.mark.parametrize("fields", ["title,text", "title, text"])
def test_settings_as_comma_separated_string_and_single_field_score(reference: Fixer, fields: str) -> None:
    """A list of fields given as one string ("-s FIXER_FIELDS=title, text") is split at
    commas, the spaces after them dropped (the field ' text' was looked for)."""
    item = pipeline(FIXER_FIELDS=fields, FIXER_SPIN_SCORE_FIELD="spin").process_item({"text": SPUN})
    assert item == {"text": reference.fix(SPUN), "spin": reference.scan(SPUN).spin_score}


def test_missing_and_non_string_fields_are_left_alone(caplog: pytest.LogCaptureFixture) -> None:
    pipe = pipeline(FIXER_FIELDS=["title", "text", "body"])
    caplog.set_level(logging.DEBUG, logger="fixer.scrapy")
    assert pipe.process_item({"title": 7, "text": None}) == {"title": 7, "text": None}
    item = pipe.process_item(ArticleItem(url="u", text=["a", 3]))
    assert dict(item) == {"url": "u", "text": ["a", 3]}
    messages = [r.getMessage() for r in caplog.records]
    assert "fixer: field 'title' of dict is int, not a string or a list of strings; left as it is" in messages
    assert ("fixer: field 'text' of ArticleItem is a list holding something other than strings; "
            "left as it is") in messages
    assert "fixer: field 'body' of dict is missing; left as it is" in messages
    assert "fixer: field 'text' of dict is None; left as it is" in messages
    assert "fixer: field 'title' of ArticleItem is missing; left as it is" in messages


def test_nested_field_by_json_pointer(caplog: pytest.LogCaptureFixture, reference: Fixer) -> None:
    """FIXER_FIELDS may name a nested string with a JSON Pointer; a pointer to nothing
    leaves the item as it is."""
    pipe = pipeline(FIXER_FIELDS=["/article/body", "/paragraphs/1", "/nothing/here"])
    caplog.set_level(logging.DEBUG, logger="fixer.scrapy")
    item = pipe.process_item({"article": {"body": SPUN, "title": "The White Home"}, "paragraphs": ["x", SPUN]})
    assert item == {"article": {"body": reference.fix(SPUN), "title": "The White Home"},
                    "paragraphs": ["x", reference.fix(SPUN)]}
    assert ("fixer: field '/nothing/here' of dict is missing or not a string or a list of strings; "
            "left as it is") in [
        r.getMessage() for r in caplog.records]


def test_score_field_the_item_cannot_hold(caplog: pytest.LogCaptureFixture, reference: Fixer) -> None:
    pipe = pipeline(FIXER_SPIN_SCORE_FIELD="score")
    for _ in range(2):
        item = pipe.process_item(ArticleData(url="u", title=TITLE, text=SPUN))
        assert item.text == reference.fix(SPUN)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == ["fixer: ArticleData has no field 'score' for the spin score (FIXER_SPIN_SCORE_FIELD)"]


def test_extra_glossaries_without_default() -> None:
    glossaries = ROOT / "tests" / "glossaries"
    settings = {"FIXER_GLOSSARIES": [str(glossaries / "synthetic.yaml"), str(glossaries / "override.yaml")],
                "FIXER_DEFAULT_GLOSSARY": False}
    expected = Fixer.from_files(settings["FIXER_GLOSSARIES"], default=False)
    item = pipeline(**settings).process_item({"text": "a cobalt wagon near the White Home"})
    assert item == {"text": expected.fix("a cobalt wagon near the White Home")}
    assert "azure automobile" in item["text"] and "White Home" in item["text"]


def test_bad_glossary_raises_not_configured(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nentries: [oops\n", encoding="utf-8")
    pipe = FixerPipeline.from_crawler(get_crawler(settings_dict={"FIXER_GLOSSARIES": [str(bad)]}))
    with pytest.raises(NotConfigured) as info:
        pipe.open_spider()
    message = str(info.value)
    assert str(bad) in message and "\n" not in message


def test_one_field_name_is_one_field() -> None:
    pipeline = FixerPipeline(fields="text")
    assert pipeline.fields == ("text",)


@dataclasses.dataclass(frozen=True)
class FrozenData:
    url: str
    text: Any
    spin: float | None = None


@attrs.frozen
class FrozenAttrs:
    url: str
    text: Any
    spin: float | None = None


class FrozenModel(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(frozen=True)
    url: str
    text: Any
    spin: float | None = None


@pytest.mark.parametrize("kind", [FrozenData, FrozenAttrs, FrozenModel], ids=["dataclass", "attrs", "pydantic"])
def test_frozen_items_come_back_as_new_repaired_items(kind: Any, reference: Fixer) -> None:
    """A frozen item cannot be changed in place: the pipeline returns a new one, of the
    same class (a frozen pydantic model raised pydantic's error, and the item was lost), with the fields repaired and the score stored (Scrapy passes on what
    the pipeline returns); the original item is left as it was."""
    item = kind(url="u", text=SPUN)
    out = pipeline(FIXER_SPIN_SCORE_FIELD="spin").process_item(item)
    assert type(out) is kind
    assert (out.url, out.text, out.spin) == ("u", reference.fix(SPUN), reference.scan(SPUN).spin_score)
    assert (item.text, item.spin) == (SPUN, None)


@dataclasses.dataclass(frozen=True)
class FrozenDataScoreNotInit:
    url: str
    text: Any
    spin: float | None = dataclasses.field(default=None, init=False)


@attrs.frozen
class FrozenAttrsScoreNotInit:
    url: str
    text: Any
    spin: float | None = attrs.field(default=None, init=False)


@pytest.mark.parametrize("kind", [FrozenDataScoreNotInit, FrozenAttrsScoreNotInit], ids=["dataclass", "attrs"])
def test_frozen_items_get_a_score_field_their_init_does_not_take(kind: Any, reference: Fixer) -> None:
    """A frozen item's score field that ``__init__`` does not take (``init=False``) is
    set on the new item: copying the item with it raised for every item."""
    out = pipeline(FIXER_SPIN_SCORE_FIELD="spin").process_item(kind(url="u", text=SPUN))
    assert type(out) is kind
    assert (out.url, out.text, out.spin) == ("u", reference.fix(SPUN), reference.scan(SPUN).spin_score)


class CheckedModel(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(validate_assignment=True)
    text: str
    title: str = "The White Home"
    spin: str = ""


def test_a_value_a_validating_model_refuses_is_an_error_and_changes_nothing() -> None:
    """A pydantic model that validates assignments and refuses the spin score (a float
    for a str field) is a ValueError naming the field, the item left as it was: it was
    copied without validation, the float stored in the str field, and the original
    item's text already changed."""
    item = CheckedModel(text=SPUN)
    with pytest.raises(ValueError, match=r"^CheckedModel refuses the spin score \(FIXER_SPIN_SCORE_FIELD\) [\d.]+ "
                                         r"\(float\) for its field 'spin': 1 validation error"):
        pipeline(FIXER_SPIN_SCORE_FIELD="spin", FIXER_FIELDS=["text", "title"]).process_item(item)
    assert (item.text, item.title, item.spin) == (SPUN, "The White Home", "")


@pytest.mark.parametrize(("settings", "error", "message"), [
    ({"FIXER_SPIN_SCORE_FIELD": 0}, TypeError, "FIXER_SPIN_SCORE_FIELD must be a field name (str), not 0 (int)"),
    ({"FIXER_DEFAULT_GLOSSARY": "maybe"}, ValueError, "FIXER_DEFAULT_GLOSSARY: "),
], ids=["score-field-0", "default-glossary-maybe"])
def test_a_setting_of_the_wrong_kind_is_named(settings: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error) as raised:
        FixerPipeline.from_crawler(get_crawler(settings_dict=settings))
    assert str(raised.value).startswith(message)


def test_an_empty_score_field_setting_is_none() -> None:
    assert FixerPipeline.from_crawler(get_crawler(settings_dict={"FIXER_SPIN_SCORE_FIELD": ""})).spin_score_field is None


def test_list_field_is_repaired_as_one_document(reference: Fixer) -> None:
    """A field holding a list of strings (what ``getall()`` gives) is repaired as one
    document: a gated word in one paragraph is repaired because the others make the
    text spun, as in the joined text; the score is that of the joined text."""
    paragraphs = [p for p in SPUN.split("\n") if p.strip()]
    item = pipeline(FIXER_SPIN_SCORE_FIELD="spin").process_item({"text": paragraphs})
    joined = "\n\n".join(paragraphs)
    assert item["text"] == reference.fix(joined).split("\n\n")
    assert item["spin"] == reference.scan(joined).spin_score
    alone = [reference.fix(p) for p in paragraphs]
    assert item["text"] != alone  # some paragraphs alone are not judged spun


@pytest.mark.parametrize("fields", [["title", "text"], ["/text/body"]])
def test_score_field_that_is_a_field_to_repair_is_refused(fields: list[str]) -> None:
    """A spin score stored in a field to repair (or the one a pointer starts at) would
    replace its repaired text: refused when the pipeline is made, before any item."""
    with pytest.raises(ValueError, match="^spin score field 'text' is also a field to repair"):
        FixerPipeline.from_crawler(get_crawler(settings_dict={"FIXER_FIELDS": fields,
                                                              "FIXER_SPIN_SCORE_FIELD": "text"}))


@pytest.mark.parametrize("fields", [[], ""], ids=["empty list", "empty string"])
def test_no_field_to_repair_is_refused(fields: list[str] | str) -> None:
    """FIXER_FIELDS set to nothing would make a pipeline that repairs nothing, silently."""
    with pytest.raises(ValueError, match="^FIXER_FIELDS names no field to repair"):
        FixerPipeline.from_crawler(get_crawler(settings_dict={"FIXER_FIELDS": fields}))


def test_one_glossary_path_is_one_glossary() -> None:
    """A single glossary path, a str or a Path, is one glossary (a str was read as one
    path per character)."""
    path = ROOT / "tests" / "glossaries" / "synthetic.yaml"
    expected = Fixer.from_files(path, default=False).fix("a cobalt wagon")
    for one in (str(path), path):
        pipe = FixerPipeline(glossaries=one, default=False)
        assert pipe.glossaries == (one,)
        pipe.open_spider()
        assert pipe.process_item({"text": "a cobalt wagon"}) == {"text": expected} != {"text": "a cobalt wagon"}


def test_a_field_named_twice_is_repaired_once(reference: Fixer) -> None:
    """As in JSON Lines, a field named twice ("text" and "/text" name one field) is
    repaired and scored once: the score is that of the text."""
    item = pipeline(FIXER_FIELDS=["text", "/text"], FIXER_SPIN_SCORE_FIELD="spin").process_item({"text": SPUN})
    assert item == {"text": reference.fix(SPUN), "spin": reference.scan(SPUN).spin_score}


def test_empty_list_field_is_logged_as_empty(caplog: pytest.LogCaptureFixture) -> None:
    pipe = pipeline(FIXER_FIELDS=["text"])
    caplog.set_level(logging.DEBUG, logger="fixer.scrapy")
    assert pipe.process_item({"text": []}) == {"text": []}
    assert [r.getMessage() for r in caplog.records] == ["fixer: field 'text' of dict is an empty list; left as it is"]


@pytest.mark.parametrize(("settings", "named"), [
    ({"FIXER_FIELDS": 5}, "FIXER_FIELDS"),
    ({"FIXER_FIELDS": ["text", 1]}, "FIXER_FIELDS"),
    ({"FIXER_GLOSSARIES": 5}, "FIXER_GLOSSARIES must be"),
    ({"FIXER_GLOSSARIES": ["a.yaml", 5]}, "FIXER_GLOSSARIES must hold"),
    ({"FIXER_SPIN_SCORE_FIELD": ["spin"]}, "FIXER_SPIN_SCORE_FIELD"),
    ({"FIXER_SPIN_SCORE_FIELD": 5}, "FIXER_SPIN_SCORE_FIELD"),
])
def test_setting_of_the_wrong_type_is_a_type_error_naming_it(settings: dict[str, Any], named: str) -> None:
    # from_crawler once called strip() and list() on the values itself: 'int' object is not iterable
    with pytest.raises(TypeError, match=named):
        FixerPipeline.from_crawler(get_crawler(settings_dict=settings))


def test_score_field_written_as_a_pointer_is_refused() -> None:
    """The score goes into a top-level field: "/meta/spin" is refused, not stored under
    a key with a slash in it."""
    with pytest.raises(ValueError, match="FIXER_SPIN_SCORE_FIELD '/meta/spin' starts with '/'"):
        FixerPipeline.from_crawler(get_crawler(settings_dict={"FIXER_SPIN_SCORE_FIELD": "/meta/spin"}))


@pytest.mark.parametrize("fields", [["text", "/text/0"], ["/text/0", "text"], ["/text/1", "/text/0", "text"]])
def test_a_string_named_by_two_fields_is_repaired_once_as_in_json_lines(fields: list[str], reference: Fixer) -> None:
    """A string of a list field that a JSON Pointer names too is repaired once, with the
    first field naming it, the list's other strings as one document: the item and its
    spin score are those of ``fixer fix --jsonl`` with the same fields. It was repaired
    twice, once alone, and the score counted it twice."""
    record = {"text": [SPUN, "The White Home stated it."]}
    item = pipeline(FIXER_FIELDS=fields, FIXER_SPIN_SCORE_FIELD="spin").process_item(json.loads(json.dumps(record)))
    line = fix_line(json.dumps(record), 1, fields, reference, explain=True)
    assert item["text"] == json.loads(line.line)["text"]
    assert item["spin"] == combined_spin_score([field.result for field in line.fields])
