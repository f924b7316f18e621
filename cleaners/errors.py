"""The one exception tree of :mod:`cleaners`.

``CleanersError``
    ``InputError``: the input cannot be read as a page.
        ``EmptyInputError``: nothing but whitespace.
        ``BinaryInputError``: bytes that are not text (an image, a PDF, an archive).
    ``ExtractionError``: a pipeline step failed on a page it accepted; the cause is chained.

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
