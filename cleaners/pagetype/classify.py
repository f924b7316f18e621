"""Decide a page's type from its features with the shipped model (plain numbers, no ML library).

The model (``cleaners/data/page_type_model.json``) is a multinomial logistic regression trained by
``benchmarks/train_page_type.py`` on the development corpus only; its file is checked when it
loads, so a model that does not fit the feature code fails at once, not page by page.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, cast, get_args

from cleaners.errors import ExtractionError
from cleaners.model import PageType

PAGE_TYPES: tuple[str, ...] = get_args(PageType)
# Below this probability for its best class, a page is "other": no type is clearly its own.
MIN_CONFIDENCE = 0.3


@dataclass(frozen=True, slots=True)
class PageTypeGuess:
    """The page type and the model's probability for it (how sure a step may be that uses it)."""

    kind: PageType
    confidence: float


@dataclass(frozen=True, slots=True)
class PageTypeModel:
    """Standardise each feature, then one linear score per class; the softmax's best class wins."""

    classes: tuple[str, ...]
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[tuple[float, ...], ...]
    intercept: tuple[float, ...]

    def probabilities(self, values: Mapping[str, float]) -> dict[str, float]:
        standard = [
            (values.get(name, 0.0) - mean) / scale if scale else 0.0
            for name, mean, scale in zip(self.features, self.mean, self.scale, strict=True)
        ]
        scores = [
            bias + sum(weight * value for weight, value in zip(row, standard, strict=True))
            for row, bias in zip(self.coef, self.intercept, strict=True)
        ]
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        return {kind: value / total for kind, value in zip(self.classes, exps, strict=True)}

    def predict(self, values: Mapping[str, float]) -> PageTypeGuess:
        probabilities = self.probabilities(values)
        kind, probability = max(probabilities.items(), key=lambda item: item[1])
        return PageTypeGuess(cast(PageType, kind) if probability >= MIN_CONFIDENCE else "other", probability)


def parse_model(data: Any, name: str = "page_type_model.json") -> PageTypeModel:
    """Check and read a model; a wrong shape or an unknown class is an error naming the file."""
    try:
        classes = tuple(str(kind) for kind in data["classes"])
        features = tuple(str(feature) for feature in data["features"])
        model = PageTypeModel(
            classes=classes,
            features=features,
            mean=tuple(float(v) for v in data["mean"]),
            scale=tuple(float(v) for v in data["scale"]),
            coef=tuple(tuple(float(v) for v in row) for row in data["coef"]),
            intercept=tuple(float(v) for v in data["intercept"]),
        )
    except (KeyError, TypeError, ValueError) as e:
        raise ExtractionError(f"{name}: not a page-type model ({e})") from e
    unknown = set(classes) - set(PAGE_TYPES)
    if unknown:
        raise ExtractionError(f"{name}: unknown page type(s) {sorted(unknown)}")
    width = len(features)
    if (
        len(model.mean) != width
        or len(model.scale) != width
        or len(model.coef) != len(classes)
        or len(model.intercept) != len(classes)
        or any(len(row) != width for row in model.coef)
    ):
        raise ExtractionError(f"{name}: weights do not match {width} features and {len(classes)} classes")
    return model


@cache
def page_type_model() -> PageTypeModel:
    text = resources.files("cleaners.data").joinpath("page_type_model.json").read_text(encoding="utf-8")
    return parse_model(json.loads(text))
