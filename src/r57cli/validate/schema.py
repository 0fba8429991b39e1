"""Translate pydantic validation errors into located, plain-language diagnostics."""

from __future__ import annotations

import difflib
import types
import typing
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from r57cli.locale.messages import phrase
from r57cli.locale.phrases import PHRASES
from r57cli.plan.diagnostics import Diagnostic
from r57cli.plan.model import ID_KINDS
from r57cli.plan.yamlevents import LoadedFile, PathKey

_YES_NO = frozenset(
    s for w in ("yes", "no", "on", "off", "y", "n") for s in (w, w.title(), w.upper())
)
_PCT_FIELDS = frozenset({"pct", "planned_pct"})


# pydantic error types -> (phrase for the bound, its key in the error context)
_BOUNDS: dict[str, tuple[str, str]] = {
    "greater_than": ("must-be-gt", "gt"),
    "greater_than_equal": ("must-be-ge", "ge"),
    "less_than": ("must-be-lt", "lt"),
    "less_than_equal": ("must-be-le", "le"),
}
# pydantic error types -> (phrase naming the expected type, phrase for the fix)
_EXPECTED_BY_TYPE: dict[str, tuple[str, str]] = {
    "string_type": ("t-text", "fix-quote"),
    "int_type": ("t-int", "fix-whole"),
    "int_from_float": ("t-int", "fix-whole"),
    "bool_type": ("t-bool", "fix-value"),
    "list_type": ("t-list", "fix-list"),
    "dict_type": ("t-mapping", "fix-mapping"),
    "model_type": ("t-mapping", "fix-mapping"),
    "model_attributes_type": ("t-mapping", "fix-mapping"),
}


def type_phrase(value: Any) -> dict[str, Any]:
    """How to call the type of a YAML value in a message."""
    if value is None:
        return phrase("t-nothing")
    if isinstance(value, bool):
        return phrase("t-bool")
    if isinstance(value, int):
        return phrase("t-int")
    if isinstance(value, float):
        return phrase("t-decimal")
    if isinstance(value, datetime):
        return phrase("t-datetime")
    if isinstance(value, date):
        return phrase("t-date")
    if isinstance(value, list):
        return phrase("t-list")
    if isinstance(value, dict):
        return phrase("t-mapping")
    return phrase("t-text")


def _shown(value: Any) -> str:
    text = value.isoformat() if isinstance(value, date) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _unwrap(annotation: Any) -> Any:
    """list[X] -> X, X | None -> X, Annotated[X, ...] -> X: enough to walk our models."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (list, typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation


def model_at(model: type[BaseModel], loc: PathKey) -> type[BaseModel] | None:
    """The model class that owns the mapping at `loc`, or None if it is not a model."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _unwrap(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def _field_name(loc: PathKey) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1]}[{part + 1}]"] if parts else [f"[{part + 1}]"]
        else:
            parts.append(part)
    return ".".join(parts) or "(file)"


def _diag(
    loaded: LoadedFile, code: str, loc: PathKey, args: dict[str, Any], *, key: bool = False
) -> Diagnostic:
    line, col, length = loaded.where(loc, key=key)
    return Diagnostic(code, loaded.path, line, col, args, length=length)


def translate(
    loaded: LoadedFile, model: type[BaseModel], error: ValidationError
) -> list[Diagnostic]:
    """One diagnostic per pydantic error, placed on the offending key or value."""
    out: list[Diagnostic] = []
    for err in error.errors(include_url=False):
        out.append(_one(loaded, model, err))
    return out


# PydanticCustomError types raised by the models' validators -> (problem, fix) phrase keys.
_CUSTOM = {
    "r57_url_option": ("bad-url-option", "fix-url"),
    "r57_url_helper": ("bad-url-helper", "fix-url"),
    "r57_url_scheme": ("bad-url-scheme", "fix-url"),
    "r57_url_form": ("bad-url-form", "fix-url"),
    "r57_branch": ("bad-branch", "fix-branch"),
    "r57_folder": ("bad-folder", "fix-folder"),
}


def _one(loaded: LoadedFile, model: type[BaseModel], err: ErrorDetails) -> Diagnostic:
    loc: PathKey = tuple(err["loc"])
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    name = _field_name(loc)
    if kind == "extra_forbidden":
        owner = model_at(model, loc[:-1])
        allowed = sorted(owner.model_fields) if owner else []
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        suggestion = phrase("did-you-mean", name=close[0]) if close else ""
        return _diag(
            loaded,
            "R57E101",
            loc,
            {
                "key": loc[-1],
                "suggestion": suggestion,
                "allowed": ", ".join(allowed),
            },
            key=True,
        )
    if kind == "missing":
        line, col, length = loaded.where(loc[:-1], key=True) if loc[:-1] else (1, 1, 1)
        return Diagnostic("R57E102", loaded.path, line, col, {"key": loc[-1]}, length=length)
    if kind == "r57_impossible_date":
        return _diag(loaded, "R57E104", loc, {"field": name, "value": _shown(value)})
    if kind == "r57_datetime":
        return _diag(
            loaded,
            "R57E110",
            loc,
            {
                "field": name,
                "problem": phrase("with-time"),
                "fix": phrase("fix-drop-time"),
            },
        )
    if kind == "r57_quoted_date":
        return _diag(
            loaded,
            "R57E110",
            loc,
            {
                "field": name,
                "problem": phrase("quoted-date", value=_shown(value)),
                "fix": phrase("fix-unquote-date", value=_shown(value)),
            },
        )
    if kind == "r57_date_type":
        return _diag(
            loaded,
            "R57E103",
            loc,
            {
                "field": name,
                "expected": phrase("t-date"),
                "found": type_phrase(value),
                "fix": phrase("fix-date"),
            },
        )
    if kind == "r57_time_zone":
        return _diag(
            loaded,
            "R57E110",
            loc,
            {
                "field": name,
                "problem": phrase("bad-zone", value=_shown(value)),
                "fix": phrase("fix-zone"),
            },
        )
    if kind == "bool_type" and isinstance(value, str) and value in _YES_NO:
        return _diag(loaded, "R57E105", loc, {"field": name, "value": value})
    if kind in ("greater_than_equal", "less_than_equal") and loc and loc[-1] in _PCT_FIELDS:
        return _diag(loaded, "R57E106", loc, {"field": name, "value": _shown(value)})
    if kind in _BOUNDS:
        key, limit = _BOUNDS[kind]
        return _diag(
            loaded,
            "R57E110",
            loc,
            {
                "field": name,
                "problem": phrase(key, limit=ctx.get(limit)),
                "fix": phrase("fix-number"),
            },
        )
    if kind == "string_pattern_mismatch":
        what, example = ID_KINDS.get(str(ctx.get("pattern")), ("", ""))
        if what:
            return _diag(
                loaded,
                "R57E107",
                loc,
                {
                    "field": name,
                    "value": _shown(value),
                    "what": phrase(what),
                    # the example's words in the user's language, where it has words
                    "example": phrase(f"ex-{what}") if f"ex-{what}" in PHRASES else example,
                },
            )
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        return _diag(
            loaded,
            "R57E109",
            loc,
            {
                "field": name,
                "value": _shown(value),
                "allowed": expected.replace(" or ", ", "),
            },
        )
    if kind in _EXPECTED_BY_TYPE:
        expected, fix = _EXPECTED_BY_TYPE[kind]
        if value is None:
            fix = "fix-nonempty"
        return _diag(
            loaded,
            "R57E103",
            loc,
            {
                "field": name,
                "expected": phrase(expected),
                "found": type_phrase(value),
                "fix": phrase(fix),
            },
        )
    if kind == "string_too_short":
        return _diag(
            loaded,
            "R57E110",
            loc,
            {
                "field": name,
                "problem": phrase("empty-text"),
                "fix": phrase("fix-nonempty"),
            },
        )
    if kind == "string_too_long":
        return _diag(
            loaded,
            "R57E110",
            loc,
            {
                "field": name,
                "problem": phrase("too-long", max=ctx.get("max_length")),
                "fix": phrase("fix-shorten"),
            },
        )
    if kind == "too_short":
        return _diag(
            loaded,
            "R57E110",
            loc,
            {
                "field": name,
                "problem": phrase("list-too-short", min=ctx.get("min_length")),
                "fix": phrase("fix-add-item"),
            },
        )
    if kind in _CUSTOM:  # the models' own rules (federation URLs, branches, folders)
        problem, fix = _CUSTOM[kind]
        fields = {k: _shown(v) for k, v in ctx.items()}
        return _diag(
            loaded,
            "R57E110",
            loc,
            {"field": name, "problem": phrase(problem, **fields), "fix": phrase(fix)},
        )
    # Anything else (a numeric bound on a non-percentage, say): pydantic's own words.
    return _diag(
        loaded,
        "R57E110",
        loc,
        {
            "field": name,
            "problem": err["msg"],
            "fix": phrase("fix-value"),
        },
    )
