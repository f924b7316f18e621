"""The archive reader on WARC and ARC files built for the test: every record's outcome, offsets a
reader can seek to, and damage that costs a record, never the file."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.archiveiterator import ArchiveIterator

from scraper.archive import ArchivePage, SkippedRecord, read_archive
from scraper.errors import ArchiveFormatError, InputNotFoundError
from tests.archive.warcs import BOMB, Record, brotli_page, chunked, fixture_pages, page, write_warc

PAGES = fixture_pages()
HTML = PAGES[0]


def mixed_records() -> list[Record]:
    brotli_body, brotli_headers = brotli_page(PAGES[1])
    return [
        Record("request", "https://a.test/0"),
        page("https://a.test/0", HTML, warc={"WARC-Date": "2026-03-04T05:06:07Z"}),
        Record("revisit", "https://a.test/0"),
        page("https://a.test/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), http=[("Content-Type", "image/png")]),
        page("https://a.test/gone", b"<html><body>Not found</body></html>", status="404 Not Found"),
        page("https://a.test/cut", HTML[:2000], warc={"WARC-Truncated": "length"}),
        page("https://a.test/br", brotli_body, http=brotli_headers),
        page("https://a.test/bomb", BOMB, http=[("Content-Type", "text/html"), ("Content-Encoding", "gzip")]),
        page("https://a.test/chunked", chunked(gzip.compress(PAGES[2])),
             http=[("Content-Type", "text/html"), ("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")]),
        page("https://a.test/latin", "<html><body><p>Un café crème, s'il vous plaît.</p></body></html>".encode("latin-1"),
             http=[("Content-Type", "text/html; charset=iso-8859-1")]),
        page("https://a.test/notes.txt", b"Plain notes, one line of text.", http=[("Content-Type", "text/plain")]),
        Record("metadata", "https://a.test/0", b"outlinks: none", http=[("Content-Type", "application/warc-fields")]),
    ]


EXPECTED_KINDS = ["other", "page", "revisit", "not_html", "status", "truncated", "page", "too_large", "page",
                  "page", "page", "other"]


def kinds(outcomes: list[ArchivePage | SkippedRecord]) -> list[str]:
    return ["page" if isinstance(outcome, ArchivePage) else outcome.kind for outcome in outcomes]


@pytest.mark.parametrize("compress", ["record", "none", "file"])
def test_every_kind_of_record_has_its_outcome(tmp_path: Path, compress: str) -> None:
    path = write_warc(tmp_path / f"mixed.warc{'.gz' if compress != 'none' else ''}", mixed_records(), compress=compress)
    outcomes = list(read_archive(path))
    assert kinds(outcomes) == EXPECTED_KINDS
    pages = {outcome.url: outcome for outcome in outcomes if isinstance(outcome, ArchivePage)}
    first = pages["https://a.test/0"]
    assert first.fetched_at == "2026-03-04T05:06:07Z"
    assert first.content_type == "text/html; charset=utf-8"
    assert first.text == HTML.decode("utf-8")
    assert pages["https://a.test/br"].text == PAGES[1].decode("utf-8")
    assert pages["https://a.test/chunked"].text == PAGES[2].decode("utf-8")
    assert "café crème" in pages["https://a.test/latin"].text
    reasons = {outcome.kind: outcome.reason for outcome in outcomes if isinstance(outcome, SkippedRecord)}
    assert "20971520" in reasons["too_large"]
    assert "404" in reasons["status"]
    assert all(outcome.source.startswith(f"{path}#") for outcome in outcomes)


@pytest.mark.parametrize("compress", ["record", "none"])
def test_a_record_is_found_at_its_offset(tmp_path: Path, compress: str) -> None:
    path = write_warc(tmp_path / "seek.warc.gz", mixed_records(), compress=compress)
    pages = [outcome for outcome in read_archive(path) if isinstance(outcome, ArchivePage)]
    assert len(pages) == 5
    with open(path, "rb") as handle:
        for found in pages:
            handle.seek(int(found.source.rsplit("#", 1)[1]))
            record = next(iter(ArchiveIterator(handle)))
            assert record.rec_headers.get_header("WARC-Target-URI") == found.url


def three_pages(tmp_path: Path, name: str, *, compress: str) -> Path:
    records = [page(f"https://b.test/{index}", html) for index, html in enumerate(PAGES[:3])]
    return write_warc(tmp_path / name, records, compress=compress)


def test_a_wrong_content_length_costs_its_records_not_the_file(tmp_path: Path) -> None:
    path = three_pages(tmp_path, "long.warc", compress="none")
    data = path.read_bytes()
    declared = data.split(b"Content-Length: ", 1)[1].split(b"\r\n", 1)[0]
    path.write_bytes(data.replace(b"Content-Length: " + declared, b"Content-Length: " + str(int(declared) + 300).encode(), 1))
    outcomes = list(read_archive(path))
    assert outcomes[0] == SkippedRecord(f"{path}#0", "malformed", "the record's Content-Length does not match its bytes")
    assert [outcome.url for outcome in outcomes if isinstance(outcome, ArchivePage)] == ["https://b.test/2"]

    path.write_bytes(data.replace(b"Content-Length: " + declared, b"Content-Length: " + str(int(declared) - 300).encode(), 1))
    outcomes = list(read_archive(path))
    assert kinds(outcomes)[0] == "malformed"
    assert [outcome.url for outcome in outcomes if isinstance(outcome, ArchivePage)][-1] == "https://b.test/2"


def test_a_truncated_gzip_loses_its_last_record(tmp_path: Path) -> None:
    path = three_pages(tmp_path, "cut.warc.gz", compress="record")
    path.write_bytes(path.read_bytes()[:-500])
    outcomes = list(read_archive(path))
    assert kinds(outcomes) == ["page", "page", "malformed"]
    assert "truncated" in outcomes[-1].reason  # type: ignore[union-attr]


def test_garbage_between_gzip_members_is_skipped(tmp_path: Path) -> None:
    path = three_pages(tmp_path, "mid.warc.gz", compress="record")
    data = path.read_bytes()
    second = data.index(b"\x1f\x8b\x08", 10)
    path.write_bytes(data[:second] + b"not a gzip member at all " * 40 + data[second:])
    outcomes = list(read_archive(path))
    assert kinds(outcomes) == ["page", "malformed", "page", "page"]
    assert outcomes[1].source == f"{path}#{second}"


def test_a_bad_first_header_costs_the_first_record(tmp_path: Path) -> None:
    path = three_pages(tmp_path, "header.warc", compress="none")
    path.write_bytes(b"WARX/9.9" + path.read_bytes()[8:])
    outcomes = list(read_archive(path))
    assert kinds(outcomes) == ["malformed", "page", "page"]


@pytest.mark.parametrize("name, data", [
    ("garbage.warc", b"this is not an archive\r\n" * 50),
    ("garbage.warc.gz", gzip.compress(b"this is not an archive\r\n" * 50, mtime=0)),
    ("noise.warc.gz", bytes(range(256)) * 20),
    ("empty-ish.arc", b"\n\n"),
], ids=["lines", "gzipped-lines", "noise", "blank"])
def test_a_file_with_no_record_is_an_archive_error(tmp_path: Path, name: str, data: bytes) -> None:
    (tmp_path / name).write_bytes(data)
    with pytest.raises(ArchiveFormatError, match=r"^(not a WARC or ARC file|damaged compressed data)"):
        list(read_archive(tmp_path / name))


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError):
        list(read_archive(tmp_path / "absent.warc.gz"))


def arc_file(records: list[tuple[str, bytes]]) -> bytes:
    """An ARC (version 1) file, as the Internet Archive wrote them before WARC."""
    version = b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"
    out = b"filedesc://t.arc 0.0.0.0 20260101000000 text/plain %d\n%s\n" % (len(version), version)
    for url, body in records:
        content = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
        out += b"%s 192.0.2.1 20260101120000 text/html %d\n%s\n" % (url.encode(), len(content), content)
    return out


@pytest.mark.parametrize("name", ["old.arc", "old.arc.gz"])
def test_arc_files_are_read(tmp_path: Path, name: str) -> None:
    data = arc_file([("http://arc.test/a", PAGES[0]), ("http://arc.test/b", PAGES[1])])
    (tmp_path / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    outcomes = list(read_archive(tmp_path / name))
    assert kinds(outcomes) == ["other", "page", "page"]
    assert [outcome.url for outcome in outcomes[1:]] == ["http://arc.test/a", "http://arc.test/b"]  # type: ignore[union-attr]
    assert outcomes[1].fetched_at == "2026-01-01T12:00:00Z"  # type: ignore[union-attr]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(min_value=0), junk=st.binary(min_size=1, max_size=64),
       compress=st.sampled_from(["record", "none"]))
def test_damage_anywhere_never_escapes_as_another_error(tmp_path: Path, position: int, junk: bytes,
                                                        compress: str) -> None:
    """Bytes overwritten anywhere: records are read or counted as damaged, or the file is refused
    as no archive; no other exception comes out, and reading ends."""
    path = three_pages(tmp_path, f"fuzz.warc{'.gz' if compress == 'record' else ''}", compress=compress)
    data = bytearray(path.read_bytes())
    at = position % len(data)
    data[at : at + len(junk)] = junk
    path.write_bytes(bytes(data))
    try:
        outcomes = list(read_archive(path))
    except ArchiveFormatError:
        return
    assert len(outcomes) <= 3 + len(data) // 8
    assert all(isinstance(outcome, ArchivePage | SkippedRecord) for outcome in outcomes)


def test_resource_records_are_pages_only_when_fetched_from_the_web(tmp_path: Path) -> None:
    """wget stores its log as a resource record: a crawler's own file, not a page."""
    path = write_warc(tmp_path / "resources.warc.gz", [
        Record("resource", "https://c.test/saved.html", PAGES[0], http=[("Content-Type", "text/html")]),
        Record("resource", "metadata://gnu.org/software/wget/warc/wget.log", b"Opening WARC file ...",
               http=[("Content-Type", "text/plain")]),
    ])
    outcomes = list(read_archive(path))
    assert kinds(outcomes) == ["page", "other"]
    assert outcomes[0].url == "https://c.test/saved.html"  # type: ignore[union-attr]
