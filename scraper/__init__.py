"""Fetching, crawling and the ``scrape`` command line, built on :mod:`cleaners`."""
