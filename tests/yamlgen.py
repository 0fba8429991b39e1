"""Random YAML documents in the shapes where a hand-written reader goes wrong: block scalars
with every chomping and indentation indicator, blank and whitespace-only lines around them,
trailing spaces, CRLF and mixed line ends, and files with or without a final newline.

Pure and seeded (random.Random), so the bounded fuzz in tests/test_fastyaml.py and the long
one in benchmarks/fuzz_fastyaml.py generate the same documents for the same seed.
"""

from __future__ import annotations

import random

_HEADERS = [
    "|", "|-", "|+", ">", ">-", ">+",
    "|1", "|2", "|4", ">1", ">2", "|2-", "|-2", ">2+", ">+1", "|+3",
    "| # note", ">- #", "|0", "|10", "|--", "|  ",
]  # fmt: skip
_WORDS = ["a", "b c", "Dự thảo", "x: y", "#h", "- z", "'q'", "1", "2025-09-30", "~", "yes", "é"]
_PLAIN = ["1", "x", "2025-01-31", "'s'", '"d"', "[a, b]", "null", "", "v # c", "0.5", "Nghị định"]


def _blank(rng: random.Random, indent: int) -> str:
    """An empty line, or one of spaces: fewer, as many as, or more than the body's indent."""
    return " " * rng.choice([0, 0, 1, max(indent - 1, 0), indent, indent + 1, indent + 3])


def _block_scalar(rng: random.Random, parent: int) -> list[str]:
    header = rng.choice(_HEADERS)
    indent = parent + rng.choice([1, 2, 2, 2, 3, 4])
    lines = [header]
    for _ in range(rng.randint(0, 2)):  # blank lines before the first content line
        lines.append(_blank(rng, indent))
    for _ in range(rng.randint(0, 4)):
        roll = rng.random()
        if roll < 0.2:
            lines.append(_blank(rng, indent))
        else:
            extra = rng.choice([0, 0, 0, 0, 1, 2]) if roll > 0.9 else 0
            text = rng.choice(_WORDS) + (" " * rng.choice([1, 2]) if rng.random() < 0.15 else "")
            lines.append(" " * (indent + extra) + text)
    for _ in range(rng.choice([0, 0, 1, 2])):  # blank lines after the last
        lines.append(_blank(rng, indent))
    return lines


def _mapping(rng: random.Random, indent: int, depth: int) -> list[str]:
    out: list[str] = []
    keys = rng.sample(["k", "note", "due", "title", "en", "vi", "pct", "id"], rng.randint(1, 4))
    for key in keys:
        pad = " " * indent
        roll = rng.random()
        if roll < 0.5:
            body = _block_scalar(rng, indent)
            out.append(f"{pad}{key}: {body[0]}")
            out.extend(body[1:])
        elif roll < 0.65 and depth < 2:
            out.append(f"{pad}{key}:")
            out.extend(_mapping(rng, indent + rng.choice([2, 4]), depth + 1))
        elif roll < 0.75 and depth < 2:
            out.append(f"{pad}{key}:")
            for _ in range(rng.randint(1, 2)):
                out.append(f"{pad}- {rng.choice(_PLAIN)}".rstrip())
        else:
            trailing = " " * rng.choice([0, 0, 0, 1, 3])
            out.append(f"{pad}{key}: {rng.choice(_PLAIN)}".rstrip() + trailing)
        if rng.random() < 0.1:
            out.append(rng.choice(["", "  ", "# comment", "   # indented comment"]))
    return out


def document(rng: random.Random) -> str:
    """One document: a mapping with block scalars, line ends and a final newline drawn."""
    lines = _mapping(rng, 0, 0)
    ends = rng.choice(["\n", "\n", "\r\n", "mixed"])
    text = ""
    for number, line in enumerate(lines):
        last = number == len(lines) - 1
        if last and rng.random() < 0.4:
            text += line  # no final newline
            break
        text += line + (rng.choice(["\n", "\r\n"]) if ends == "mixed" else ends)
    return text
