"""Run an iterator one step ahead in a thread of its own (the producer side
of the streaming ingest)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator

_DONE = object()  # end of a read-ahead queue


def read_ahead(items: Iterator, depth: int = 1, name: str = "ingest-reader") -> Iterator:
    """Yield ``items``, produced one step ahead in a background thread; an
    exception there is raised here, and closing this generator stops it."""
    q: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            for item in items:
                if not put((item, None)):
                    return
            put((_DONE, None))
        except BaseException as exc:
            put((None, exc))
        finally:
            if hasattr(items, "close"):
                items.close()

    worker = threading.Thread(target=run, name=name, daemon=True)
    worker.start()
    try:
        while True:
            item, exc = q.get()
            if exc is not None:
                raise exc
            if item is _DONE:
                return
            yield item
    finally:
        stop.set()
        worker.join()
