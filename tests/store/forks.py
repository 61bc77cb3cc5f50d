"""`analyze` in child processes that can be killed at chosen moments.

The children are forked from the test process after it has loaded the spaCy model (and lingua),
so each run costs its NLP only, not a model load. A child reports each step through a pipe: "start",
then "documents" for each input item, "stories" for each document placed, "claims" for each
story whose claims were rebuilt, and "done". It leads a process group of its own, so a kill
also takes any worker process it started.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import signal
import time
import traceback
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from recoupe.pipeline import Options, analyze
from recoupe.store import Store

_FORK = multiprocessing.get_context("fork")
TIMEOUT = 300.0  # seconds one run may take on a loaded machine


@dataclass(frozen=True, slots=True)
class Moment:
    """Kill `delay` seconds after the `ordinal`-th message of `phase` (documents 0: the start)."""

    phase: str
    ordinal: int
    delay: float


@dataclass(slots=True)
class Run:
    outcome: str  # "killed" | "finished"
    messages: list[tuple[str, float]]  # (phase, seconds since start)


def one_process_options() -> Options:
    # Kill moments are only reproducible in one process; a pipeline with workers runs one here.
    fields = {f.name for f in dataclasses.fields(Options)}
    return Options(**({"workers": 1} if "workers" in fields else {}))  # type: ignore[arg-type]


def _child(db: str, paths: list[Path], out: Connection) -> None:
    os.setpgid(0, 0)
    started = time.monotonic()

    def tell(phase: str) -> None:
        out.send((phase, time.monotonic() - started))

    try:
        tell("start")
        with Store(db, create=True) as store:
            analyze(paths, store, options=one_process_options(), notify=lambda kind, err: tell("documents"),
                    progress=lambda stage, done, total: tell(stage))
        tell("done")
    except BaseException:
        out.send(("error", traceback.format_exc()))  # type: ignore[arg-type]
        os._exit(1)
    os._exit(0)


def start_analyze(db: str, paths: list[Path]) -> tuple[BaseProcess, Connection]:
    """Fork a child that runs `analyze`; read its messages from the connection returned."""
    receive, send = _FORK.Pipe(duplex=False)
    child = _FORK.Process(target=_child, args=(db, paths, send))
    child.start()
    send.close()
    return child, receive


def run_analyze(db: str, paths: list[Path], moment: Moment | None = None) -> Run:
    """Run `analyze` in a forked child; kill it (SIGKILL, whole process group) at `moment`."""
    child, receive = start_analyze(db, paths)
    counts: Counter[str] = Counter()
    messages: list[tuple[str, float]] = []
    deadline = time.monotonic() + TIMEOUT
    try:
        while time.monotonic() < deadline:
            if not receive.poll(1.0):
                if not child.is_alive():
                    break
                continue
            try:
                phase, at = receive.recv()
            except EOFError:
                break
            if phase == "error":
                raise AssertionError(f"analyze failed in the child:\n{at}")
            messages.append((phase, at))
            counts[phase] += 1
            if moment is not None and _reached(moment, phase, counts):
                time.sleep(moment.delay)
                _kill(child.pid)
                break
            if phase == "done":
                break
        else:
            _kill(child.pid)
            raise AssertionError(f"analyze took more than {TIMEOUT:.0f} s")
    finally:
        child.join(30)
        receive.close()
    if child.exitcode == -signal.SIGKILL:
        return Run("killed", messages)
    assert child.exitcode == 0, f"the child ended with {child.exitcode}"
    return Run("finished", messages)


def _reached(moment: Moment, phase: str, counts: Counter[str]) -> bool:
    if moment.phase == "documents" and moment.ordinal == 0:
        return phase == "start"
    return phase == moment.phase and counts[phase] == moment.ordinal


def _kill(pid: int | None) -> None:
    if pid is None:
        return
    with suppress(ProcessLookupError):  # it had already ended
        os.killpg(pid, signal.SIGKILL)
