"""The article model: one shape for every input (text or HTML), schema version 1.

Field names are part of the public contract; the JSON Schema in ``cleaners/schema`` is
generated from these classes (``python -m cleaners.schema``) and checked in.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cleaners.errors import ArticleFormatError
from cleaners.page_kinds import PageType as PageType  # where the model and its users name it

SCHEMA_VERSION = 1

BlockType = Literal["paragraph", "heading", "list_item", "quote", "table", "code"]
SpanType = Literal["link", "strong", "emphasis", "code"]
RemovedKind = Literal[
    "comment_form",
    "comments",
    "captcha",
    "share",
    "cookie_notice",
    "newsletter",
    "navigation",
    "related",
    "header",
    "footer",
    "aside",
    "advertisement",
    "paywall",
    "hidden",
    "form",
    "boilerplate",
    "duplicate",
    "embed",
    "limit",
]


class _NotInTheModel:
    """pydantic's deprecated version-1 methods (``dict``, ``parse_obj`` ...) are not part of the
    model's contract: reading one raises AttributeError naming what to use instead."""

    def __init__(self, instead: str) -> None:
        self.instead = instead
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        kind = owner.__name__ if owner is not None else type(instance).__name__
        raise AttributeError(f"{kind}.{self.name} is not part of the article model; use {self.instead}")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_serialization_defaults_required=True,
                              ignored_types=(_NotInTheModel,))

    dict = _NotInTheModel("to_dict()")
    json = _NotInTheModel("to_json()")
    parse_obj = _NotInTheModel("Article.from_dict()")
    parse_raw = _NotInTheModel("Article.from_json()")
    parse_file = _NotInTheModel("Article.from_json(path.read_text())")
    from_orm = _NotInTheModel("Article.from_dict()")
    construct = _NotInTheModel("the class itself")
    copy = _NotInTheModel("model_copy()")
    schema = _NotInTheModel("cleaners.schema (python -m cleaners.schema)")
    schema_json = _NotInTheModel("cleaners.schema (python -m cleaners.schema)")
    validate = _NotInTheModel("Article.from_dict()")
    update_forward_refs = _NotInTheModel("nothing: the model has no forward references")


class Image(_Frozen):
    """An image of the article: the lead image or one in the body."""

    url: str | None = None
    caption: str | None = None
    alt: str | None = None


class Span(_Frozen):
    """Inline markup of a block: a link, strong or emphasised words, or code, by its text."""

    type: SpanType
    text: str = Field(description="The words it covers, as they stand in the block's text.")
    url: str | None = Field(default=None, description="A link's address (absolute when the page's is known).")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "text": self.text}
        if self.url is not None:
            out["url"] = self.url
        return out


class Block(_Frozen):
    """One unit of the body; ``level`` is set on headings only (1 to 6).

    ``text`` is always plain. The other fields are optional extras of the markup, present in
    JSON only when set, so a reader of ``type``, ``text`` and ``level`` sees no change.
    """

    type: BlockType
    text: str
    level: int | None = Field(default=None, ge=1, le=6)
    spans: list[Span] = Field(
        default_factory=list,
        description="Links and emphasis inside the block, in order: each span's text occurs in 'text' after "
        "the previous span's; absent when there are none.",
    )
    ordered: bool = Field(default=False, description="List items of a numbered list; absent when false.")
    language: str | None = Field(default=None, description="Code blocks: the language the page declares.")
    cells: list[list[str]] | None = Field(
        default=None, description="Tables: the rows of cells (empty cells kept), the first row the header."
    )
    images: list[Image] = Field(
        default_factory=list, description="Pictures that stand in the page just before this block; absent when none."
    )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "text": self.text}
        if self.type == "heading":
            out["level"] = self.level if self.level is not None else 2
        if self.spans:
            out["spans"] = [span.to_dict() for span in self.spans]
        if self.ordered:
            out["ordered"] = True
        if self.language:
            out["language"] = self.language
        if self.cells is not None:
            out["cells"] = self.cells
        if self.images:
            out["images"] = [image.model_dump(mode="json") for image in self.images]
        return out


class Removed(_Frozen):
    """Something a cleaner stripped, with the kind of rule that stripped it and the rule's id."""

    kind: RemovedKind
    text: str
    rule: str | None = Field(
        default=None,
        description="Id of the rule that removed it (a rule of cleaners/data such as 'dom.navigation.tag' or "
        "'comment_form.prompts.en', or a step such as 'select.outside'); null when not recorded.",
    )


class Article(_Frozen):
    """Clean article data; every field is always present (null or empty when unknown)."""

    schema_version: int = SCHEMA_VERSION
    source: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    description: str | None = None
    authors: list[str] = Field(default_factory=list)
    published: str | None = Field(
        default=None,
        description="ISO 8601 in one of two shapes: the date and time with its UTC offset "
        "('2025-11-17T09:00:00-05:00') when the page gives a time and a zone, else the date alone "
        "('2025-11-17'); never a date-time without an offset. A page that declares only its "
        "modification date gets that date here too.",
    )
    modified: str | None = Field(default=None, description="The last modification, in the shape of 'published'.")
    language: str | None = None
    site_name: str | None = None
    page_type: PageType = Field(
        default="other",
        description=(
            "What kind of page this is, decided from the page's own structure (structured data, URL shape,"
            " repeated items, code blocks, forms); 'other' for plain-text input or when no type is clear."
        ),
    )
    fetched_at: str | None = None
    lead_image: Image | None = None
    images: list[Image] = Field(default_factory=list)
    body: list[Block] = Field(default_factory=list)
    text: str = ""
    word_count: int = Field(
        default=0,
        description="Words of text: runs of letters and digits, except that each Chinese or Japanese character"
        " (ideographs, hiragana, katakana) counts as one word, those scripts having no spaces between words.",
    )
    fingerprint: str | None = None
    removed: list[Removed] = Field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready mapping, with the schema's field order."""
        data = self.model_dump(mode="json")
        data["body"] = [block.to_dict() for block in self.body]
        return data

    def to_markdown(self, *, front_matter: bool = False) -> str:
        """Markdown: the title as ``#``, the lead image and caption, then the body (see
        :mod:`cleaners.render`); ``front_matter`` opens it with the metadata as YAML."""
        from cleaners.render import to_markdown

        return to_markdown(self, with_front_matter=front_matter)

    def to_text(self) -> str:
        """Plain text: the title, then the body's blocks apart by blank lines."""
        from cleaners.render import to_text

        return to_text(self)

    def to_html(self) -> str:
        """A minimal semantic HTML document of the article (no script, style, form or class)."""
        from cleaners.render import to_html

        return to_html(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Article:
        """An article from its JSON-ready mapping (as :meth:`to_dict` gives it).

        Raises :class:`~cleaners.errors.ArticleFormatError` naming the first bad field.
        """
        try:
            return cls.model_validate(data)
        except ValidationError as e:
            raise ArticleFormatError(_first_problem(e)) from e

    @classmethod
    def from_json(cls, text: str | bytes) -> Article:
        """An article from one JSON document (a line of ``scrape`` output, or :meth:`to_json`).

        Raises :class:`~cleaners.errors.ArticleFormatError` naming the first bad field.
        """
        try:
            return cls.model_validate_json(text)
        except ValidationError as e:
            raise ArticleFormatError(_first_problem(e)) from e

    def to_json(self, *, pretty: bool = False) -> str:
        if pretty:
            return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))


def _first_problem(error: ValidationError) -> str:
    """``field.path: message`` of the first of pydantic's complaints, and how many more there are."""
    problems = error.errors()
    first = problems[0]
    where = ".".join(str(part) for part in first["loc"]) or "the document"
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"not an article: {where}: {first['msg']}{more}"
