"""Path extensions of files that are not web pages: a crawl never fetches such a link.

Images, audio, video, archives, documents, fonts, code and data files, feeds and sitemaps (read
by discovery, never as pages). Compared case-insensitively with the last path segment's
extension; a page that ends in ``.html``, ``.php`` or no extension at all is fetched.
"""

from __future__ import annotations

NOT_PAGE_EXTENSIONS = frozenset(
    {
        # images
        "jpg", "jpeg", "png", "gif", "webp", "avif", "bmp", "tif", "tiff", "svg", "ico", "heic", "psd",
        # audio and video
        "mp3", "m4a", "ogg", "oga", "wav", "flac", "aac", "opus", "mp4", "m4v", "webm", "mov", "avi", "mkv",
        "wmv", "flv", "mpg", "mpeg", "m3u8",
        # archives, packages and disk images
        "zip", "gz", "tgz", "bz2", "xz", "zst", "7z", "rar", "tar", "dmg", "iso", "exe", "msi", "apk", "deb",
        "rpm", "jar", "whl",
        # documents and data
        "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf", "epub", "csv", "tsv",
        "json", "ics", "vcf",
        # feeds, sitemaps and other XML
        "xml", "rss", "atom", "rdf", "kml", "gpx",
        # styles, scripts, fonts
        "css", "js", "mjs", "map", "woff", "woff2", "ttf", "otf", "eot",
    }
)


def is_not_page(path: str) -> bool:
    """True when ``path``'s last segment ends in the extension of a file that is not a page."""
    segment = path.rsplit("/", 1)[-1]
    if "." not in segment:
        return False
    return segment.rsplit(".", 1)[1].lower() in NOT_PAGE_EXTENSIONS
