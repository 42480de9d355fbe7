"""``python -m rekisteri.backups.filecopy FILE SIZE``: write the first SIZE bytes of FILE to
standard output, and fail if FILE is shorter.

A backup runs this as a child process to read the SQLite database file while a read
transaction in the parent keeps the file whole. The parent must not open the file itself:
closing any descriptor of a file drops every POSIX lock its process holds on that file,
SQLite's own included ("How To Corrupt An SQLite Database File", section 2.2), and the
parent may have connections to it. This process has none. It imports nothing of Django.
"""

from __future__ import annotations

import os
import sys

STEP = 16 * 1024 * 1024


def copy(path: str, size: int, out: int) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        offset = 0
        while offset < size:
            # In the kernel, from the page cache to the pipe: no copy through this process.
            sent = os.sendfile(out, descriptor, offset, min(STEP, size - offset))
            if sent == 0:
                raise SystemExit(f"{path}: shorter than {size} bytes")
            offset += sent
    finally:
        os.close(descriptor)


def main(argv: list[str]) -> None:
    path, size = argv
    copy(path, int(size), sys.stdout.fileno())


if __name__ == "__main__":
    main(sys.argv[1:])
