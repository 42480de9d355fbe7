"""Writing a file on a second thread, so that hashing and sealing the next chunk overlap with
writing the previous one (both let go of the interpreter lock while they work). The queue is
short, so memory stays at a few chunks."""

from __future__ import annotations

import queue
import threading
from types import TracebackType
from typing import IO

_DONE = object()


class BackgroundWriter:
    def __init__(self, out: IO[bytes], depth: int = 4) -> None:
        self._out = out
        self._queue: queue.Queue[bytes | object] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._drain, name="backup-writer", daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        while (data := self._queue.get()) is not _DONE:
            assert isinstance(data, bytes)
            if self._error is None:
                try:
                    self._out.write(data)
                except BaseException as error:
                    self._error = error

    def write(self, data: bytes) -> int:
        if self._error is not None:
            raise self._error
        if data:
            self._queue.put(bytes(data))
        return len(data)

    def close(self) -> None:
        """Wait until everything is written; raise what the writing raised."""
        if self._thread.is_alive():
            self._queue.put(_DONE)
            self._thread.join()
        if self._error is not None:
            raise self._error

    def __enter__(self) -> BackgroundWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
