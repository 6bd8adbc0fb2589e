#!/usr/bin/env python3
"""Writes N distinct HTML pages for the per-core benchmark (scripts/bench-warc), never for tests.

Usage: make-bench-warc.py OUT_DIR N PAGES_DIR [INDEX_JSONL]

OUT_DIR/pages/NNNNNN.html   the N pages as files (for libxml2's parse floor and resiliparse)
OUT_DIR/pages.warc.gz       the same N pages as WARC/1.0 `response` records after one `warcinfo`
                            record, one gzip member per record (written with warcio), each with
                            the HTTP headers `HTTP/1.1 200 OK`, `Content-Type: text/html;
                            charset=utf-8` and the page's Content-Length

Page i is template i mod T (the .html files of PAGES_DIR in name order) with its copy number put
where every reader sees it, so that no two pages are the same posting (content ids differ):
"(copy i)" after the <title> text, a paragraph "Reference i." after the first </h1> (or after
<body>, or before the page when it has neither), "Reference i. " at the start of the first
"description" string of each JSON-LD block, and at the start of the page's longest run of text
between two tags (without braces, so not script code), which main-content extraction keeps. The
output is the same for the same N and templates (except each WARC record's random
WARC-Record-ID). Prints one line of counts.
"""
import io
import json
import os
import re
import sys

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

JSONLD = re.compile(r'(<script[^>]*application/ld\+json[^>]*>)(.*?)(</script>)', re.I | re.S)
DESCRIPTION = re.compile(r'("description"\s*:\s*")')
TEXT_RUN = re.compile(r">[^<>{}]{40,}<")


def vary(page, i):
    mark = "Reference %d." % i
    page = re.sub(r"(<title[^>]*>)(.*?)(</title>)", lambda m: m.group(1) + m.group(2) + " (copy %d)" % i + m.group(3),
                  page, count=1, flags=re.I | re.S)
    page = JSONLD.sub(lambda m: m.group(1) + DESCRIPTION.sub(lambda d: d.group(1) + mark + " ", m.group(2), count=1)
                      + m.group(3), page)
    runs = list(TEXT_RUN.finditer(page))
    if runs:
        longest = max(runs, key=lambda m: m.end() - m.start())
        page = page[:longest.start() + 1] + mark + " " + page[longest.start() + 1:]
    paragraph = "<p>%s</p>" % mark
    for pattern in (r"</h1\s*>", r"<body[^>]*>"):
        found = re.search(pattern, page, re.I)
        if found:
            return page[:found.end()] + paragraph + page[found.end():]
    return paragraph + page


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    out, count, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    urls = {}
    if len(sys.argv) == 5 and os.path.exists(sys.argv[4]):
        with open(sys.argv[4], encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    row = json.loads(line)
                    urls[os.path.basename(row["file"])] = row.get("url")
    names = sorted(n for n in os.listdir(folder) if n.endswith((".html", ".htm")))
    if not names:
        sys.exit("make-bench-warc: no .html pages in " + folder)
    templates = []
    for name in names:
        with open(os.path.join(folder, name), "rb") as f:
            templates.append((name, f.read().decode("utf-8", "replace")))
    os.makedirs(os.path.join(out, "pages"), exist_ok=True)
    total = 0
    with open(os.path.join(out, "pages.warc.gz"), "wb") as stream:
        writer = WARCWriter(stream, gzip=True, warc_version="WARC/1.0")
        writer.write_record(writer.create_warcinfo_record("pages.warc.gz", {"software": "jobsift scripts/make-bench-warc.py"}))
        for i in range(count):
            name, page = templates[i % len(templates)]
            body = vary(page, i).encode("utf-8")
            total += len(body)
            with open(os.path.join(out, "pages", "%06d.html" % i), "wb") as f:
                f.write(body)
            base = urls.get(name) or "https://bench.example/" + name
            uri = base + ("&" if "?" in base else "?") + "copy=%d" % i
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                               ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http,
                                               warc_headers_dict={"WARC-Date": "2024-03-01T12:00:00Z"})
            writer.write_record(record)
    print("make-bench-warc: %d pages (%.1f MB of HTML) from %d templates; WARC %.1f MB gzipped"
          % (count, total / 1e6, len(templates), os.path.getsize(os.path.join(out, "pages.warc.gz")) / 1e6))


if __name__ == "__main__":
    main()
