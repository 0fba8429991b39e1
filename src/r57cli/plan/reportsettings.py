"""The `report:` block of plan.yaml (or federation.yaml) with its defaults filled in, for the
report document: plain Python over the loaded data, so that a report (whose output may be
read back from the cache) does not import the models (plan/reportblock.py) to make its key."""

from __future__ import annotations


def _both(value: object) -> dict[str, str] | None:
    if not isinstance(value, dict):
        return None
    en, vi = value.get("en"), value.get("vi")
    if not isinstance(en, str) or not isinstance(vi, str) or not (en.strip() or vi.strip()):
        return None
    return {"en": en.strip() or vi.strip(), "vi": vi.strip() or en.strip()}


def derived_symbol(plan_symbol: object) -> str | None:
    """BC- and the issuer's part of the plan's own symbol: 286/KH-BTTTT gives BC-BTTTT."""
    if not isinstance(plan_symbol, str) or "-" not in plan_symbol:
        return None
    issuer = plan_symbol.rsplit("-", 1)[1].strip()
    return f"BC-{issuer}" if issuer and "/" not in issuer else None


def document_settings(plan: dict[str, object]) -> dict[str, object]:
    """The `report:` block with its defaults filled in, for the report document: read from
    plan.yaml as loaded, tolerant of a block `r57 validate` would refuse (a report is still
    made; validate names the mistake)."""
    raw = plan.get("report")
    block: dict[str, object] = raw if isinstance(raw, dict) else {}
    signer_raw = block.get("signer")
    signer: dict[str, object] = signer_raw if isinstance(signer_raw, dict) else {}
    symbol = block.get("symbol")
    name = signer.get("name")
    listed = block.get("recipients")
    recipients = [b for b in map(_both, listed if isinstance(listed, list) else []) if b]
    return {
        "parent_body": _both(block.get("parent_body")),
        "body": _both(block.get("body")) or _both(plan.get("issuing_body")),
        "symbol": symbol.strip()
        if isinstance(symbol, str) and symbol.strip()
        else derived_symbol(plan.get("symbol")),
        "place": _both(block.get("place")),
        "recipients": recipients,
        "signer": {
            "authority": _both(signer.get("authority")),
            "title": _both(signer.get("title")),
            "name": name.strip() if isinstance(name, str) and name.strip() else None,
        },
    }
