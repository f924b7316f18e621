"""The ``scrape`` command line: a thin layer over library calls."""
