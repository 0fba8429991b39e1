"""Reading one plan file: its bytes (bounded, never blocking, never through a link), its text
(UTF-8, no control characters), and its values with positions, every problem a diagnostic."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from r57cli.locale.messages import phrase
from r57cli.plan.diagnostics import Diagnostic, Related
from r57cli.plan.yamlevents import LoadedFile, build
from r57cli.plan.yamlhints import conflict_markers, has_conflict_markers, open_quote, problem_words

MAX_FILE_BYTES = 256 * 1024

_BREAKS = re.compile(r"\r\n|\r|\n")
_BOM = b"\xef\xbb\xbf"
# YAML 1.1 parsers (libyaml) break lines at these; in a plan file they are always an accident.
_SEPARATORS = {"\u2028": "U+2028", "\u2029": "U+2029", "\x85": "U+0085"}
# Characters YAML does not allow in a stream at all (tab, LF, CR and NEL are handled apart).
_FORBIDDEN = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ufffe\uffff]")
_MAX_TAB_WARNINGS = 20


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and character column of `index` in `text`, for any line-break style."""
    lines = _BREAKS.split(text[:index])
    return len(lines), len(lines[-1]) + 1


def _byte_line_col(body: bytes, index: int) -> tuple[int, int]:
    prefix = body[:index].decode("utf-8", errors="replace")
    return _line_col(prefix, len(prefix))


def decode(path: str, raw: bytes) -> tuple[str | None, list[Diagnostic]]:
    """Check size, NUL bytes, UTF-8 and stray line separators; return the text or the reasons
    it cannot be read. Positions count characters after a byte-order mark, as editors do."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Diagnostic("R57E002", path, 1, 1, {"size": len(raw), "limit": MAX_FILE_BYTES})
        ]
    body = raw[len(_BOM) :] if raw.startswith(_BOM) else raw
    if body.startswith(_BOM):
        return None, [Diagnostic("R57E015", path, 1, 1)]
    if body[:2] in (b"\xff\xfe", b"\xfe\xff"):
        # Saved as "Unicode" (UTF-16, Windows Notepad's word for it): not corrupted, only in
        # another encoding, so the fix is to save it as UTF-8, not to restore it from git.
        return None, [Diagnostic("R57E003", path, 1, 1, {"byte": f"0x{body[0]:02X}"})]
    nul = body.find(b"\x00")
    if nul >= 0:
        line, col = _byte_line_col(body, nul)
        return None, [Diagnostic("R57E004", path, line, col)]
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_line_col(body, exc.start)
        return None, [Diagnostic("R57E003", path, line, col, {"byte": f"0x{body[exc.start]:02X}"})]
    found: list[Diagnostic] = []
    for char, name in _SEPARATORS.items():
        index = text.find(char)
        while index >= 0 and len(found) < 20:
            line, col = _line_col(text, index)
            found.append(Diagnostic("R57E013", path, line, col, {"char": name}))
            index = text.find(char, index + 1)
    for match in _FORBIDDEN.finditer(text):
        if len(found) >= 20:
            break
        line, col = _line_col(text, match.start())
        found.append(Diagnostic("R57E014", path, line, col, {"char": f"U+{ord(match[0]):04X}"}))
    if found:
        return None, sorted(found, key=Diagnostic.sort_key)
    return text, []


def _tabs(path: str, text: str) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """Tabs as (indentation errors, warnings). YAML forbids tabs in indentation, but a tab
    after the indentation of a block scalar is text; the parser decides which it is."""
    indent: list[Diagnostic] = []
    other: list[Diagnostic] = []
    for number, line in enumerate(_BREAKS.split(text), start=1):
        tab = line.find("\t")
        if tab < 0:
            continue
        bucket = indent if not line[:tab].strip(" -") else other
        if len(bucket) < _MAX_TAB_WARNINGS:
            bucket.append(Diagnostic("R57W004", path, number, tab + 1))
    return indent, other


# libyaml names these contexts when something opened earlier is never closed; the place it
# was opened is where the user must look, not the end of the file where it was noticed.
_OPENED_CONTEXTS = ("quoted scalar", "flow sequence", "flow mapping", "simple key")


def _syntax(path: str, exc: yaml.YAMLError, text: str) -> Diagnostic:
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    raw_problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
    context = getattr(exc, "context", None) or ""
    problem = problem_words(raw_problem, context if raw_problem else "")
    opened = context_mark is not None and any(c in context for c in _OPENED_CONTEXTS)
    mark = context_mark if opened else (problem_mark or context_mark)
    lines = _BREAKS.split(text)
    if not opened and problem_mark is not None:
        # A quote left open earlier swallows the lines after it: libyaml stops lines later.
        quote = open_quote(lines, problem_mark.line + 1)
        if quote is not None and quote < (problem_mark.line + 1, problem_mark.column + 1):
            noticed = Related(path, problem_mark.line + 1, problem_mark.column + 1, "noticed-here")
            return Diagnostic("R57E017", path, *quote, related=(noticed,))
    line = mark.line + 1 if mark is not None else 1
    col = mark.column + 1 if mark is not None else 1
    if line > len(lines):  # libyaml may point just past the last line
        line, col = len(lines), len(lines[-1]) + 1
    related: tuple[Related, ...] = ()
    if opened and "quoted scalar" in context and mark is not None and problem_mark is not None:
        noticed = Related(path, min(problem_mark.line + 1, len(lines)), 1, "noticed-here")
        return Diagnostic("R57E017", path, line, col, related=(noticed,))
    if opened and problem_mark is not None and problem_mark.line + 1 <= len(lines):
        related = (Related(path, problem_mark.line + 1, problem_mark.column + 1, "noticed-here"),)
    return Diagnostic("R57E006", path, line, col, {"problem": problem}, related=related)


# O_NONBLOCK: opening a FIFO must not wait for a writer (harmless on files). O_NOFOLLOW: a plan
# file is a file in the repository, never a link elsewhere; a link to a secret would otherwise
# be quoted in a public CI log.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOFOLLOW", 0)
)


def read_plan_file(plan_dir: Path, relpath: str) -> tuple[bytes | None, Diagnostic | None]:
    """The bytes of one plan file, or why they cannot be had. Never blocks, never reads more
    than the size cap: a FIFO, a device or a folder where a file should be is a problem."""
    # os.open/os.read on a str path: a third of the cost of Path.open on 10,000 small files.
    try:
        fd = os.open(f"{plan_dir}/{relpath}", _OPEN_FLAGS)
    except OSError as exc:
        reason: Any = exc.strerror or str(exc)
        if exc.errno == errno.ELOOP:  # what O_NOFOLLOW gives for a symbolic link
            reason = phrase("symlink-refused")
        return None, Diagnostic("R57E001", relpath, 1, 1, {"reason": reason})
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            why = "not-a-file-folder" if stat.S_ISDIR(info.st_mode) else "not-a-regular-file"
            return None, Diagnostic("R57E001", relpath, 1, 1, {"reason": phrase(why)})
        if info.st_size > MAX_FILE_BYTES:
            return None, Diagnostic(
                "R57E002", relpath, 1, 1, {"size": info.st_size, "limit": MAX_FILE_BYTES}
            )
        chunks = []
        total = 0
        while total <= MAX_FILE_BYTES:  # until EOF: the size can change between fstat and read
            chunk = os.read(fd, max(info.st_size, 65536))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks), None
    except OSError as exc:
        return None, Diagnostic("R57E001", relpath, 1, 1, {"reason": exc.strerror or str(exc)})
    finally:
        os.close(fd)


def load(path: str, raw: bytes) -> LoadedFile:
    """Read one plan file safely. Never raises for bad input: problems become diagnostics."""
    out = LoadedFile(path)
    text, problems = decode(path, raw)
    out.diagnostics.extend(problems)
    if text is None:
        return out
    out.first_line = _BREAKS.split(text, maxsplit=1)[0]
    if has_conflict_markers(text):
        # Half-way through a merge or rebase: say so, not what the markers do to the YAML.
        markers = conflict_markers(path, _BREAKS.split(text))
        if markers:
            out.diagnostics.extend(markers)
            return out
    syntax = None
    try:
        build(out, text)
    except yaml.YAMLError as exc:
        out.data = None
        syntax = _syntax(path, exc, text)
    if "\t" not in text:
        if syntax is not None:
            out.diagnostics.append(syntax)
        return out
    indent, other = _tabs(path, text)
    if syntax is None:
        out.diagnostics.extend(sorted(indent + other, key=Diagnostic.sort_key))
        return out
    # The file does not parse: tabs in indentation are the likely reason, and say it plainly.
    out.diagnostics.extend(Diagnostic("R57E007", d.path, d.line, d.column) for d in indent)
    if not any(d.line == syntax.line for d in indent):
        out.diagnostics.append(syntax)
    return out
