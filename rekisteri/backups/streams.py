"""Work on a second thread, so that a backup's stages overlap: reading, hashing, sealing and
writing each take about as long as the others on a large database, and hashing and writing
let go of the interpreter lock while they work. Queues are short, so memory stays at a few
chunks whatever the size of the database.
"""

from __future__ import annotations

import hashlib
import os
import queue
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Self

_DONE = object()

# How much of a file is written before the kernel is asked to start putting it on disk.
WRITE_BEHIND = 32 * 1024 * 1024


class Background:
    """Calls ``consume`` with each piece given to ``put``, in order, on its own thread.

    ``close`` waits for the last piece and raises whatever ``consume`` raised; after a
    failure the remaining pieces are dropped, and the next ``put`` raises it too.
    """

    def __init__(self, consume: Callable[[bytes], object], *, name: str, depth: int = 4) -> None:
        self._consume = consume
        self._queue: queue.Queue[bytes | object] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._drain, name=name, daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        while (data := self._queue.get()) is not _DONE:
            assert isinstance(data, bytes)
            if self._error is None:
                try:
                    self._consume(data)
                except BaseException as error:
                    self._error = error

    def put(self, data: bytes) -> None:
        if self._error is not None:
            raise self._error
        if data:
            self._queue.put(bytes(data))

    def close(self) -> None:
        if self._thread.is_alive():
            self._queue.put(_DONE)
            self._thread.join()
        if self._error is not None:
            raise self._error

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class BackgroundWriter(Background):
    """Writes to a file descriptor on a second thread.

    With ``write_behind``, for a file that must reach the disk and is not read back soon:
    every ``WRITE_BEHIND`` bytes the kernel is told to start writing the part just written
    (``posix_fadvise`` DONTNEED starts the write-back and then drops the pages), so the final
    ``sync`` has little left to wait for, and the file does not push the live database out
    of the page cache.
    """

    def __init__(self, descriptor: int, *, write_behind: bool) -> None:
        self._descriptor = descriptor
        self._write_behind = write_behind
        self._written = 0
        self._advised = 0
        super().__init__(self._write, name="backup-writer")

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self._descriptor, view) :]
        self._written += len(data)
        if self._write_behind and self._written - self._advised >= WRITE_BEHIND:
            os.posix_fadvise(
                self._descriptor,
                self._advised,
                self._written - self._advised,
                os.POSIX_FADV_DONTNEED,
            )
            self._advised = self._written

    def write(self, data: bytes) -> int:
        self.put(data)
        return len(data)

    def sync(self) -> None:
        """Everything written and on disk."""
        self.close()
        os.fsync(self._descriptor)


class BackgroundDigest(Background):
    """SHA-256 of everything given to ``update``, computed on a second thread."""

    def __init__(self) -> None:
        self._digest = hashlib.sha256()
        super().__init__(self._digest.update, name="backup-digest")

    def update(self, data: bytes) -> None:
        self.put(data)

    def hexdigest(self) -> str:
        self.close()
        return self._digest.hexdigest()
