"""The anchor's restore marker: lines before it are superseded by the restored head, which
still pins every earlier entry; a backup is checked against every history ever anchored."""

from __future__ import annotations

import pytest

from rekisteri.audit.anchor import (
    AnchorError,
    anchor_append,
    anchor_history,
    anchor_lines,
    anchor_path,
    anchor_restore_mark,
)

A, B, C = "a" * 64, "b" * 64, "c" * 64


def test_a_marker_supersedes_the_lines_before_it() -> None:
    anchor_append(1, A)
    anchor_append(2, B)
    anchor_restore_mark(1, A)
    anchor_append(2, C)
    assert [(line.sequence, line.hash) for line in anchor_lines()] == [(1, A), (2, C)]


def test_the_history_keeps_every_hash_ever_anchored() -> None:
    anchor_append(2, B)
    anchor_restore_mark(1, A)
    anchor_append(2, C)
    assert anchor_history() == {1: {A}, 2: {B, C}}


def test_a_damaged_marker_is_named() -> None:
    anchor_path().write_text(f"1 {A} 2026-01-01T00:00:00+00:00\nrestored x {B}\n")
    with pytest.raises(AnchorError, match="line 2"):
        list(anchor_lines())
