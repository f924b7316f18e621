"""The one exception tree of :mod:`cleaners`.

``CleanersError``
    ``InputError``: the input cannot be read as a page.
        ``EmptyInputError``: nothing but whitespace.
        ``BinaryInputError``: bytes that are not text (an image, a PDF, an archive).
    ``ExtractionError``: a pipeline step failed on a page it accepted; the cause is chained.
    ``RuleDataError``: rule data (a TOML file of ``cleaners/data`` or a text handed to a loader)
        is malformed: an unknown table, key or kind, a bad pattern, a duplicate rule id. Raised
        when the data loads, never half-way through a page.
    ``ArticleFormatError``: JSON or a mapping handed to ``Article.from_json`` / ``from_dict`` is not
        an article of this schema (the message names the first bad field).
    ``LanguageModelError``: a file handed to ``cleaners.language.load_unpacked_model`` is not
        an unpacked language model (truncated, damaged, another format).

Third-party exceptions (selectolax, trafilatura, charset detection) are translated once, where
they are called, with ``raise ... from e``.
"""


class CleanersError(Exception):
    """Base of every error raised by :mod:`cleaners`."""


class InputError(CleanersError):
    """The input is not a page that can be extracted."""


class EmptyInputError(InputError):
    """The input holds no text."""


class BinaryInputError(InputError):
    """The input is binary data, not text or HTML."""


class ExtractionError(CleanersError):
    """A step of the pipeline failed on an accepted page."""


class RuleDataError(CleanersError):
    """Rule data is malformed; the message names the file, the table and the bad value."""


class LanguageModelError(CleanersError):
    """A file handed over as the unpacked language model is not one."""


class ArticleFormatError(CleanersError):
    """Data read back as an article does not fit the article schema."""
