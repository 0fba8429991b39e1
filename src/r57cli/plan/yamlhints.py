"""What a YAML syntax error means, said where the user must look: git conflict markers left
in a file, a quote opened and never closed, and libyaml's own words in the user's language.

libyaml notices a problem where it can no longer go on, often lines after the cause: a quote
left open on line 11 is "did not find expected key" at 14:16, and a file half-way through a
merge is "could not find expected ':'". These are the two a civil servant meets first.
"""

from __future__ import annotations

import re
from typing import Any

from r57cli.locale.messages import phrase
from r57cli.plan.diagnostics import Diagnostic

# A conflict block as git writes it: "<<<<<<< ours", "=======", ">>>>>>> theirs"; the
# markers are seven characters at the start of a line (diff3 adds "|||||||").
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: .*)?$", re.MULTILINE)


def conflict_markers(path: str, lines: list[str]) -> list[Diagnostic]:
    """One R57E018 per conflict block, at its "<<<<<<<" line, naming where it ends."""
    found: list[Diagnostic] = []
    start = 0
    for number, line in enumerate(lines, start=1):
        if line[:1] not in "<=>|" or not _CONFLICT.match(line):
            continue
        if line.startswith("<<<<<<<"):
            start = number
        elif line.startswith(">>>>>>>"):
            found.append(Diagnostic("R57E018", path, start or number, 1, {"end": number}))
            start = 0
    if start:  # opened and never closed: still a conflict
        found.append(Diagnostic("R57E018", path, start, 1, {"end": len(lines)}))
    if not found and any(_CONFLICT.match(line) for line in lines if line[:1] in "<=>|"):
        first = next(n for n, line in enumerate(lines, 1) if _CONFLICT.match(line))
        found.append(Diagnostic("R57E018", path, first, 1, {"end": first}))
    return found


def has_conflict_markers(text: str) -> bool:
    return "<<<<<<<" in text or ">>>>>>>" in text


# Where a scalar may begin on a line: after the indentation, "- ", "key: ", "[", "{" or ",".
_BEFORE_SCALAR = re.compile(r"(?:^\s*|[\[{,]\s*|[:-]\s+)$")


def open_quote(lines: list[str], upto: int) -> tuple[int, int] | None:
    """(line, column), 1-based, of the first quote that opens a value on lines 1..`upto`
    and is not closed on its own line. A quote inside plain text (it's) opens nothing."""
    for number, line in enumerate(lines[:upto], start=1):
        col = _unclosed(line)
        if col is not None:
            return number, col
    return None


def _unclosed(line: str) -> int | None:
    i, n = 0, len(line)
    while i < n:
        char = line[i]
        if char in " \t,[]{}" or (char == "-" and line[i + 1 : i + 2] in (" ", "")):
            i += 1
        elif char == "#" and (i == 0 or line[i - 1] in " \t"):
            return None  # a comment to the end of the line
        elif char in "\"'" and _BEFORE_SCALAR.search(line[:i]):
            end = _closing(line, i)
            if end is None:
                return i + 1
            i = end + 1
        else:
            # A plain word runs to ": ", a flow's ",]}", " #" or the end: quotes in it are text.
            j = i
            while j < n and line[j] not in ",[]{}":
                if line[j] == ":" and line[j + 1 : j + 2] in (" ", "\t", ""):
                    break
                if line[j] == "#" and j > 0 and line[j - 1] in " \t":
                    return None
                j += 1
            i = j + 1 if j < n and line[j] == ":" else max(j, i + 1)
    return None


def _closing(line: str, start: int) -> int | None:
    quote = line[start]
    i = start + 1
    while i < len(line):
        if quote == '"' and line[i] == "\\":
            i += 2
            continue
        if line[i] == quote:
            if quote == "'" and line[i + 1 : i + 2] == "'":
                i += 2  # '' is a quote inside single quotes
                continue
            return i
        i += 1
    return None


# libyaml's words, as PHRASES keys (English identical to libyaml's, so English output stays
# as it was; the Vietnamese is in r57.po).
_LIBYAML = {
    "did not find expected key": "yaml-expected-key",
    "could not find expected ':'": "yaml-expected-colon",
    "mapping values are not allowed here": "yaml-mapping-here",
    "found character that cannot start any token": "yaml-bad-start",
    "found unexpected end of stream": "yaml-end-of-stream",
    "did not find expected node content": "yaml-expected-node",
    "did not find expected ',' or ']'": "yaml-expected-bracket",
    "did not find expected ',' or '}'": "yaml-expected-brace",
    "did not find expected '-' indicator": "yaml-expected-dash",
    "found undefined alias": "yaml-undefined-alias",
    "found unknown escape character": "yaml-unknown-escape",
    "while parsing a block mapping": "yaml-in-block-mapping",
    "while parsing a block collection": "yaml-in-block-list",
    "while parsing a flow sequence": "yaml-in-flow-list",
    "while parsing a flow mapping": "yaml-in-flow-mapping",
    "while scanning a simple key": "yaml-in-simple-key",
    "while scanning a quoted scalar": "yaml-in-quoted",
    "while scanning a plain scalar": "yaml-in-plain",
    "while parsing a block node": "yaml-in-block-node",
    "while parsing a flow node": "yaml-in-flow-node",
}


def problem_words(problem: str, context: str) -> Any:
    """libyaml's problem (and its context) as phrases in the user's language, where known;
    an unknown one stays libyaml's English."""
    what: Any = phrase(_LIBYAML[problem]) if problem in _LIBYAML else problem
    if not context:
        return what
    where: Any = phrase(_LIBYAML[context]) if context in _LIBYAML else context
    return phrase("yaml-in-context", problem=what, context=where)
