"""The one exception tree of :mod:`scraper`.

``ScraperError``
    ``InputFileError``: a local input (file, folder, stdin) cannot be read.
        ``InputNotFoundError``: the path does not exist.
        ``NoInputsError``: a folder holds nothing readable.
        ``CorruptInputError``: a compressed file cannot be decompressed.
    ``FixtureError``: a fixture folder is malformed (no input, several inputs, bad expected.json).

Errors from :mod:`cleaners` (``cleaners.CleanersError``) pass through unchanged: they already
name the reason. Third-party exceptions are translated once, at the boundary that calls them.
"""


class ScraperError(Exception):
    """Base of every error raised by :mod:`scraper`."""


class InputFileError(ScraperError):
    """A local input cannot be read."""


class InputNotFoundError(InputFileError):
    """The input path does not exist."""


class NoInputsError(InputFileError):
    """A folder holds no readable page."""


class CorruptInputError(InputFileError):
    """A compressed input is damaged or truncated."""


class FixtureError(ScraperError):
    """A fixture folder is malformed."""
