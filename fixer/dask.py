"""Repair dask collections: bags of strings, bags of records, dataframe text columns.

Needs ``pip install 'fixer[dask]'``. The task graph carries only a small
:class:`FixerSpec` (glossary paths, default flag, configuration); each worker process
builds its Fixer from it on first use and keeps it for every later task, so a Fixer
is built once per worker process, not once per task or record, and is never pickled
into the graph. A process keeps the Fixers of the :data:`MAX_FIXERS` specs it used
last, and specs that differ only in settings applied after compiling (``protect``,
the gate) share one compiled glossary. Glossary paths are made absolute and must be readable on the workers.

>>> import dask.bag as db
>>> from fixer.dask import fix_bag
>>> fix_bag(db.from_sequence(["The White Home stated."])).compute()
['The White House stated.']
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import IO, Any, cast

try:
    import dask.bag as db
    import dask.dataframe as dd
    import numpy as np
    import pandas as pd
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        f"fixer.dask needs dask, distributed and pandas ({exc}); "
        "install them with: pip install 'fixer[dask]'") from exc

from .batch import Batch, BatchResult, Job, Outcome, Say, fix_jsonl_batch, run_jsonl_batches
from .arguments import show
from .config import Config, check_config
from .errors import FixerError, GlossaryError
from .fields import ScoredFix, check_score_field, distinct_fields, field_path, is_parts, replace_string
from .formats.jsonl import field_names
from .interrupts import signal_handlers
from .glossary import glossary_paths
from .cache import FileStates, file_states
from .repair import Fixer, fresh, shared_fixer_and_states
from .workers import usable_workers

__all__ = ["MAX_FIXERS", "ClusterError", "FixerSpec", "builds", "connect", "fix_bag", "fix_dataframe", "fix_jsonl", "fix_records"]

MAX_FIXERS = 16
"""How many specs' Fixers a process keeps (the one used longest ago is dropped first)."""
_fixers: OrderedDict[FixerSpec, tuple[Fixer, FileStates | None]] = OrderedDict()
_lock = threading.Lock()
_builds = 0


@dataclass(frozen=True)
class FixerSpec:
    """How to build a Fixer: what :meth:`Fixer.from_files` is given. Small, hashable
    and picklable; :meth:`fixer` returns this process's Fixer for it."""

    paths: tuple[str, ...] = ()
    default: bool = True
    config: Config = field(default_factory=Config)

    def __post_init__(self) -> None:
        """Refuse fields of other types (:meth:`of` makes them from what it is given)."""
        if not isinstance(self.paths, tuple) or not all(isinstance(p, str) for p in self.paths):
            raise TypeError(f"FixerSpec.paths must be a tuple of glossary paths (str), not {show(self.paths)} "
                            "(FixerSpec.of takes any paths)")
        if not isinstance(self.default, bool):
            raise TypeError(f"FixerSpec.default must be True or False, not {show(self.default)}")
        if not isinstance(self.config, Config):
            raise TypeError(f"FixerSpec.config must be a fixer.Config, not {show(self.config)}")

    @classmethod
    def of(cls, paths: Sequence[str | os.PathLike[str]] = (), *, default: bool = True,
           config: Config | None = None, **overrides: Any) -> FixerSpec:
        """The spec for ``Fixer.from_files(paths, default=..., config=..., **overrides)``."""
        check_config(config)
        return cls(tuple(os.path.abspath(p) for p in glossary_paths(paths)), default,
                   replace(config or Config(), **overrides))

    def __dask_tokenize__(self) -> object:
        """What dask names this spec's tasks by: the spec and the states of its glossary
        files (see :func:`fixer.cache.file_states`), so that a graph built after a file
        changed never takes the results of one built before (kept by ``persist()``,
        under the same task names)."""
        states = file_states(self.fixer().glossary.files)
        return type(self).__qualname__, self.paths, self.default, repr(self.config), states

    def fixer(self) -> Fixer:
        """The Fixer of this process for the spec, built on first use (over the compiled
        glossary it shares with specs that differ only in settings applied after
        compiling), and again when one of its glossary files changed."""
        global _builds
        with _lock:
            kept = _fixers.get(self)
            if kept is None or not fresh(*kept):
                fixer, states = shared_fixer_and_states(self.paths, self.default, self.config)
                _builds += 1
                _fixers.pop(self, None)
                if len(_fixers) >= MAX_FIXERS:
                    _fixers.popitem(last=False)
                _fixers[self] = fixer, states
            else:
                fixer = kept[0]
                _fixers.move_to_end(self)
        return fixer


def builds() -> int:
    """How many Fixers this process has built for specs (``client.run(builds)``
    gives the count of each worker)."""
    return _builds


def _spec(paths: Sequence[str | os.PathLike[str]], default: bool, config: Config | None,
          overrides: dict[str, Any]) -> FixerSpec:
    """The spec, checked by building it here, so that a bad glossary fails now
    rather than in every task."""
    spec = FixerSpec.of(paths, default=default, config=config, **overrides)
    spec.fixer()
    return spec


def _require(collection: Any, kind: type, function: str, needs: str) -> None:
    """A TypeError unless *collection* is a *kind*, naming what *function* needs (*needs*)
    and how to get it from what it was given."""
    if isinstance(collection, kind):
        return
    bag = kind is db.Bag
    if isinstance(collection, dd.DataFrame):
        given, hint = "a dask DataFrame", "use fix_dataframe"
    elif isinstance(collection, dd.Series):
        given = "a dask Series"
        hint = ("use fix_dataframe(series.to_frame()), which leaves missing values alone" if bag
                else "use series.to_frame()")
    elif isinstance(collection, db.Bag):
        given, hint = "a dask Bag", "use fix_bag or fix_records"
    elif isinstance(collection, (pd.DataFrame, pd.Series)):
        given = f"a pandas {type(collection).__name__}"
        hint = ("use fix_dataframe on dask.dataframe.from_pandas(...)" if bag and isinstance(collection, pd.DataFrame)
                else "make one with dask.bag.from_sequence" if bag else "make one with dask.dataframe.from_pandas")
    else:
        given = f"a {type(collection).__name__}"
        hint = "make one with dask.bag.from_sequence" if bag else "make one with dask.dataframe.from_pandas"
    raise TypeError(f"{function} needs {needs}, not {given} ({hint})")


def _fix_texts(texts: Iterable[str], spec: FixerSpec) -> list[str]:
    fixer = spec.fixer()
    return [fixer.fix(t) for t in texts]


def _fix_record(fixer: Fixer, record: dict[str, Any], fields: Sequence[str],
                score_field: str | None) -> dict[str, Any]:
    if not isinstance(record, Mapping):
        raise TypeError(f"fix_records needs a bag of dict records, not of {type(record).__name__} "
                        "(use fix_bag for a bag of strings)")
    fix = ScoredFix(fixer)
    out = dict(record)
    taken: set[tuple[Any, ...]] = set()  # a string named by two fields is repaired once
    for name in fields:
        out = replace_string(out, field_path(name), fix, taken)[0]
    if score_field is not None:
        out[score_field] = fix.spin_score()
    return out


def _fix_records(records: Iterable[dict[str, Any]], spec: FixerSpec, fields: tuple[str, ...],
                 score_field: str | None) -> list[dict[str, Any]]:
    fixer = spec.fixer()
    return [_fix_record(fixer, r, fields, score_field) for r in records]


def _fix_frame(frame: pd.DataFrame, spec: FixerSpec, columns: tuple[Hashable, ...],
               score_column: str | None) -> pd.DataFrame:
    fixer = spec.fixer()
    out = frame.copy()
    fixes = [ScoredFix(fixer) for _ in range(len(frame))]  # one per row: its spin score
    for name in columns:
        values = [_fixed_cell(fix, value) for fix, value in zip(fixes, frame[name])]
        out[name] = pd.Series(values, index=frame.index, dtype=_repaired_dtype(fixer, frame[name].dtype))
    if score_column is not None:
        out[score_column] = pd.Series([fix.spin_score() for fix in fixes], index=frame.index, dtype="float64")
    return out


def _fixed_cell(fix: ScoredFix, value: Any) -> Any:
    """The cell *value* repaired: a string, or a list of strings as one document, and so
    a one-dimensional numpy array of strings (how Parquet list columns are read), which
    stays an array; any other value as it is."""
    if isinstance(value, str) or is_parts(value):
        return fix(value)
    if isinstance(value, np.ndarray) and value.ndim == 1 and is_parts(parts := value.tolist()):
        return np.array(fix(parts), dtype=object if value.dtype == object else str)
    return value


def _repaired_dtype(fixer: Fixer, dtype: Any) -> Any:
    """The dtype of a column of *dtype* once repaired: the same, but a categorical one
    has its categories repaired (in order, two made equal becoming one), so that a
    repaired value is one of them rather than a missing value."""
    if not isinstance(dtype, pd.CategoricalDtype):
        return dtype
    categories = dict.fromkeys(fixer.fix(c) if isinstance(c, str) else c for c in dtype.categories)
    return pd.CategoricalDtype(list(categories), dtype.ordered)


def fix_bag(bag: db.Bag, paths: Sequence[str | os.PathLike[str]] = (), *, default: bool = True,
            config: Config | None = None, **overrides: Any) -> db.Bag:
    """A bag of the repaired strings of *bag*, in order. The glossary arguments are
    those of :meth:`Fixer.from_files`."""
    _require(bag, db.Bag, "fix_bag", "a dask Bag of strings")
    return bag.map_partitions(_fix_texts, _spec(paths, default, config, overrides))


def fix_records(bag: db.Bag, fields: str | Sequence[str] = ("text",),
                paths: Sequence[str | os.PathLike[str]] = (), *, spin_score_field: str | None = None,
                default: bool = True, config: Config | None = None, **overrides: Any) -> db.Bag:
    """A bag of copies of the dict records of *bag* with their string *fields* repaired,
    each as its own document (a field that starts with "/" is a JSON Pointer to a
    nested string; one that holds a list of strings is repaired as one document, see
    :mod:`fixer.fields`); missing fields, fields that hold other values, and all other
    fields are left as they are. With *spin_score_field*, each record also
    gets the spin score of its repaired fields taken together (0.0 when it has none)."""
    _require(bag, db.Bag, "fix_records", "a dask Bag of dict records")
    names = distinct_fields(field_names(fields))
    check_score_field(spin_score_field, names)
    spec = _spec(paths, default, config, overrides)
    return bag.map_partitions(_fix_records, spec, names, spin_score_field)


def fix_dataframe(df: dd.DataFrame, columns: Hashable | Sequence[Hashable] = "text",
                  paths: Sequence[str | os.PathLike[str]] = (), *, spin_score_column: str | None = None,
                  default: bool = True, config: Config | None = None, **overrides: Any) -> dd.DataFrame:
    """*df* with the string values of its text *columns* (one column label, or a list
    or tuple of them) repaired (each cell as its own document, a list of strings in a
    cell as one; missing values unchanged, dtypes kept) and, with *spin_score_column*,
    a float column of each row's spin score (replacing a column of that label, unless it
    is one of *columns*: a :class:`ValueError`)."""
    _require(df, dd.DataFrame, "fix_dataframe", "a dask DataFrame")
    columns = tuple(dict.fromkeys(_labels(columns if isinstance(columns, (list, tuple, pd.Index)) else (columns,))))
    if not columns:
        raise ValueError("columns names no column to repair: name at least one (the default is text)")
    for label in columns:
        if label not in df.columns:
            raise ValueError(f"no column {label!r} in the dataframe")
        if not isinstance(df.columns.get_loc(label), int):
            raise ValueError(f"column {label!r} names several columns of the dataframe (a label given twice, or a "
                             "level of its column MultiIndex): name each column by a label of its own")
    if spin_score_column is not None:
        _labels((spin_score_column,), "spin_score_column", "one column label")
    check_score_field(spin_score_column, columns, "column")
    spec = _spec(paths, default, config, overrides)
    meta = _fix_frame(df._meta, spec, columns, spin_score_column)
    return df.map_partitions(_fix_frame, spec, columns, spin_score_column, meta=meta)


def _labels(labels: Iterable[Any], name: str = "columns",
            expected: str = "a column label or a list or tuple of them") -> tuple[Hashable, ...]:
    """*labels*, each checked to be one column label: a :class:`TypeError` naming the
    argument *name* and what it takes, *expected*, for a collection (a list of labels is
    a list, not an array or a set)."""
    for label in labels:
        if not isinstance(label, Hashable) or isinstance(label, (Iterator, frozenset)):
            raise TypeError(f"{name} must be {expected}, not {show(label)}")
    return tuple(labels)


def _jsonl_batch(spec: FixerSpec, batch: Batch) -> BatchResult:
    return fix_jsonl_batch(spec.fixer(), batch)


def fix_jsonl(client: Any, spec: FixerSpec, job: Job, sink: IO[bytes], say: Say | None = None) -> Outcome:
    """Carry out the JSON Lines *job* (see :class:`fixer.batch.Job`) on the workers of
    the ``distributed.Client`` *client*: batches of lines are repaired there, each
    worker building the Fixer of *spec* once, and written to *sink* (or the job's
    destination, atomically) in input order, with bounded memory here. Bad lines are
    handled as in ``fixer fix --jsonl``; messages go to *say* as in
    :func:`fixer.batch.process`. A batch the cluster loses (see :class:`ClusterError`)
    ends the job, with the outcome's ``error`` naming its lines."""
    ahead = 4 * max(1, len(client.scheduler_info().get("workers", ())))
    return run_jsonl_batches(job, sink, lambda batch: _submitted(client, spec, batch), ahead, say=say)


def _submitted(client: Any, spec: FixerSpec, batch: Batch) -> Callable[[], BatchResult]:
    """Start repairing *batch* on the cluster; return a function that waits for its
    result, raising :class:`ClusterError` when the cluster lost the batch."""
    from distributed import CancelledError, KilledWorker

    future = client.submit(_jsonl_batch, spec, batch, pure=False)
    job, first, lines = batch
    where = f"{job.name}: lines {first}-{first + len(lines) - 1}"

    def result() -> BatchResult:
        try:
            return cast(BatchResult, future.result())
        except KilledWorker:
            raise ClusterError(f"{where}: the Dask workers that ran them died, as many times as the scheduler "
                               "allows (killed by a signal, perhaps for want of memory)") from None
        except CancelledError:
            raise ClusterError(f"{where}: the Dask cluster dropped them (the connection to its scheduler "
                               "was lost)") from None
        except GlossaryError as exc:  # a glossary this process read, which a worker could not
            raise GlossaryError(f"{exc} (on a Dask worker: each glossary must be readable there at the "
                                "same path)") from None

    return result


class ClusterError(FixerError):
    """The Dask cluster lost a batch of lines: the workers that ran it died too often,
    or the scheduler went away."""


def connect(address: str, workers: int = 0) -> Any:
    """A ``distributed.Client``: on a new local cluster of *workers* single-threaded
    processes (0 = one per core; at most twice the cores) when *address* is ``"local"``, else connected to the
    scheduler at *address* (e.g. ``tcp://10.0.0.5:8786``). Close it when done (it is
    a context manager); a local cluster closes with it."""
    from distributed import Client

    workers = usable_workers(workers)
    if address != "local":
        return Client(address, timeout="10s")
    # the cluster's processes start with Ctrl-C ignored, as a signal ignored stays ignored in
    # a new process: a Ctrl-C at the terminal, sent to each of them too, then stops this
    # process alone, which closes the cluster (each of them printed a traceback); a
    # Ctrl-C while the cluster starts is ignored too. The cluster's own logs stay silent
    # (the warnings of tasks a bad line cancels; the error of a worker whose heartbeat finds
    # the scheduler already closed): fixer reports what fails itself
    with signal_handlers({signal.SIGINT: signal.SIG_IGN}):
        # its dashboard on a free port of this machine (the default port, taken, is a warning)
        return Client(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address="127.0.0.1:0", silence_logs=logging.CRITICAL)
