"""Building on a Dask cluster: the per-document steps run on its workers, a partition of documents at a time.

``connect("local")`` starts a ``distributed.LocalCluster`` on this machine;
``connect("tcp://host:8786")`` joins a running scheduler whose workers have this
package installed. :func:`alliance_data.corpus.build_corpus` takes the connected
scheduler and maps the very functions it runs in its own worker pool (cleaning;
structure, passages and dating) over partitions of documents. The steps across
documents (near-duplicate families, repeated furniture, collation, mentions, and
later term statistics and theme fitting) run where the build was started, on the
gathered results, so the tables are the same as a build in one process.

Dask is optional: ``pip install "alliance-data[cluster]"``.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import partial
from typing import Callable, Iterator, Sequence

__all__ = ["LOCAL", "PARTITION_SIZE", "ClusterError", "DaskScheduler", "connect"]

#: The address that starts a cluster on this machine instead of joining one.
LOCAL = "local"
#: Documents in one partition: one task on a worker.
PARTITION_SIZE = 64
#: Seconds to wait for a remote scheduler to answer.
CONNECT_TIMEOUT = 20

Progress = Callable[[float, str], None]


class ClusterError(RuntimeError):
    """No cluster could be started or reached; the message says why in one line."""


def _run_partition(function: Callable, items: Sequence) -> list:
    """``function`` over one partition's items, in order (runs on a worker)."""
    return [function(item) for item in items]


class DaskScheduler:
    """A connected Dask client that maps a function over items in partitions, results in input order."""

    def __init__(self, client, *, partition_size: int = PARTITION_SIZE) -> None:
        if partition_size < 1:
            raise ValueError(f"partition_size must be 1 or more, not {partition_size}")
        self.client = client
        self.partition_size = partition_size

    @property
    def workers(self) -> int:
        """Workers connected to the scheduler now."""
        return len(self.client.scheduler_info().get("workers", {}))

    def describe(self) -> str:
        return f"Dask cluster at {self.client.scheduler.address} ({self.workers} workers)"

    def submit(self, function: Callable, *args):
        """``function(*args)`` on a worker now; the returned future's ``result()`` later."""
        return self.client.submit(function, *args, pure=False)

    def map(self, function: Callable, items: Sequence, *, progress: Progress | None = None, label: str = "",
            chunk: int | None = None) -> list:
        """``function`` over ``items`` on the workers, one task per partition (of ``chunk`` items, if given);
        results in input order."""
        from distributed import as_completed

        items = list(items)
        size = max(1, int(chunk)) if chunk else self.partition_size
        parts = [items[i:i + size] for i in range(0, len(items), size)]
        if not parts:
            return []
        # The documents go straight to the workers, not inside the task graph.
        data = self.client.scatter(parts, hash=False)
        futures = self.client.map(partial(_run_partition, function), data, pure=False)
        position = {future.key: i for i, future in enumerate(futures)}
        results: list[list | None] = [None] * len(parts)
        done = 0
        try:
            for future in as_completed(futures):
                i = position[future.key]
                results[i] = future.result()
                done += len(parts[i])
                if progress:
                    progress(done / len(items), f"{label} ({done:,} of {len(items):,}, {self.workers} workers)")
        finally:
            for future in futures + data:
                future.release()
        return [result for part in results for result in part]


@contextmanager
def connect(address: str = LOCAL, *, workers: int | None = None, processes: bool = True,
            partition_size: int = PARTITION_SIZE) -> Iterator[DaskScheduler]:
    """A :class:`DaskScheduler` on a new local cluster (``"local"``) or on the scheduler at ``address``.

    ``workers`` and ``processes`` shape a local cluster only (default: one single-threaded
    worker process per core). The cluster or the connection is closed on leaving.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ClusterError('a cluster build needs Dask: pip install "alliance-data[cluster]"') from exc
    cluster = None
    try:
        if address == LOCAL:
            import logging

            from .corpus import default_jobs

            # The scheduler runs in this process: its note on each shuffle started and ended (the near-duplicate
            # keys') is routine, not a warning for the person exporting.
            logging.getLogger("distributed.shuffle._scheduler_plugin").setLevel(logging.ERROR)

            cluster = LocalCluster(n_workers=workers or default_jobs(), threads_per_worker=1, processes=processes,
                                   dashboard_address=":0")  # any free port: never a clash with another cluster
            client = Client(cluster)
        else:
            client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"no Dask scheduler could be reached at {address}: {exc}") from exc
    try:
        yield DaskScheduler(client, partition_size=partition_size)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
