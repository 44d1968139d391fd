"""Worker processes on this machine for the steps that run item by item: one pool for a whole build.

:class:`ProcessScheduler` maps a function over items in spawned worker processes,
results in input order, with the same ``map`` as :class:`alliance_data.cluster.DaskScheduler`,
so a build hands either to its steps (cleaning; structure, passages and dating; counting
terms). Starting workers costs each one an import of the package, so a build starts them
once and keeps them for all its steps. Workers are spawned (not forked), which is safe
inside a threaded server. Should the pool fail to start or lose a worker (a program read
from standard input cannot be re-imported by a spawned worker), the items are run here
instead, so the result is the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterator, Sequence

__all__ = ["ProcessScheduler", "Deferred", "Shipped", "submit", "default_jobs", "in_threads", "release_memory", "release_worker_memory",
           "long_lived", "CHUNK", "scaled_progress"]

Progress = Callable[[float, str], None]


def scaled_progress(progress: Progress | None, low: float, high: float) -> Progress | None:
    """``progress`` for a step that runs from ``low`` to ``high`` of the whole work (None stays None): the step's
    own fraction, held between 0 and 1, placed in that span."""
    if progress is None:
        return None
    return lambda fraction, message: progress(low + (high - low) * min(max(fraction, 0.0), 1.0), message)


#: Items handed to a worker at a time.
CHUNK = 64


def default_jobs() -> int:
    """Worker processes for the steps run item by item: every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def in_threads(function: Callable[[int], None], starts: Sequence[int]) -> None:
    """``function`` for each block's start, side by side in threads (one per core) when there are several blocks
    and cores: for work that lets go of the interpreter (NumPy's and SciPy's products) and writes each block's
    own rows, so the result is the same whichever thread does a block."""
    jobs = min(default_jobs(), len(starts))
    if jobs < 2:
        for start in starts:
            function(start)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=jobs) as threads:
        list(threads.map(function, starts))


def release_memory(*, collect: bool = False) -> None:
    """Hand the memory freed by reading or building a corpus back to the system.

    Python frees the many strings of a step's results into the C heap, and Arrow's allocator
    (pandas' strings) keeps what it freed for reuse: without this, the peak of the per-document
    steps stays for the rest of a build, and a process that opened the UN build held some 0.4 GB
    it no longer used. ``collect`` first collects reference cycles (a dropped table's frames).
    The C library's part is glibc only; Arrow's only where Arrow is already loaded.
    """
    if collect:
        import gc

        gc.collect()
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:
        try:
            arrow.default_memory_pool().release_unused()
        except Exception:  # an allocator without the call: nothing to release
            pass
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # not glibc
            pass


def release_worker_memory() -> None:
    """In a worker process, hand back what its earlier tasks freed (:func:`release_memory`) before a new one
    adds to it: a worker's heap otherwise keeps its largest task's size for the rest of a build. In the
    build's own process it does nothing."""
    if multiprocessing.parent_process() is not None:
        release_memory()


@contextmanager
def long_lived(*, collect: bool = True) -> Iterator[Callable[[], None]]:
    """A block in which Python's cyclic garbage collector leaves out the objects alive at its start, and those
    alive each time the function it gives is called (after collecting what is garbage by then); at the end
    of the block they are collected as before.

    A build holds millions of objects for its whole length (the documents' evidence and removed lines,
    every passage's themes and scores): each full pass of the collector walked them all, again and again,
    while the build made new ones. Objects freed meanwhile are freed as ever; only reference cycles
    among the left-out objects wait for the end of the block. Nothing a build computes depends on it.
    ``collect=False`` skips the collection at the start (a full pass over every object): for a short block
    whose caller collects after it anyway, so garbage found then waits for that.
    """
    import gc

    def freeze() -> None:
        gc.collect()  # garbage left now would be held to the end of the block
        gc.freeze()

    freeze() if collect else gc.freeze()
    try:
        yield freeze
    finally:
        gc.unfreeze()


def run_here(function: Callable, items: Sequence, progress: Progress | None = None, label: str = "") -> list:
    """``function`` over ``items`` in this process, in order."""
    n = len(items)
    results = []
    for i, item in enumerate(items):
        if progress and i % 1000 == 999:
            progress(i / n, f"{label} ({i + 1:,} of {n:,})")
        results.append(function(item))
    return results


class Deferred:
    """A call run when its result is first asked for (here): what :func:`submit` gives without workers."""

    def __init__(self, function: Callable, *args) -> None:
        self._call = (function, args)
        self._done = False
        self._value = None

    def result(self):
        if not self._done:
            function, args = self._call
            self._value, self._done, self._call = function(*args), True, None
        return self._value


def submit(scheduler, function: Callable, *args):
    """``function(*args)`` started on a scheduler's worker now, its ``result()`` asked for later.

    Lets this process go on with other work meanwhile. Without a scheduler (or one that
    cannot run it), the call runs here when its result is asked for; the result is the same.
    """
    start = getattr(scheduler, "submit", None)
    if start is not None:
        try:
            return start(function, *args)
        except (BrokenProcessPool, OSError, RuntimeError):
            pass
    return Deferred(function, *args)


class _Fallback:
    """A worker's future that runs the call here should the worker fail."""

    def __init__(self, future, function: Callable, args: tuple) -> None:
        self._future, self._here = future, Deferred(function, *args)

    def result(self):
        if self._future is not None:
            try:
                return self._future.result()
            except (BrokenProcessPool, OSError):
                self._future = None
        return self._here.result()


_UNSET = object()
#: In a worker process: the value last unpickled from a :class:`Shipped`, by its token.
_SHIPPED: dict[str, object] = {}


class Shipped:
    """A value that many tasks take to the workers (a fitted term counter): pickled once here, every task sending the
    same bytes, and unpickled once in each worker however many of its tasks bring it; :meth:`get` gives it.

    Without pickling (tasks run here, or in threads) :meth:`get` gives the value itself. A worker keeps the last
    value it was sent, for the next tasks that bring it.
    """

    def __init__(self, value) -> None:
        self._value = value
        self._state: tuple[str, bytes] | None = None  # a token naming the value, and its pickle

    def __getstate__(self) -> tuple[str, bytes]:
        if self._state is None:
            import pickle

            self._state = (os.urandom(16).hex(), pickle.dumps(self._value, protocol=pickle.HIGHEST_PROTOCOL))
        return self._state

    def __setstate__(self, state: tuple[str, bytes]) -> None:
        self._state, self._value = state, _UNSET

    def get(self):
        if self._value is _UNSET:
            token, data = self._state
            value = _SHIPPED.get(token, _UNSET)
            if value is _UNSET:
                import pickle

                value = pickle.loads(data)
                _SHIPPED.clear()  # the previous value goes: a worker holds one at a time
                _SHIPPED[token] = value
            self._value = value
        return self._value


def _import(modules: tuple[str, ...]) -> None:
    """A worker's start: import the modules its tasks will need, then leave what they made (classes, functions,
    compiled patterns: alive for the worker's whole life) out of the cyclic garbage collector's passes, which
    otherwise walk them all again each time a task's results have made enough new objects."""
    import gc
    import importlib

    for name in modules:
        importlib.import_module(name)
    gc.collect()
    gc.freeze()


def _ready() -> None:
    """A task that does nothing: submitted once per worker, it makes the pool start them all."""


class ProcessScheduler:
    """``jobs`` worker processes, started on first use (or by :meth:`start`) and kept until :meth:`close`
    (or the ``with`` block ends). ``imports``: modules each worker imports as it starts. ``wait_on_exit``: whether
    the end of the ``with`` block waits for the workers to exit (else they exit on their own, while the caller
    goes on: a worker takes a moment to exit, its interpreter and libraries torn down)."""

    def __init__(self, jobs: int | None = None, *, chunk: int = CHUNK, imports: Sequence[str] = (),
                 wait_on_exit: bool = True) -> None:
        self.jobs = default_jobs() if jobs is None else max(1, int(jobs))
        self.chunk = max(1, int(chunk))
        self.imports = tuple(imports)
        self.wait_on_exit = wait_on_exit
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_import if self.imports else None,
                                             initargs=(self.imports,) if self.imports else ())
        return self._pool

    def start(self) -> None:
        """Start every worker now, each importing :attr:`imports`, so they are ready when the first step comes:
        a build starts them before it reads its files, and the two overlap."""
        if self._broken or self.jobs < 2:
            return
        try:
            pool = self._executor()
            for _ in range(self.jobs):
                pool.submit(_ready)
        except (BrokenProcessPool, OSError, RuntimeError):
            self._broken = True
            self.close()

    @property
    def workers(self) -> int:
        return self.jobs

    @property
    def started(self) -> bool:
        """Whether the workers have been started (by :meth:`start` or a first task) and are usable."""
        return self._pool is not None and not self._broken

    def describe(self) -> str:
        return f"{self.jobs} worker processes on this machine"

    def map(self, function: Callable, items: Sequence, *, progress: Progress | None = None, label: str = "",
            chunk: int | None = None) -> list:
        """``function`` over ``items`` in the workers, results in input order (here, should the pool fail)."""
        items = list(items)
        n = len(items)
        if not self._broken and self.jobs > 1 and n > 1:
            try:
                results = []
                for i, result in enumerate(self._executor().map(function, items, chunksize=chunk or self.chunk)):
                    if progress and i % 1000 == 999:
                        progress(i / n, f"{label} ({i + 1:,} of {n:,}, {self.jobs} processes)")
                    results.append(result)
                return results
            except (BrokenProcessPool, OSError, RuntimeError):
                self._broken = True  # every item is run again below, in this process
                self.close()
        return run_here(function, items, progress, label)

    def submit(self, function: Callable, *args):
        """``function(*args)`` in a worker now; ``.result()`` later (see :func:`submit`)."""
        if self._broken or self.jobs < 2:
            return Deferred(function, *args)
        return _Fallback(self._executor().submit(function, *args), function, args)

    def close(self, *, wait: bool = True) -> None:
        """Stop the workers (work not begun is dropped); ``wait``: until they have exited."""
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> "ProcessScheduler":
        return self

    def __exit__(self, *exc) -> None:
        self.close(wait=self.wait_on_exit)
