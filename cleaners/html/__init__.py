"""HTML extraction: boilerplate removal, main-content selection and body building on one parse."""

from cleaners.html.pipeline import extract_html

__all__ = ["extract_html"]
