"""Rendering a register description document as Markdown."""

from __future__ import annotations

from typing import Any


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(
    document: dict[str, Any], *, version: int, published: str, updated_label: str
) -> str:
    lines = [
        f"# {document['title']}",
        "",
        f"_{updated_label} {published} (v{version})_",
        "",
        document["intro"],
        "",
    ]
    for section in document["sections"]:
        lines += [f"## {section['heading']}", ""]
        for block in section["blocks"]:
            if block["type"] == "p":
                lines += [block["text"], ""]
            elif block["type"] == "ul":
                lines += [f"- {item}" for item in block["items"]] + [""]
            elif block["type"] == "table":
                lines.append("| " + " | ".join(_cell(h) for h in block["head"]) + " |")
                lines.append("|" + "---|" * len(block["head"]))
                lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block["rows"]]
                lines.append("")
            else:  # pragma: no cover - the builder makes no other kinds
                raise ValueError(f"unknown block type {block['type']}")
    return "\n".join(lines).rstrip() + "\n"
