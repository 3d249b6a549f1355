"""Preloaded into a ``dask worker`` by test_dask (``--preload``): the worker's repair of
a batch of JSON Lines fails as ``FIXER_DASK_FAULT`` says. ``die``: the worker process
ends at once; ``scheduler:PID``: the scheduler (process PID) is killed, and the task
never ends."""

from __future__ import annotations

import os
import signal
import time
from typing import Any

import fixer.dask


def _failing_batch(spec: Any, batch: Any) -> Any:
    fault = os.environ["FIXER_DASK_FAULT"]
    if fault == "die":
        os._exit(1)
    os.kill(int(fault.removeprefix("scheduler:")), signal.SIGKILL)
    time.sleep(600)


# tasks name their function by module and name, looked up again on the worker
fixer.dask._jsonl_batch = _failing_batch
