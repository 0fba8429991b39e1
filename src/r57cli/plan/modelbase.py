"""The pieces every plan model is made of: the strict base and the bilingual text. Apart
from model.py so that the models of one block (reportblock.py) can live in their own module."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

ShortText = Annotated[str, Field(min_length=1, max_length=300)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Bilingual(Strict):
    """The same text in English and Vietnamese."""

    en: ShortText
    vi: ShortText
