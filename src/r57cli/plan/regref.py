"""Regulation references read as documents (pure): "Decree 47/2020/ND-CP", "Nghị định
47/2020/NĐ-CP" and "NĐ 47/2020/NĐ-CP" are one decree. A reference is parsed into its kind
(decree, circular, decision, resolution, directive, plan, law), number, year and issuer
(CP, TTg, BTTTT...; Đ and D are the same letter here), which make its `key`; `canonical`
writes it the one way docs/validate.md (R57W020) asks for, in the plan's language:

- Vietnamese: "Nghị định 47/2020/NĐ-CP", "Quyết định 749/QĐ-TTg", "Nghị quyết 57-NQ/TW";
- English: "Decree 47/2020/ND-CP", "Decision 749/QD-TTg", "Resolution 57-NQ/TW".

Text that is not a numbered document (a law named by its title) is not parsed: it groups
only with the same text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# kind -> (English word, Vietnamese word, the symbol's code in Vietnamese, in English)
KINDS: dict[str, tuple[str, str, str, str]] = {
    "law": ("Law", "Luật", "", ""),
    "resolution": ("Resolution", "Nghị quyết", "NQ", "NQ"),
    "decree": ("Decree", "Nghị định", "NĐ", "ND"),
    "circular": ("Circular", "Thông tư", "TT", "TT"),
    "decision": ("Decision", "Quyết định", "QĐ", "QD"),
    "directive": ("Directive", "Chỉ thị", "CT", "CT"),
    "plan": ("Plan", "Kế hoạch", "KH", "KH"),
}
# A word or abbreviation before the number, without diacritics, lower case.
_WORDS = {
    **{en.lower(): kind for kind, (en, _, _, _) in KINDS.items()},
    "nghi dinh": "decree",
    "nd": "decree",
    "thong tu": "circular",
    "tt": "circular",
    "quyet dinh": "decision",
    "qd": "decision",
    "nghi quyet": "resolution",
    "nq": "resolution",
    "chi thi": "directive",
    "ct": "directive",
    "ke hoach": "plan",
    "kh": "plan",
    "luat": "law",
}
_CODES = {en: kind for kind, (_, _, _, en) in KINDS.items() if en}
_PART = r"[^\W\d_][\w&]*"  # letters, then letters, digits or &
# 47/2020/NĐ-CP, 749/QĐ-TTg, 20/2023/QH15 (a law: no code), 57-NQ/TW (the Party's style).
_STATE = re.compile(
    rf"(?P<num>\d+)(?:/(?P<year>\d{{4}}))?/(?:(?P<code>{_PART})-)?(?P<issuer>{_PART}(?:-{_PART})*)"
)
_PARTY = re.compile(rf"(?P<num>\d+)-(?P<code>{_PART})/(?P<issuer>{_PART})")
_NUMBER_WORD = re.compile(r"\s*(?:số|so|no\.?|number)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class RegRef:
    kind: str
    number: str  # as written: 03/NQ-CP keeps its zero
    year: str
    issuer: str  # as written, TTg kept in its own case
    party: bool  # 57-NQ/TW rather than 57/NQ-TW
    tail: str  # anything after the symbol (", Điều 5"), kept as written

    @property
    def key(self) -> str:
        """The same for every spelling of one document."""
        return f"{self.kind}:{int(self.number)}:{self.year}:{plain(self.issuer).upper()}"

    def canonical(self, language: str) -> str:
        en, vi, code_vi, code_en = KINDS[self.kind]
        word, code = (vi, code_vi) if language == "vi" else (en, code_en)
        issuer = self.issuer if language == "vi" else plain(self.issuer)
        if self.party:
            symbol = f"{self.number}-{code}/{issuer}"
        else:
            year = f"/{self.year}" if self.year else ""
            symbol = f"{self.number}{year}/{code + '-' if code else ''}{issuer}"
        return f"{word} {symbol}{self.tail}"


def plain(text: str) -> str:
    """Without diacritics, Đ as D: the letters a key compares."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _issuer(text: str) -> str:
    return "TTg" if text.lower() == "ttg" else text.upper()


def parse(text: str | None) -> RegRef | None:
    """The document a reference names, or None when it is not a numbered one r57 knows."""
    if not text:
        return None
    written = " ".join(unicodedata.normalize("NFC", text).split())
    for pattern, party in ((_PARTY, True), (_STATE, False)):
        m = pattern.search(written)
        if m is None:
            continue
        before = _NUMBER_WORD.sub("", written[: m.start()]).strip().rstrip(":").strip()
        said = _WORDS.get(plain(before).lower()) if before else None
        if before and said is None:
            continue
        code = plain(m.group("code") or "").upper()
        law = m.group("issuer")[:2].upper() == "QH"  # 20/2023/QH15: the National Assembly
        from_code = _CODES.get(code) if code else ("law" if law else None)
        if code and from_code is None:
            continue
        kind = from_code or said
        if kind is None or (said is not None and from_code is not None and said != from_code):
            continue
        if party and not code:
            continue
        return RegRef(
            kind=kind,
            number=m.group("num"),
            year=(m.groupdict().get("year") or ""),
            issuer=_issuer(m.group("issuer")),
            party=party,
            tail=written[m.end() :],
        )
    return None


def ref_key(text: str | None) -> str:
    """The grouping key of a reference: its document's key, or its text when unparsed."""
    found = parse(text)
    return found.key if found else " ".join((text or "").split()).casefold()
