"""Evaluating a batch on every core: worker processes fed in chunks, results in input order.

The machinery behind ``adoption-rules evaluate --jobs N`` and the ``jobs``
argument of :func:`adoption_rules.api.evaluate_records`,
:func:`~adoption_rules.api.evaluate_rendered` and
:func:`~adoption_rules.api.evaluate_many`, which are the API to call (a
command that evaluates a stream of cases passes its ``--jobs`` there; see
``docs/scale.md``).  :func:`ordered_map` is generic: the API gives it the
function each worker builds once and calls for each chunk.

* The parent process reads the records (:func:`~adoption_rules.io.records.read_records`),
  sends them to the workers ``chunk_size`` at a time, and gives the results back
  in input order.  At most ``CHUNKS_PER_WORKER`` chunks a worker are read and
  not yet given back, so memory is bounded however long the input: nothing
  reads the whole input first.  JSON Lines read with ``decode=False`` are
  decoded in the workers.
* A worker holds two chunks: the one it evaluates and the next, so it starts
  the next as soon as it sends one back.  Each way between parent and worker is
  a pipe of its own, enlarged on Linux to what the system allows a process (1 MiB
  by default), so a chunk's results go in one write; at Linux's 64 KiB the
  worker waited for the parent to read them a piece at a time, and on two cores
  ``--jobs 2`` spent a quarter more CPU than ``--jobs 1`` (now about a tenth).
* The duplicate-id check runs in the parent over the whole input: a worker
  sends back each case's id once it was read, and a repeated one becomes the
  ``duplicate_case_id`` error, as in one process.
* A bad case costs only itself.  A worker that dies (killed, out of memory, a
  plugin calling ``os._exit``) costs only the chunk it was evaluating: it is sent
  again once, to a fresh worker; if it kills that one too, each of its cases
  gets the error ``worker_failed`` and the rest go on.  The chunk queued behind
  it is sent again as it is, with no try counted.
* How workers start (:func:`start_method`): on Linux, from a process running
  one thread (the command line, a script), they are *forked*: a copy of the
  parent, with the library already imported, so a worker is ready at once
  instead of after importing it again (about 0.3 s of CPU a worker).  Anywhere
  else (macOS, Windows, or a parent with threads, such as a notebook kernel or
  a web server, where forking is unsafe) they are *spawned*: a fresh
  interpreter.  Either way each calls its ``worker`` once, at start (the API's
  builds the registry there: plugins load once a worker).  A forked worker
  closes the parent's ends of the other workers' pipes, so that each worker
  still sees its parent go.  A worker ignores Ctrl-C; the parent, interrupted,
  terminates its workers and re-raises; closing the iterator early stops them
  too.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import multiprocessing.context
import os
import queue
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Sequence
from itertools import islice
from typing import Any, Final, Generic, TypeVar

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

from adoption_rules.core.errors import AdoptionRulesError
from adoption_rules.core.model import CaseError, ErrorDetail
from adoption_rules.io.records import (
    Record,
    case_id_of,
    decode_line,
    decoded,
    duplicate_error,
    read_error,
)

__all__ = [
    "CHUNKS_PER_WORKER",
    "WorkerStartError",
    "ordered_map",
    "resolve_jobs",
    "start_method",
    "worker_failed_error",
]

T = TypeVar("T")
#: What a worker builds once (``worker()``) and calls for each chunk's decoded cases:
#: for each, in order, ``(its case_id once read, else None; its rendered result or error)``.
Work = Callable[[list[Any]], list[tuple[str | None, T]]]

#: Chunks read and not yet given back, per worker.
CHUNKS_PER_WORKER: Final = 4
#: Chunks a worker holds at once: the one it evaluates and the next, queued, so
#: that it starts the next as soon as it sends one back, without waiting for the
#: parent to write results and send another.
_HELD_PER_WORKER: Final = 2
#: How long a worker may take to stop when asked, in seconds, before it is killed.
_STOP_TIMEOUT: Final = 5.0


class WorkerStartError(AdoptionRulesError):
    """A worker process could not start (its registry failed to build, or it died at start)."""


def resolve_jobs(jobs: int) -> int:
    """The number of worker processes ``jobs`` asks for: ``0`` is one per available core.

    Available cores are those this process may run on (its CPU affinity), not
    every core of the machine.
    """
    if jobs < 0:
        raise ValueError("jobs must be 0 (one per available core) or more")
    if jobs:
        return jobs
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        return max(1, len(affinity(0)))
    return max(1, os.cpu_count() or 1)  # pragma: no cover - macOS, Windows


def start_method() -> str:
    """How worker processes start here: ``"fork"`` on Linux from a process running
    one thread, else ``"spawn"`` (forking a process with threads can deadlock the
    child; macOS's system libraries are not safe to fork at all)."""
    if (
        sys.platform == "linux"
        and threading.active_count() == 1
        and "fork" in multiprocessing.get_all_start_methods()
    ):
        return "fork"
    return "spawn"


def worker_failed_error(case_id: str | None) -> CaseError:
    """The error of a case whose chunk killed a worker process twice."""
    return CaseError(
        case_id,
        ErrorDetail(
            "worker_failed",
            "the worker process evaluating this case stopped unexpectedly, twice; "
            "the case was not evaluated",
            None,
        ),
    )


def ordered_map(
    records: Iterable[Record],
    worker: Callable[[], Work[T]],
    render: Callable[[CaseError], T],
    *,
    jobs: int,
    check_duplicates: bool = True,
    chunk_size: int = 200,
) -> Generator[T, None, None]:
    """For each record, in order: what ``work`` gives for it, in ``jobs`` worker processes.

    ``worker`` is sent to each worker (it must pickle: a module-level function,
    or an instance of a module-level class) and called there once; what it
    returns is called with each chunk's decoded cases.  ``render`` turns the
    errors the parent or a worker makes itself (unreadable records, repeated
    ids, dead workers) into what the iterator gives.  Raises
    :class:`WorkerStartError` when a worker cannot start.  ``jobs=1`` starts one
    worker: the API evaluates in process.
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    pool = _Pool(resolve_jobs(jobs), worker, render)
    return pool.run(records, check_duplicates, chunk_size, CHUNKS_PER_WORKER * pool.jobs)


# -- the workers ---------------------------------------------------------------------------


def _worker_main(
    inbound: multiprocessing.connection.Connection,
    conn: multiprocessing.connection.Connection,
    worker: Callable[[], Work[Any]],
    render: Callable[[CaseError], Any],
    inherited: Sequence[multiprocessing.connection.Connection] = (),
) -> None:
    """A worker: build its work function once, then do chunks until told to stop.

    ``inbound`` brings the parent's messages, ``conn`` takes the worker's back.
    ``inherited``: the parent's ends of the other workers' pipes, which a forked
    worker holds a copy of; closed at once, or a worker would not see EOF when
    the parent dies.

    A reader thread takes the parent's messages off the pipe as they come and
    queues them (the parent sends a worker its next chunk while it evaluates
    one).  The parent's sends therefore never wait on a worker that is itself
    waiting to send its results: neither side can block the other.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    for other in inherited:
        other.close()
    try:
        work = worker()
    except Exception as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready",))
    inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
    threading.Thread(target=_read_messages, args=(inbound, inbox), daemon=True).start()
    while True:
        message = inbox.get()
        if message is None:  # asked to stop, or the parent is gone
            return
        number, cases = message
        # JSON Lines lines are decoded here rather than in the parent; a line that
        # is not JSON gets its error in its place, the rest are worked as one block.
        block: list[Any] = []
        errors: dict[int, Any] = {}
        for i, (raw, line, data) in enumerate(cases):
            if raw:
                data, error = decode_line(line, data)
                if error is not None:
                    errors[i] = render(error)
                    continue
            block.append(data)
        answers = iter(work(block))
        out = [(None, errors[i]) if i in errors else next(answers) for i in range(len(cases))]
        try:
            conn.send(("done", number, out))
        except OSError:  # the parent is gone: nobody is waiting for the rest
            return


def _read_messages(
    conn: multiprocessing.connection.Connection, inbox: queue.SimpleQueue[Any]
) -> None:
    """A worker's reader thread: the parent's messages into ``inbox``; ``None`` at the end."""
    try:
        while True:
            message = conn.recv()
            inbox.put(message)
            if message is None:
                return
    except (EOFError, OSError):
        inbox.put(None)


#: The capacity asked of each pipe (Linux's default limit for a process; 64 KiB
#: otherwise).
_PIPE_SIZE: Final = 1 << 20


def _enlarge(conn: multiprocessing.connection.Connection) -> None:
    """Ask for a larger pipe where the system allows it (Linux); keep it as it is if not."""
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if set_size is None:  # pragma: no cover - not Linux
        return
    with contextlib.suppress(OSError):  # above the system's limit: the default stays
        fcntl.fcntl(conn.fileno(), set_size, _PIPE_SIZE)


# -- the parent ----------------------------------------------------------------------------


class _Chunk(Generic[T]):
    """Consecutive records, the results of those a worker evaluates, and its tries."""

    __slots__ = ("attempts", "number", "records", "results")

    def __init__(self, number: int, records: list[Record]) -> None:
        self.number = number
        self.records = records
        self.attempts = 0
        # (case id once read, rendered item) for each record without a read error.
        self.results: list[tuple[str | None, T]] | None = None

    def cases(self) -> list[tuple[bool, int | None, Any]]:
        """What a worker needs of each record without a read error."""
        return [(r.raw, r.line, r.data) for r in self.records if r.error is None]


class _Worker:
    __slots__ = ("chunks", "conn", "outbound", "process", "ready")

    def __init__(
        self,
        process: multiprocessing.process.BaseProcess,
        outbound: multiprocessing.connection.Connection,
        conn: multiprocessing.connection.Connection,
    ) -> None:
        self.process = process
        #: Chunks (and the word to stop) go to the worker down ``outbound``; what it
        #: sends back comes up ``conn``.
        self.outbound = outbound
        self.conn = conn
        self.ready = False
        #: The chunks sent and not yet done, in the order sent: it evaluates the first.
        self.chunks: deque[_Chunk[Any]] = deque()

    def close(self) -> None:
        """Close this process's ends of the worker's two pipes."""
        self.outbound.close()
        self.conn.close()


class _Pool(Generic[T]):
    def __init__(
        self, jobs: int, worker: Callable[[], Work[T]], render: Callable[[CaseError], T]
    ) -> None:
        self.jobs = jobs
        self.worker = worker
        self.render = render
        self.context: multiprocessing.context.ForkContext | multiprocessing.context.SpawnContext
        if start_method() == "fork":
            self.context = multiprocessing.get_context("fork")
        else:
            self.context = multiprocessing.get_context("spawn")
        self.workers: list[_Worker] = []
        self.todo: deque[_Chunk[T]] = deque()

    def _start(self) -> None:
        # Two one-way pipes, each as large as the system lets a process make one, so
        # that a chunk's results (about 2.4 KB a case) go in one write: the worker
        # does not wait for the parent to read them a piece at a time.
        inbound, outbound = self.context.Pipe(duplex=False)
        conn, results = self.context.Pipe(duplex=False)
        for end in (outbound, results):
            _enlarge(end)
        inherited = [end for w in self.workers for end in (w.outbound, w.conn)]
        inherited += [outbound, conn]
        forked = self.context.get_start_method() == "fork"
        process = self.context.Process(
            target=_worker_main,
            args=(inbound, results, self.worker, self.render, inherited if forked else ()),
            name="adoption-rules-worker",
            daemon=True,
        )
        process.start()
        # The worker holds the only other ends: its death is our EOF.
        inbound.close()
        results.close()
        self.workers.append(_Worker(process, outbound, conn))

    def run(
        self, records: Iterable[Record], check_duplicates: bool, chunk_size: int, in_flight: int
    ) -> Generator[T, None, None]:
        source = iter(records)
        window: deque[_Chunk[T]] = deque()  # read, not yet given back, in input order
        seen: set[str] | None = set() if check_duplicates else None
        exhausted = False
        number = 0
        finished = False
        try:
            for _ in range(self.jobs):
                self._start()
            while True:
                while not exhausted and len(window) < in_flight:
                    chunk = _Chunk[T](number, list(islice(source, chunk_size)))
                    number += 1
                    if not chunk.records:
                        exhausted = True
                        break
                    window.append(chunk)
                    if any(r.error is None for r in chunk.records):
                        self.todo.append(chunk)
                    else:
                        chunk.results = []
                # Workers get their next chunks before this process writes results.
                self._hand_out()
                while window and window[0].results is not None:
                    yield from self._emit(window.popleft(), seen)
                if not window:
                    if exhausted:
                        break
                    continue
                self._hand_out()
                self._collect()
            finished = True
        finally:
            self._stop(gracefully=finished)

    def _emit(self, chunk: _Chunk[T], seen: set[str] | None) -> Generator[T, None, None]:
        assert chunk.results is not None
        results = iter(chunk.results)
        render = self.render
        for record in chunk.records:
            if record.error is not None:
                yield render(read_error(record))
                continue
            key, rendered = next(results)
            if seen is not None and key is not None:
                if key in seen:
                    rendered = render(duplicate_error(key))
                else:
                    seen.add(key)
            yield rendered

    def _hand_out(self) -> None:
        """Send chunks to the workers holding fewer than ``_HELD_PER_WORKER``, in turn."""
        todo = self.todo
        for held in range(_HELD_PER_WORKER):
            for worker in self.workers:
                if not todo:
                    return
                if worker.ready and len(worker.chunks) == held:
                    chunk = todo.popleft()
                    worker.chunks.append(chunk)
                    # A worker that died meanwhile: its sentinel says so in _collect,
                    # which gives the chunks it now holds to others.
                    with contextlib.suppress(OSError):
                        worker.outbound.send((chunk.number, chunk.cases()))

    def _collect(self) -> None:
        """Wait for a worker to finish a chunk, become ready, or die; deal with it."""
        waiting: dict[Any, _Worker] = {}
        for worker in self.workers:
            waiting[worker.conn] = worker
            waiting[worker.process.sentinel] = worker
        handled: set[int] = set()
        for ready in multiprocessing.connection.wait(list(waiting)):
            worker = waiting[ready]
            if id(worker) in handled:
                continue
            handled.add(id(worker))
            alive = self._receive(worker)
            if not alive or not worker.process.is_alive():
                self._replace(worker)

    def _receive(self, worker: _Worker) -> bool:
        """Read what ``worker`` sent; ``False`` when its pipe is closed (it died)."""
        try:
            while worker.conn.poll():
                message = worker.conn.recv()
                if message[0] == "ready":
                    worker.ready = True
                elif message[0] == "done":
                    chunk = worker.chunks.popleft()
                    assert chunk.number == message[1]
                    chunk.results = message[2]
                else:  # "failed": the registry could not be built
                    raise WorkerStartError(f"a worker process could not start: {message[1]}")
        except (EOFError, OSError):
            return False
        return True

    def _replace(self, worker: _Worker) -> None:
        """``worker`` died: retry the chunk it was evaluating once, or give its cases an
        error; send the chunk queued behind it again as it is; start another worker."""
        worker.process.join(_STOP_TIMEOUT)
        worker.close()
        self.workers.remove(worker)
        if not worker.ready:
            raise WorkerStartError(
                f"a worker process stopped before it was ready (exit code "
                f"{worker.process.exitcode})"
            )
        held = worker.chunks
        # The queued chunks did not kill it: back to the front of the queue, in order,
        # with no try counted.
        while len(held) > 1:
            self.todo.appendleft(held.pop())
        if held:  # the chunk it was evaluating
            chunk = held.pop()
            chunk.attempts += 1
            if chunk.attempts < 2:
                self.todo.appendleft(chunk)
            else:
                render = self.render
                chunk.results = [
                    (None, render(worker_failed_error(case_id_of(decoded(r).data))))
                    for r in chunk.records
                    if r.error is None
                ]
        self._start()

    def _stop(self, *, gracefully: bool) -> None:
        """Stop every worker: asked to when all went well, else terminated at once."""
        for worker in self.workers:
            if gracefully:
                with contextlib.suppress(OSError):  # it died meanwhile
                    worker.outbound.send(None)
            else:
                worker.process.terminate()
        for worker in self.workers:
            worker.process.join(_STOP_TIMEOUT)
            if worker.process.is_alive():  # pragma: no cover - a worker stuck in a plugin
                worker.process.kill()
                worker.process.join()
            worker.close()
        self.workers.clear()
