"""fixer.dask on a real two-process LocalCluster: results equal Fixer.fix record by
record, and each worker process builds the Fixer exactly once."""

from __future__ import annotations

import contextlib
import io
import json
import os
import pickle
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("dask.bag")
pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import dask.bag as db  # noqa: E402
import dask  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import fixer.dask as fixer_dask  # noqa: E402
from fixer import Config, Fixer, GlossaryError, combined_spin_score  # noqa: E402
from fixer.formats.jsonl import fix_line  # noqa: E402
from fixer.batch import Job, process  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GLOSSARIES = ROOT / "tests" / "glossaries"
PARAGRAPHS = [line for path in sorted((ROOT / "seeds").glob("*.spun.txt"))
              for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
TEXTS = PARAGRAPHS * 4 + ["", "  ", "The White Home stated.", "Caf\u00e9 \U0001f600 energy crops"]
WORKERS = 2


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[distributed.Client]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FIXER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        with distributed.LocalCluster(n_workers=WORKERS, processes=True, threads_per_worker=1,
                                      dashboard_address=":0") as cluster, distributed.Client(cluster) as c:
            yield c


@pytest.fixture(scope="module")
def reference() -> Fixer:
    return Fixer.from_files()


def test_bag_of_strings_equals_fix_and_builds_once_per_worker(client: distributed.Client,
                                                               reference: Fixer) -> None:
    config = Config(protect=("a phrase only this test uses",))  # a spec no other test builds
    expected = [reference.fix(t) for t in TEXTS]
    before = client.run(fixer_dask.builds)
    for _ in range(2):
        bag = fixer_dask.fix_bag(db.from_sequence(TEXTS, npartitions=40), config=config)
        assert len(pickle.dumps(dict(bag.__dask_graph__()))) < len(pickle.dumps(reference)) // 20
        assert bag.compute() == expected
    after = client.run(fixer_dask.builds)
    assert len(after) == WORKERS
    assert {w: after[w] - before[w] for w in after} == {w: 1 for w in after}


def test_bag_of_records(client: distributed.Client, reference: Fixer) -> None:
    records = [{"id": i, "text": t, "title": t[:40], "tags": ["a"]} for i, t in enumerate(TEXTS)]
    records += [{"id": -1, "title": "The White Home"}, {"id": -2, "text": None, "title": 7}]
    bag = fixer_dask.fix_records(db.from_sequence(records, npartitions=10), ["text", "title"],
                                 spin_score_field="spin")
    out = bag.compute()
    assert len(out) == len(records)
    spins = [r["spin"] for r in out]
    for before, after in zip(records, out):
        expected = dict(before)
        results = []
        for name in ("text", "title"):
            if isinstance(before.get(name), str):
                expected[name], result = reference.fix_and_scan(before[name])
                results.append(result)
        spin = after.pop("spin")
        assert after == expected
        if len(results) == 1:
            assert spin == results[0].spin_score
        assert (spin > 0) == any(r.safe_hits for r in results)
    assert records[0]["text"] == TEXTS[0]
    assert max(spins) > 1.0


def test_bag_of_records_nested_field(client: distributed.Client, reference: Fixer) -> None:
    """A JSON Pointer field repairs a nested string; the input records are not changed."""
    records = [{"article": {"body": t, "title": "The White Home"}} for t in TEXTS[:3]] + [{"article": None}]
    out = fixer_dask.fix_records(db.from_sequence(records, npartitions=2), "/article/body").compute()
    assert out == [{"article": {"body": reference.fix(t), "title": "The White Home"}} for t in TEXTS[:3]] + [
        {"article": None}]
    assert records[0]["article"]["body"] == TEXTS[0]


def test_dataframe_columns(client: distributed.Client, reference: Fixer) -> None:
    frame = pd.DataFrame({"n": range(len(TEXTS) + 1), "text": TEXTS + [None],
                          "title": [t[:30] for t in TEXTS] + ["The White Home"]})
    df = dd.from_pandas(frame, npartitions=6)
    out = fixer_dask.fix_dataframe(df, ["text", "title"], spin_score_column="spin").compute()
    assert list(out.columns) == ["n", "text", "title", "spin"]
    assert out["text"].dtype == df["text"].dtype and out["spin"].dtype == "float64"
    assert out["text"].tolist()[:-1] == [reference.fix(t) for t in TEXTS]
    assert pd.isna(out["text"].iloc[-1])
    assert out["title"].tolist() == [reference.fix(t) for t in frame["title"]]
    assert out["n"].tolist() == frame["n"].tolist()
    single = fixer_dask.fix_dataframe(df, spin_score_column="spin").compute()
    assert single["spin"].tolist()[:-1] == [reference.scan(t).spin_score for t in TEXTS]
    assert single["title"].tolist() == frame["title"].tolist()


def test_glossary_paths_and_config_reach_the_workers(client: distributed.Client) -> None:
    paths = [GLOSSARIES / "synthetic.yaml", GLOSSARIES / "override.yaml"]
    local = Fixer.from_files(paths, default=False, fuzzy=False)
    texts = ["a cobalt wagon", "The White Home"] * 10
    bag = fixer_dask.fix_bag(db.from_sequence(texts, npartitions=4), paths, default=False, fuzzy=False)
    assert bag.compute() == [local.fix(t) for t in texts]


def test_bad_glossary_fails_when_the_graph_is_built(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError):
        fixer_dask.fix_bag(db.from_sequence(["x"]), [tmp_path / "missing.yaml"], default=False)


def test_an_edited_glossary_is_compiled_again(tmp_path: Path) -> None:
    """A glossary file edited between two runs in one process (a notebook, a long-lived
    worker) is compiled again, as Fixer.from_files and the on-disk cache do: the Fixers
    kept by spec and by files were kept whatever the files held, so later runs gave
    the old repairs, and a glossary made invalid raised nothing."""
    import os

    path = tmp_path / "edit.yaml"
    texts = ["The Blorpish Gadget and the Zorbly Thing."]
    path.write_text("version: 1\nentries:\n  - {spun: Blorpish Gadget, original: Widget Maker, kind: name}\n",
                    encoding="utf-8")
    with dask.config.set(scheduler="sync"):
        assert fixer_dask.fix_bag(db.from_sequence(texts), [path]).compute() == [
            "The Widget Maker and the Zorbly Thing."]
        path.write_text(path.read_text(encoding="utf-8")
                        + "  - {spun: Zorbly Thing, original: Real Thing, kind: name}\n", encoding="utf-8")
        assert fixer_dask.fix_bag(db.from_sequence(texts), [path]).compute() == [
            "The Widget Maker and the Real Thing."]
        path.write_text("version: 1\nentries:\n  - {spun: foo, original: bar, kind: nam}\n", encoding="utf-8")
        os.utime(path, ns=(1, 1))  # a time of its own, whatever the clock's grain
        with pytest.raises(GlossaryError, match="kind"):
            fixer_dask.fix_bag(db.from_sequence(texts), [path])


def test_a_glossary_edited_while_it_compiles_is_compiled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A glossary file edited while it was being compiled is compiled again: the states
    of the files were taken once compiling was over, so the old compiled glossary passed
    for fresh for good."""
    path = tmp_path / "edit.yaml"
    path.write_text("version: 1\nentries:\n  - {spun: Blorpish Gadget, original: Widget Maker, kind: name}\n",
                    encoding="utf-8")
    configured = Fixer.with_config
    edits = ["  - {spun: Zorbly Thing, original: Real Thing, kind: name}\n"]

    def configure_then_edit(self: Fixer, *args: Any, **kwargs: Any) -> Fixer:
        if edits:  # once: the file changes once it was compiled and found unchanged
            path.write_text(path.read_text(encoding="utf-8") + edits.pop(), encoding="utf-8")
        return configured(self, *args, **kwargs)

    monkeypatch.setattr(Fixer, "with_config", configure_then_edit)
    spec = fixer_dask.FixerSpec.of([path], default=False)
    text = "The Blorpish Gadget and the Zorbly Thing."
    assert [spec.fixer().fix(text) for _ in range(2)] == ["The Widget Maker and the Real Thing."] * 2


def test_tasks_are_named_by_the_glossary_files_as_they_are(tmp_path: Path) -> None:
    """A spec's tasks are named by the states of its glossary files too: a graph built
    after an edit never takes the results that one built before holds under the same
    names (a notebook cell run again with ``persist()`` gave the old repairs)."""
    import os

    path = tmp_path / "edit.yaml"
    path.write_text("version: 1\nentries:\n  - {spun: Blorpish Gadget, original: Widget Maker, kind: name}\n",
                    encoding="utf-8")
    spec = fixer_dask.FixerSpec.of([path], default=False)
    before = dask.base.tokenize(spec)
    assert dask.base.tokenize(fixer_dask.FixerSpec.of([path], default=False)) == before
    path.write_text(path.read_text(encoding="utf-8").replace("Widget Maker", "Widget Maket"), encoding="utf-8")
    os.utime(path, ns=(1, 1))  # the same size; a time of its own, whatever the clock's grain
    assert dask.base.tokenize(spec) != before


def test_missing_dataframe_column() -> None:
    df = dd.from_pandas(pd.DataFrame({"body": ["x"]}), npartitions=1)
    with pytest.raises(ValueError, match="no column 'text'"):
        fixer_dask.fix_dataframe(df)


FRAME = pd.DataFrame({"text": ["The White Home stated."], "title": ["x"]})


@pytest.mark.parametrize(("frame", "args", "kwargs", "error", "message"), [
    (FRAME, (np.array(["text"]),), {}, TypeError,
     "columns must be a column label or a list or tuple of them, not array(['text'], dtype='<U4') (numpy.ndarray)"),
    (FRAME, ({"text"},), {}, TypeError, "columns must be a column label or a list or tuple of them, not {'text'} (set)"),
    (FRAME, (iter(["text"]),), {}, TypeError, "columns must be a column label or a list or tuple of them, not "),
    (FRAME, (["text", ["title"]],), {}, TypeError,
     "columns must be a column label or a list or tuple of them, not ['title'] (list)"),
    (FRAME, ("text",), {"spin_score_column": ["s"]}, TypeError, "spin_score_column must be one column label, not ['s'] (list)"),
    (pd.DataFrame([["White Home", "x"]], columns=["text", "text"]), (), {}, ValueError,
     "column 'text' names several columns of the dataframe (a label given twice, or a level of its column MultiIndex)"),
    (pd.DataFrame({("a", "text"): ["White Home"]}), ("a",), {}, ValueError, "column 'a' names several columns"),
], ids=["array", "set", "iterator", "list-in-list", "score-list", "label-twice", "multiindex-level"])
def test_dataframe_columns_that_are_no_labels_are_refused(frame: pd.DataFrame, args: tuple[Any, ...],
                                                           kwargs: dict[str, Any], error: type[Exception],
                                                           message: str) -> None:
    """Each column is named by one label of its own: a collection of labels that is not a
    list or tuple, or a label that names several columns, is refused at once, naming
    what is wrong (they were AttributeError or 'unhashable type' from pandas)."""
    with pytest.raises(error) as raised:
        fixer_dask.fix_dataframe(dd.from_pandas(frame, npartitions=1), *args, **kwargs)
    assert str(raised.value).startswith(message)


@pytest.mark.parametrize(("args", "message"), [
    (((), True, None), "FixerSpec.config must be a fixer.Config, not None"),
    ((["g.yaml"], True, Config()), "FixerSpec.paths must be a tuple of glossary paths (str), not ['g.yaml'] (list)"),
    (((), "yes", Config()), "FixerSpec.default must be True or False, not 'yes' (str)"),
], ids=["config-none", "paths-list", "default-str"])
def test_a_spec_made_by_hand_is_checked(args: tuple[Any, ...], message: str) -> None:
    """A FixerSpec made without FixerSpec.of: a bad field was an AttributeError when the
    spec built its Fixer, in a worker."""
    with pytest.raises(TypeError) as raised:
        fixer_dask.FixerSpec(*args)
    assert str(raised.value).startswith(message)


def test_a_multiindex_column_named_in_full_is_repaired(reference: Fixer) -> None:
    frame = pd.DataFrame({("a", "text"): ["The White Home stated."], ("a", "n"): [1]})
    out = fixer_dask.fix_dataframe(dd.from_pandas(frame, npartitions=1), [("a", "text")]).compute()
    assert out[("a", "text")].tolist() == [reference.fix("The White Home stated.")] and out[("a", "n")].tolist() == [1]


def test_records_of_a_bag_of_strings_is_refused() -> None:
    with pytest.raises(TypeError, match="fix_records needs a bag of dict records, not of str"):
        fixer_dask.fix_records(db.from_sequence(["White Home"])).compute(scheduler="sync")


def _jsonl(path: Path, bad_line: int | None = None) -> Path:
    """A JSON Lines file of the test texts, long enough for several batches."""
    lines = [json.dumps({"id": i, "text": t, "title": t[:30], "n": 1.50}, ensure_ascii=False)
             for i, t in enumerate(TEXTS * 12)]
    if bad_line is not None:
        lines[bad_line - 1] = '{"id": "broken", "text": '
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _fixer_cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "fixer", "fix", "--jsonl", "--field", "text", "--field", "title",
                           "--quiet", *args], capture_output=True, timeout=300)


def test_fix_jsonl_on_the_cluster_equals_one_process(client: distributed.Client, reference: Fixer,
                                                     tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "in.jsonl")
    job = Job(str(path), "jsonl", "text", fields=("text", "title"))
    here, there = io.BytesIO(), io.BytesIO()
    assert process(reference, job, here).error == ""
    outcome = fixer_dask.fix_jsonl(client, fixer_dask.FixerSpec.of(), job, there)
    assert outcome.error == "" and outcome.documents == len(TEXTS) * 12 and outcome.repairs > 0
    assert there.getvalue() == here.getvalue()


@pytest.mark.parametrize("skip_bad", [False, True])
def test_fix_jsonl_on_the_cluster_reports_a_bad_line(client: distributed.Client, tmp_path: Path,
                                                      skip_bad: bool) -> None:
    path = _jsonl(tmp_path / "in.jsonl", bad_line=700)
    job = Job(str(path), "jsonl", "text", fields=("text",), skip_bad=skip_bad)
    out = io.BytesIO()
    outcome = fixer_dask.fix_jsonl(client, fixer_dask.FixerSpec.of(), job, out)
    lines = out.getvalue().decode("utf-8").splitlines()
    if skip_bad:
        assert outcome.error == "" and outcome.bad_lines == 1 and "line 700" in outcome.messages[0]
        assert len(lines) == len(TEXTS) * 12 and lines[699] == '{"id": "broken", "text": '
    else:
        assert "line 700: invalid JSON" in outcome.error
        assert len(lines) == 699


def test_fix_jsonl_names_the_workers_for_a_glossary_they_cannot_read(client: distributed.Client,
                                                                     tmp_path: Path) -> None:
    """A glossary path the workers cannot read (on a remote cluster, a file of this
    machine alone) is reported as read there, not as missing here."""
    path = _jsonl(tmp_path / "in.jsonl")
    spec = fixer_dask.FixerSpec.of([tmp_path / "here-only.yaml"])
    outcome = fixer_dask.fix_jsonl(client, spec, Job(str(path), "jsonl", "text"), io.BytesIO())
    assert outcome.error.startswith(f"{tmp_path / 'here-only.yaml'}: ")
    assert outcome.error.endswith(" (on a Dask worker: each glossary must be readable there at the same path)")


def test_cli_on_a_scheduler_address_equals_jobs_1(client: distributed.Client, tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "in.jsonl")
    one = _fixer_cli(str(path))
    on_dask = _fixer_cli("--dask", client.scheduler.address, str(path))
    assert one.returncode == on_dask.returncode == 0, on_dask.stderr
    assert on_dask.stdout == one.stdout and b"White House" in one.stdout
    copy = tmp_path / "copy.jsonl"
    copy.write_bytes(path.read_bytes())
    in_place = _fixer_cli("--dask", client.scheduler.address, "--in-place", str(copy))
    assert in_place.returncode == 0 and in_place.stdout == b"" and copy.read_bytes() == one.stdout


def test_cli_several_inputs_on_a_cluster(client: distributed.Client, tmp_path: Path) -> None:
    """Several JSON Lines inputs are repaired one after another on one cluster, each
    written as a one-process run writes it."""
    first, second = _jsonl(tmp_path / "a.jsonl"), _jsonl(tmp_path / "b.jsonl", bad_line=5)
    (tmp_path / "one").mkdir()
    (tmp_path / "dask").mkdir()
    one = _fixer_cli("--skip-bad", "-o", str(tmp_path / "one"), str(first), str(second))
    on_dask = _fixer_cli("--skip-bad", "--dask", client.scheduler.address, "-o", str(tmp_path / "dask"),
                         str(first), str(second))
    assert one.returncode == on_dask.returncode == 0, on_dask.stderr
    for name in ("a.jsonl", "b.jsonl"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "one" / name).read_bytes()
    assert b"White House" in (tmp_path / "dask" / "b.jsonl").read_bytes()


def test_cli_on_a_local_cluster(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "in.jsonl", bad_line=3)
    result = _fixer_cli("--dask", "local", "--jobs", "2", str(path))
    assert result.returncode == 2
    assert result.stderr.decode().strip().splitlines()[-1].endswith("line 3: invalid JSON (Expecting value at column 26)")
    assert result.stdout.count(b"\n") == 2


# a worker's heartbeat that finds the scheduler closed while the cluster stops (after a
# Ctrl-C) logs an error: the run then ended with a traceback before its one line
LOGS_IN_THE_CLUSTER = """
import logging
from fixer.dask import connect
with connect("local", 1) as client:
    client.run(lambda: logging.getLogger("distributed.worker").error("Failed during heartbeat"))
print("ran")
"""


def test_a_local_cluster_prints_no_log_of_its_own() -> None:
    result = subprocess.run([sys.executable, "-c", LOGS_IN_THE_CLUSTER], capture_output=True, timeout=120)
    assert (result.returncode, result.stdout, result.stderr) == (0, b"ran\n", b"")


@contextlib.contextmanager
def _cluster(tmp_path: Path, fault: str | None) -> Iterator[str]:
    """The address of a scheduler and (with a *fault*) one worker, each a process of its
    own, whose repairs of JSON Lines fail as *fault* says (see dask_faults.py)."""
    info = tmp_path / "scheduler.json"
    env = {**os.environ, "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0"}
    scheduler = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                  "--port", "0", "--no-dashboard", "--scheduler-file", str(info)],
                                 env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = None
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        if fault is not None:
            worker = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", "--scheduler-file",
                                       str(info), "--nthreads", "1", "--no-nanny", "--no-dashboard",
                                       "--preload", str(ROOT / "tests" / "dask_faults.py")],
                                      env={**env, "FIXER_DASK_FAULT": fault.replace("PID", str(scheduler.pid))},
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with distributed.Client(scheduler_file=str(info), timeout="60s") as c:
            if worker is not None:
                c.wait_for_workers(1, timeout=60)
            yield c.scheduler.address
    finally:
        for proc in (worker, scheduler):
            if proc is not None:
                proc.kill()
                proc.wait(timeout=60)


def test_cli_a_cluster_without_workers_says_so(tmp_path: Path) -> None:
    """A scheduler no worker has joined yet (an adaptive cluster's, or a mistaken
    address) holds the work until one does: the run says so instead of waiting silently."""
    path = _jsonl(tmp_path / "in.jsonl")
    with _cluster(tmp_path, None) as address:
        proc = subprocess.Popen([sys.executable, "-m", "fixer", "fix", "--jsonl", "-q", "--dask", address, str(path)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            assert proc.stderr is not None
            assert select.select([proc.stderr], [], [], 60)[0], "nothing said within 60 s"
            line = proc.stderr.readline().decode()
            assert line == f"fixer: warning: the Dask cluster at {address} has no worker yet: its work waits for one to join\n"
            time.sleep(0.5)
            assert proc.poll() is None
        finally:
            proc.kill()
            proc.wait(timeout=60)


@pytest.mark.parametrize(("fault", "message"), [
    ("die", "the Dask workers that ran them died, as many times as the scheduler allows"),
    ("scheduler:PID", "the Dask cluster dropped them (the connection to its scheduler was lost)"),
])
def test_cli_a_cluster_that_loses_a_batch_is_one_line(tmp_path: Path, fault: str, message: str) -> None:
    """A worker killed while it ran a batch (by the kernel, for want of memory), or the
    scheduler gone: the run ends with one line naming the lines lost, not a traceback."""
    path = _jsonl(tmp_path / "in.jsonl")
    with _cluster(tmp_path, fault) as address:
        result = _fixer_cli("--dask", address, str(path))
    assert result.returncode == 2
    assert result.stderr.decode().startswith(f"fixer: error: {path}: lines 1-"), result.stderr
    assert f": {message}" in result.stderr.decode()
    assert result.stderr.count(b"\n") == 1 and result.stdout == b""


def test_cli_dask_errors(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "in.jsonl")
    not_jsonl = subprocess.run([sys.executable, "-m", "fixer", "fix", "--dask", "local", str(path)],
                               capture_output=True, timeout=60)
    assert not_jsonl.returncode == 2 and b"--dask need --jsonl" in not_jsonl.stderr
    unreachable = _fixer_cli("--dask", "tcp://127.0.0.1:9", str(path))
    assert unreachable.returncode == 2
    message = unreachable.stderr.decode().strip()
    assert message.startswith("fixer: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9") and "\n" not in message
    assert unreachable.stdout == b""


@pytest.mark.parametrize(("args", "env", "message"), [
    (["--dask", "tls://127.0.0.1:9"], {}, "cannot reach the Dask scheduler at tls://127.0.0.1:9: TLS expects"),
    (["--dask", "local", "--jobs", "1"], {"DASK_TEMPORARY_DIRECTORY": "{tmp}/a-file"},
     "cannot start a local Dask cluster: Cluster failed to start"),
])
def test_cli_a_cluster_it_cannot_use_is_one_line(tmp_path: Path, args: list[str], env: dict[str, str],
                                                 message: str) -> None:
    """An address whose protocol needs settings (TLS), or a local cluster that cannot
    start (its scratch folder is a file): one line, exit 2; they were tracebacks."""
    path = _jsonl(tmp_path / "in.jsonl")
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "fixer", "fix", "--jsonl", *args, str(path)], capture_output=True,
                            timeout=120, env={**os.environ, **{k: v.format(tmp=tmp_path) for k, v in env.items()}})
    assert result.returncode == 2 and result.stdout == b""
    assert result.stderr.decode().startswith(f"fixer: error: {message}") and result.stderr.count(b"\n") == 1, result.stderr


def test_cli_a_local_cluster_whose_dashboard_port_is_taken_says_nothing(tmp_path: Path) -> None:
    """The default dashboard port (8787) taken, by another cluster say: distributed warned
    about it on stderr. The local cluster's dashboard takes a free port."""
    path = _jsonl(tmp_path / "in.jsonl")
    with socket.socket() as taken:
        with contextlib.suppress(OSError):  # already taken: all the better
            taken.bind(("127.0.0.1", 8787))
            taken.listen()
        result = _fixer_cli("--dask", "local", "--jobs", "1", str(path))
    assert (result.returncode, result.stderr) == (0, b"")


@pytest.mark.parametrize(("workers", "error"), [(-1, ValueError), ("2", TypeError), (True, TypeError)])
def test_connect_refuses_a_wrong_worker_count(workers: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match="workers must be"):
        fixer_dask.connect("local", workers)


@pytest.mark.parametrize("ordered", [False, True])
def test_dataframe_categorical_column_keeps_its_repaired_values(reference: Fixer, ordered: bool) -> None:
    """A categorical column (as a parquet dictionary column reads) stays categorical, its
    categories repaired in order (two that a repair makes equal become one): a repaired
    value is kept, never turned into a missing one."""
    titles = ["The White Home stated.", "Nothing to fix.", None, "The White House stated."]
    dtype = pd.CategoricalDtype(["The White Home stated.", "Nothing to fix.", "The White House stated."], ordered)
    frame = pd.DataFrame({"title": pd.Series(titles, dtype=dtype),
                          "alone": pd.Series(titles[:1] * 4, dtype=pd.CategoricalDtype(titles[:1], ordered))})
    out = fixer_dask.fix_dataframe(dd.from_pandas(frame, npartitions=2), ["title", "alone"]).compute(
        scheduler="sync")
    assert out["alone"].tolist() == ["The White House stated."] * 4
    assert out["title"].tolist()[:2] == [reference.fix(t) for t in titles[:2]] == ["The White House stated.",
                                                                                   "Nothing to fix."]
    assert pd.isna(out["title"].iloc[2]) and out["title"].iloc[3] == titles[3]
    assert out["title"].dtype == pd.CategoricalDtype(["The White House stated.", "Nothing to fix."], ordered)


def test_bag_of_records_list_field(client: distributed.Client, reference: Fixer) -> None:
    """A field holding a list of strings (the seed's paragraphs) is repaired as one
    document: each paragraph as in the repaired text they make together; a list that
    holds anything but strings is left as it is."""
    records = [{"paragraphs": PARAGRAPHS, "n": 1}, {"paragraphs": ["White Home", 3]}, {"paragraphs": []}]
    out = fixer_dask.fix_records(db.from_sequence(records, npartitions=2), "paragraphs",
                                 spin_score_field="spin").compute()
    joined = "\n\n".join(PARAGRAPHS)
    assert out[0] == {"paragraphs": reference.fix(joined).split("\n\n"), "n": 1,
                      "spin": reference.scan(joined).spin_score}
    assert [r["paragraphs"] for r in out[1:]] == [["White Home", 3], []]
    assert records[0]["paragraphs"] == PARAGRAPHS


def test_specs_share_the_compiled_glossary_and_memory_stays_bounded() -> None:
    """A pipeline that makes a new spec for each batch (its own protected phrases) does
    not keep a compiled glossary (tens of MB) for each: specs that differ only in what
    is applied after compiling share one, and a process keeps a bounded number of them."""
    specs = [fixer_dask.FixerSpec.of(protect=f"White Home {i}") for i in range(3 * fixer_dask.MAX_FIXERS)]
    fixers = [spec.fixer() for spec in specs]
    assert all(f._keys is fixers[0]._keys for f in fixers)
    assert len(fixer_dask._fixers) == fixer_dask.MAX_FIXERS
    last = len(specs) - 1
    assert fixers[last].fix(f"White Home {last}, White Home 0") == f"White Home {last}, White House 0"
    assert fixers[last].config == specs[last].config and specs[last].fixer() is fixers[last]


@pytest.mark.parametrize(("call", "message"), [
    (lambda: fixer_dask.fix_bag(dd.from_pandas(pd.DataFrame({"text": ["x"]}), npartitions=1)),
     "fix_bag needs a dask Bag of strings, not a dask DataFrame (use fix_dataframe)"),
    (lambda: fixer_dask.fix_bag(["The White Home"]),
     "fix_bag needs a dask Bag of strings, not a list (make one with dask.bag.from_sequence)"),
    (lambda: fixer_dask.fix_records(dd.from_pandas(pd.DataFrame({"text": ["x"]}), npartitions=1)),
     "fix_records needs a dask Bag of dict records, not a dask DataFrame (use fix_dataframe)"),
    (lambda: fixer_dask.fix_records([{"text": "x"}]),
     "fix_records needs a dask Bag of dict records, not a list (make one with dask.bag.from_sequence)"),
    (lambda: fixer_dask.fix_dataframe(pd.DataFrame({"text": ["x"]})),
     "fix_dataframe needs a dask DataFrame, not a pandas DataFrame (make one with dask.dataframe.from_pandas)"),
    (lambda: fixer_dask.fix_dataframe(dd.from_pandas(pd.DataFrame({"text": ["x"]}), npartitions=1)["text"]),
     "fix_dataframe needs a dask DataFrame, not a dask Series (use series.to_frame())"),
    (lambda: fixer_dask.fix_dataframe(db.from_sequence(["x"])),
     "fix_dataframe needs a dask DataFrame, not a dask Bag (use fix_bag or fix_records)"),
    # the hints named what these functions refuse too (series.to_frame(), from_pandas)
    (lambda: fixer_dask.fix_bag(dd.from_pandas(pd.DataFrame({"text": ["x"]}), npartitions=1)["text"]),
     "fix_bag needs a dask Bag of strings, not a dask Series (use fix_dataframe(series.to_frame()), which leaves "
     "missing values alone)"),
    (lambda: fixer_dask.fix_records(pd.DataFrame({"text": ["x"]})),
     "fix_records needs a dask Bag of dict records, not a pandas DataFrame "
     "(use fix_dataframe on dask.dataframe.from_pandas(...))"),
    (lambda: fixer_dask.fix_bag(pd.Series(["x"])),
     "fix_bag needs a dask Bag of strings, not a pandas Series (make one with dask.bag.from_sequence)"),
])
def test_a_collection_of_the_wrong_kind_is_refused(call: Any, message: str) -> None:
    """Each function names the collection it needs and how to get one: a dataframe given
    to fix_bag was mapped as a bag (a series of column names came back)."""
    with pytest.raises(TypeError) as error:
        call()
    assert str(error.value) == message


def test_a_config_that_is_not_a_config_is_refused() -> None:
    with pytest.raises(TypeError, match="^config must be a fixer.Config, not dict$"):
        fixer_dask.fix_bag(db.from_sequence(["x"]), config={"fuzzy": False})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="^config must be a fixer.Config, not dict$"):
        fixer_dask.FixerSpec.of(config={"fuzzy": False})  # type: ignore[arg-type]


def test_dataframe_columns_named_by_numbers(reference: Fixer) -> None:
    """Columns are named by any label, as pandas names them (a frame made from rows
    has numbered columns): one label, or a list of them."""
    frame = pd.DataFrame([["The White Home stated.", 1, "energy crops"]])
    df = dd.from_pandas(frame, npartitions=1)
    one = fixer_dask.fix_dataframe(df, 0).compute(scheduler="sync")
    assert one[0].tolist() == [reference.fix(frame[0][0])] and one[2].tolist() == ["energy crops"]
    both = fixer_dask.fix_dataframe(df, [0, 2]).compute(scheduler="sync")
    assert both.iloc[0].tolist() == ["The White House stated.", 1, "power plants"]
    with pytest.raises(ValueError, match="no column 3 in the dataframe"):
        fixer_dask.fix_dataframe(df, 3)


def test_score_field_that_is_a_field_to_repair_is_refused() -> None:
    """A spin score stored in a field or column to repair would replace its repaired
    text: refused when the graph is built."""
    bag = db.from_sequence([{"text": "The White Home stated.", "meta": {"body": "x"}}])
    with pytest.raises(ValueError, match="^spin score field 'text' is also a field to repair"):
        fixer_dask.fix_records(bag, ["title", "text"], spin_score_field="text")
    with pytest.raises(ValueError, match="^spin score field 'meta' is also a field to repair"):
        fixer_dask.fix_records(bag, "/meta/body", spin_score_field="meta")
    df = dd.from_pandas(pd.DataFrame({"text": ["The White Home stated."]}), npartitions=1)
    with pytest.raises(ValueError, match="^spin score column 'text' is also a column to repair"):
        fixer_dask.fix_dataframe(df, "text", spin_score_column="text")
    slash = dd.from_pandas(pd.DataFrame({"/text": ["The White Home stated."]}), npartitions=1)
    with pytest.raises(ValueError, match="^spin score column '/text' is also a column to repair"):
        fixer_dask.fix_dataframe(slash, "/text", spin_score_column="/text")
    assert fixer_dask.fix_dataframe(slash, "/text", spin_score_column="text").compute(scheduler="sync").iloc[0].tolist() \
        == ["The White House stated.", 10.0]


def test_score_column_already_in_the_frame_gets_the_fresh_score() -> None:
    """A frame repaired again (its score column from the first run) gets new scores in
    that column, not a second column of the label."""
    df = dd.from_pandas(pd.DataFrame({"text": ["The White Home stated.", "Clean."], "spin": [-1.0, -1.0]}),
                        npartitions=1)
    out = fixer_dask.fix_dataframe(df, "text", spin_score_column="spin").compute(scheduler="sync")
    assert out.columns.tolist() == ["text", "spin"] and out["spin"].tolist() == [10.0, 0.0]


def test_score_field_that_is_no_top_level_name_is_refused() -> None:
    """A record's spin score goes into a top-level field: a list is a TypeError, a name
    written as a pointer a ValueError (it was stored under the key "/meta/spin")."""
    bag = db.from_sequence([{"text": "The White Home stated."}])
    with pytest.raises(TypeError, match=r"^spin_score_field must be a field name \(str\), not \['spin'\] \(list\)"):
        fixer_dask.fix_records(bag, "text", spin_score_field=["spin"])
    with pytest.raises(ValueError, match="^spin_score_field '/meta/spin' starts with '/'"):
        fixer_dask.fix_records(bag, "text", spin_score_field="/meta/spin")


def test_dataframe_list_column_read_from_parquet(reference: Fixer, tmp_path: Path) -> None:
    """A column of lists of strings read from Parquet holds numpy arrays, not lists:
    each is repaired as one document, as a list is, and stays an array."""
    paragraphs = ["The White Home stated.", "The energy crops were hit."]
    pd.DataFrame({"id": [1, 2, 3], "paragraphs": [paragraphs, ["Nothing to fix."], None]}).to_parquet(
        tmp_path / "in.parquet")
    out = fixer_dask.fix_dataframe(dd.read_parquet(tmp_path / "in.parquet"), "paragraphs",
                                   spin_score_column="spin").compute(scheduler="sync")
    first = out["paragraphs"].iloc[0]
    assert type(first).__name__ == "ndarray" and first.tolist() == reference.fix("\n\n".join(paragraphs)).split("\n\n")
    assert out["paragraphs"].iloc[1].tolist() == ["Nothing to fix."] and out["paragraphs"].iloc[2] is None
    assert out["spin"].tolist() == [reference.scan("\n\n".join(paragraphs)).spin_score, 0.0, 0.0]
    assert out["id"].tolist() == [1, 2, 3]


def test_a_field_named_twice_is_repaired_once(reference: Fixer) -> None:
    """As in JSON Lines, a field or column named twice ("text" and "/text" name one
    field) is repaired and scored once: the score is that of the text."""
    text = " ".join(PARAGRAPHS)
    expected = {"text": reference.fix(text), "spin": reference.scan(text).spin_score}
    bag = db.from_sequence([{"text": text}])
    assert fixer_dask.fix_records(bag, ["text", "/text"], spin_score_field="spin").compute(scheduler="sync") == [
        expected]
    df = dd.from_pandas(pd.DataFrame({"text": [text]}), npartitions=1)
    out = fixer_dask.fix_dataframe(df, ["text", "text"], spin_score_column="spin").compute(scheduler="sync")
    assert out.iloc[0].to_dict() == expected


@pytest.mark.parametrize("call", [lambda: fixer_dask.fix_records(db.from_sequence([{"text": "White Home"}]), []),
                                  lambda: fixer_dask.fix_dataframe(
                                      dd.from_pandas(pd.DataFrame({"text": ["White Home"]}), npartitions=1), [])])
def test_no_field_to_repair_is_refused(call: Any) -> None:
    """An empty list of fields or columns repaired nothing, without a word."""
    with pytest.raises(ValueError, match="names no (field|column) to repair"):
        call()


@pytest.mark.parametrize("fields", [["text", "/text/0"], ["/text/0", "text"], ["/text/1", "/text/0", "text"]])
def test_a_string_named_by_two_fields_is_repaired_once_as_in_json_lines(fields: list[str], reference: Fixer) -> None:
    """A string of a list field that a JSON Pointer names too is repaired once, with the
    first field naming it, the list's other strings as one document: the record and its
    spin score are those of ``fixer fix --jsonl`` with the same fields. It was repaired
    twice, once alone, and the score counted it twice."""
    record = {"text": ["\n\n".join(PARAGRAPHS), "The White Home stated it."]}
    out = fixer_dask.fix_records(db.from_sequence([record], npartitions=1), fields,
                                 spin_score_field="spin").compute(scheduler="sync")
    line = fix_line(json.dumps(record), 1, fields, reference, explain=True)
    assert out[0]["text"] == json.loads(line.line)["text"]
    assert out[0]["spin"] == combined_spin_score([field.result for field in line.fields])
