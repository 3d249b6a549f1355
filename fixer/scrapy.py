"""A Scrapy item pipeline that repairs spun text in scraped items.

Needs ``pip install 'fixer[scrapy]'``. Enable it in the project settings::

    ITEM_PIPELINES = {"fixer.scrapy.FixerPipeline": 300}
    FIXER_FIELDS = ["title", "body"]          # string fields, or lists of strings, to repair (default: ["text"]);
                                              # "/article/body": a nested one (JSON Pointer)
    FIXER_GLOSSARIES = ["my-glossary.yaml"]   # extra glossaries, layered over the default
    FIXER_DEFAULT_GLOSSARY = True             # False leaves the bundled glossary out
    FIXER_SPIN_SCORE_FIELD = "spin_score"     # optional: store each item's spin score

Items may be dicts, :class:`scrapy.Item`, dataclass or attrs objects (anything
:class:`itemadapter.ItemAdapter` handles).
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Callable, Sequence
from typing import Any

try:
    from itemadapter import ItemAdapter
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.exceptions import NotConfigured
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        f"fixer.scrapy needs scrapy and itemadapter ({exc}); "
        "install them with: pip install 'fixer[scrapy]'") from exc

try:
    import attrs
except ImportError:  # pragma: no cover - attrs comes with scrapy, but items need not use it
    attrs = None  # type: ignore[assignment]

from .arguments import show
from .errors import GlossaryError
from .fields import ScoredFix, check_score_field, distinct_fields, field_path, replace_string
from .formats.jsonl import field_names
from .glossary import glossary_paths
from .repair import Fixer
from .text import one_line

__all__ = ["FixerPipeline"]

logger = logging.getLogger(__name__)


class FixerPipeline:
    """Repairs the configured string fields of every item, each field as its own
    document (a field holding a list of strings, as ``getall()`` gives, as one);
    missing fields and fields that hold other values are left as they are. With a spin score
    field, the item also gets the spin score of its repaired fields taken together."""

    def __init__(self, fields: str | Sequence[str] = ("text",),
                 glossaries: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] = (),
                 default: bool = True, spin_score_field: str | None = None) -> None:
        self.fields = distinct_fields(field_names(fields, "FIXER_FIELDS"))
        check_score_field(spin_score_field, self.fields, name="FIXER_SPIN_SCORE_FIELD")
        self.glossaries = tuple(glossary_paths(glossaries, "FIXER_GLOSSARIES"))
        self.default = default
        self.spin_score_field = spin_score_field
        self.fixer: Fixer | None = None
        self._warned: set[type] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FixerPipeline:
        """The pipeline the ``FIXER_*`` settings describe."""
        settings = crawler.settings
        try:
            default = settings.getbool("FIXER_DEFAULT_GLOSSARY", True)
        except ValueError as exc:
            raise ValueError(f"FIXER_DEFAULT_GLOSSARY: {exc}") from None
        score_field = settings.get("FIXER_SPIN_SCORE_FIELD")
        return cls(
            fields=_setting_list(settings, "FIXER_FIELDS", ["text"]),
            glossaries=_setting_list(settings, "FIXER_GLOSSARIES", []),
            default=default,
            spin_score_field=None if score_field in (None, "") else score_field,  # "": set empty with -s
        )

    def open_spider(self, spider: Spider | None = None) -> None:
        """Build the Fixer; a bad glossary raises NotConfigured with its one-line message."""
        try:
            self.fixer = Fixer.from_files(self.glossaries, default=self.default)
        except GlossaryError as exc:
            raise NotConfigured(str(exc)) from None

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        """*item* with its configured fields repaired in place; a frozen dataclass,
        attrs item or pydantic model, which cannot change, is returned as a new item
        with them repaired."""
        if self.fixer is None:
            raise RuntimeError("FixerPipeline.open_spider() must run before process_item()")
        adapter = ItemAdapter(item)
        fix = ScoredFix(self.fixer)
        changes: dict[str, Any] = {}
        taken: set[tuple[Any, ...]] = set()  # a string named by two fields is repaired once
        for name in self.fields:
            top, *rest = field_path(name)
            value = changes[top] if top in changes else adapter.get(top)
            new, found = replace_string(value, rest, fix, taken, (top,))
            if not found:
                what = ("missing or not a string or a list of strings" if rest
                        else _unaccepted(value) if top in adapter else "missing")
                logger.debug("fixer: field %r of %s is %s; left as it is", name, type(item).__name__, what)
                continue
            changes[top] = new
        if self.spin_score_field is not None:
            if isinstance(item, dict) or self.spin_score_field in adapter.field_names():
                changes[self.spin_score_field] = fix.spin_score()
            elif type(item) not in self._warned:
                self._warned.add(type(item))
                logger.warning("fixer: %s has no field %r for the spin score (FIXER_SPIN_SCORE_FIELD)",
                               type(item).__name__, self.spin_score_field)
        return _updated(item, adapter, changes, self.spin_score_field)


def _setting_list(settings: Any, name: str, default: list[str]) -> Any:
    """The list setting *name*: a string written "title, text" (scrapy crawl -s) split
    at its commas with the spaces around each name taken off; any other value as it
    is, for the pipeline to check (a wrong type is a TypeError naming the setting, not
    one raised by a ``strip()`` or ``list()`` here)."""
    value = settings.get(name)
    if value is None:
        return default
    if isinstance(value, str):
        return [part.strip() for part in value.split(",")] if value else []
    return [part.strip() if isinstance(part, str) else part for part in value] if isinstance(value, (list, tuple)) else value


def _unaccepted(value: Any) -> str:
    """What a field's *value*, which is neither a string nor a list of strings, is."""
    if value is None:
        return "None"
    if isinstance(value, list):
        return "a list holding something other than strings" if value else "an empty list"
    return f"{type(value).__name__}, not a string or a list of strings"


def _updated(item: Any, adapter: ItemAdapter, changes: dict[str, Any], score_field: str | None) -> Any:
    """*item* with the fields of *changes* set: in place, or in a new item where a
    frozen dataclass, attrs class or pydantic model refuses the change. A value the item
    refuses otherwise (a pydantic model that validates assignments) is a ValueError
    naming the field (*score_field*: the spin score's), the item left as it was."""
    before: dict[str, Any] = {}
    try:
        for name, value in changes.items():
            old = adapter.get(name, _ABSENT)
            adapter[name] = value
            before[name] = old
    except (AttributeError, ValueError) as exc:  # FrozenInstanceError of dataclasses and attrs; pydantic's ValidationError
        for set_name, old in before.items():  # no field half changed
            if old is _ABSENT:
                del adapter[set_name]
            else:
                adapter[set_name] = old
        if not _frozen(exc):
            what = "the spin score (FIXER_SPIN_SCORE_FIELD)" if name == score_field else "the repaired text"
            raise ValueError(f"{type(item).__name__} refuses {what} {show(value)} for its field {name!r}: "
                             f"{one_line(str(exc))}") from exc
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            return _with_fields(item, changes, {f.name for f in dataclasses.fields(item) if f.init},
                                dataclasses.replace)
        if attrs is not None and attrs.has(type(item)):
            return _with_fields(item, changes, {a.name for a in attrs.fields(type(item)) if a.init}, attrs.evolve)
        if callable(getattr(item, "model_copy", None)):  # pydantic 2
            return item.model_copy(update=changes)
        raise
    return item


_ABSENT = object()
"""A field an item (a dict) did not have before."""


def _frozen(exc: BaseException) -> bool:
    """Whether *exc*, raised by setting a field, says that the item or field is frozen."""
    if isinstance(exc, AttributeError):  # dataclasses' and attrs' FrozenInstanceError, a read-only attribute
        return True
    errors = getattr(exc, "errors", None)  # pydantic's ValidationError
    return callable(errors) and all(e.get("type") in ("frozen_instance", "frozen_field") for e in errors())


def _with_fields(item: Any, changes: dict[str, Any], init: set[str], evolve: Callable[..., Any]) -> Any:
    """A copy of the frozen dataclass or attrs *item* made by *evolve* with *changes*:
    those of the fields its ``__init__`` takes (*init*) passed to it, the others set on
    the copy, which no one else holds yet."""
    new = evolve(item, **{k: v for k, v in changes.items() if k in init})
    for name, value in changes.items():
        if name not in init:
            object.__setattr__(new, name, value)
    return new
