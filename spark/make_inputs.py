"""Writes test inputs for the Spark job: WARC files made from the shared HTML pages, a JSON Lines
dataset made from shared postings, and the list of their paths (`inputs.txt`), in a folder outside
the repository.

    python3 spark/make_inputs.py check OUT --pages DIR --postings FILE [--rows 300] [--extra FILE]
    python3 spark/make_inputs.py bench OUT --pages DIR [--copies 40] [--files 8]

`check` writes, in list order:
  pages.warc.gz     every shared page as a response record (with its request and a metadata record),
                    mixed with pages that are not postings, a redirect, a robots.txt, a revisit;
  reposts.warc.gz   some of those pages again: unchanged under another URL (exact duplicates of
                    postings in another file) and with an edited title (near-duplicates);
  rows.jsonl        `--rows` rows of the train split, then a few of them again unchanged and with
                    a changed number (duplicates inside one file);
  extra-1.jsonl, extra-2.jsonl
                    with --extra (postings-extra.jsonl.gz), its first `--extra-rows` rows dealt
                    alternately to two files: reposts of one posting on several boards
                    (near-duplicates, across files too);
  truncated.warc.gz a WARC whose last record is cut off (a broken record);
  and a path that does not exist.
`bench` writes `--files` WARC files holding `--copies` copies of every page, each copy with its
title changed, so that every copy is a posting of its own.

Every record id and date is derived from the inputs, so the same command writes the same bytes.
The pages and postings are third-party text: never write these files into the repository.
"""

import argparse
import gzip
import io
import json
import os
import re
import sys
import uuid

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

CRAWL_DATE = "2024-03-{day:02d}T{hour:02d}:{minute:02d}:00Z"

NON_POSTINGS = [
    ("https://example.org/about", "About us", "<p>We build tools for teams. Founded in 2009, we have "
     "offices in Lisbon and Toronto.</p><p>Our engineers like machine learning, Python and coffee.</p>"),
    ("https://example.org/blog/llm-evaluation", "How we evaluate language models",
     "<article><h1>How we evaluate language models</h1><p>Evaluating large language models means "
     "building test sets, measuring accuracy and watching for regressions in production.</p>"
     "<p>This post is not a job posting; it describes our PyTorch and SQL tooling.</p></article>"),
    ("https://example.org/missing", "Page not found", "<h1>404</h1><p>The page you asked for is gone.</p>"),
]


class RecordWriter:
    """A WARC writer with record ids and dates that depend only on what is written."""

    def __init__(self, stream, name):
        self.writer = WARCWriter(stream, gzip=True, warc_version="1.1")
        self.name = name
        self.count = 0

    def headers(self, extra=None):
        self.count += 1
        minutes = self.count * 7
        headers = {
            "WARC-Record-ID": "<urn:uuid:%s>" % uuid.uuid5(uuid.NAMESPACE_URL, "%s#%d" % (self.name, self.count)),
            "WARC-Date": CRAWL_DATE.format(day=1 + minutes // 1440 % 28, hour=minutes // 60 % 24, minute=minutes % 60),
        }
        headers.update(extra or {})
        return headers

    def write(self, uri, record_type, body, http_headers=None, content_type="", extra=None):
        record = self.writer.create_warc_record(
            uri, record_type, payload=io.BytesIO(body), length=len(body), warc_content_type=content_type,
            warc_headers_dict=self.headers(extra), http_headers=http_headers)
        self.writer.write_record(record)
        return record.rec_headers.get_header("WARC-Record-ID")

    def warcinfo(self):
        body = b"software: jobsift spark/make_inputs.py\r\nformat: WARC File Format 1.1\r\n"
        self.write(None, "warcinfo", body, content_type="application/warc-fields")

    def page(self, uri, body, status="200 OK", content_type="text/html; charset=utf-8", location=None):
        """A request, its response and a metadata record, as a crawler writes them."""
        host = re.sub(r"^https?://([^/]+).*$", r"\1", uri)
        request = ("GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: jobsift-test\r\n\r\n"
                   % (re.sub(r"^https?://[^/]+", "", uri) or "/", host)).encode()
        request_id = self.write(uri, "request", request, content_type="application/http; msgtype=request",
                                http_headers=StatusAndHeaders("GET / HTTP/1.1", [], is_http_request=True))
        headers = [("Content-Type", content_type), ("Content-Length", str(len(body)))]
        if location:
            headers.append(("Location", location))
        response_id = self.write(uri, "response", body, content_type="application/http; msgtype=response",
                                 http_headers=StatusAndHeaders(status, headers, protocol="HTTP/1.1"),
                                 extra={"WARC-Concurrent-To": request_id})
        self.write(uri, "metadata", b"fetchTimeMs: 120\r\n", content_type="application/warc-fields",
                   extra={"WARC-Concurrent-To": response_id})


def shared_pages(folder):
    """(url, bytes) of every shared page, in file-name order; pages without a URL get one."""
    index = {}
    index_path = os.path.join(os.path.dirname(os.path.abspath(folder)), "index.jsonl")
    if os.path.exists(index_path):
        with open(index_path, encoding="utf-8") as lines:
            for line in lines:
                entry = json.loads(line)
                index[os.path.basename(entry["file"])] = entry.get("url")
    pages = []
    for name in sorted(os.listdir(folder)):
        if name.endswith((".html", ".htm")):
            with open(os.path.join(folder, name), "rb") as page:
                pages.append((index.get(name) or "https://pages.example/" + name, page.read()))
    return pages


def retitled(html, label):
    """The page with `label` put before its title: in JSON-LD, else in <title> and the first <h1>."""
    changed, count = re.subn(rb'("title"\s*:\s*")', rb"\g<1>" + label.encode() + b" ", html, count=1)
    if count:
        return changed
    changed = re.sub(rb"(<title[^>]*>)", rb"\g<1>" + label.encode() + b" ", html, count=1, flags=re.I)
    return re.sub(rb"(<h1[^>]*>)", rb"\g<1>" + label.encode() + b" ", changed, count=1, flags=re.I)


def write_pages_warc(path, pages):
    with open(path, "wb") as stream:
        writer = RecordWriter(stream, os.path.basename(path))
        writer.warcinfo()
        for number, (url, body) in enumerate(pages):
            writer.page(url, body)
            if number % 20 == 5:
                other_url, title, content = NON_POSTINGS[number // 20 % len(NON_POSTINGS)]
                html = "<!doctype html><html><head><title>%s</title></head><body>%s</body></html>" % (title, content)
                writer.page(other_url, html.encode(), status="404 Not Found" if "missing" in other_url else "200 OK")
        writer.page("https://example.org/jobs", b"", status="301 Moved Permanently",
                    location="https://example.org/careers")
        writer.page("https://example.org/robots.txt", b"User-agent: *\nDisallow: /private\n", content_type="text/plain")
        writer.write(pages[0][0], "revisit", b"", content_type="application/http; msgtype=response",
                     extra={"WARC-Profile": "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest",
                            "WARC-Refers-To-Target-URI": pages[0][0]})


def write_reposts_warc(path, pages):
    """Every ninth page again under another URL, and every ninth from the fifth with its title edited."""
    with open(path, "wb") as stream:
        writer = RecordWriter(stream, os.path.basename(path))
        writer.warcinfo()
        for number, (url, body) in enumerate(pages):
            if number % 9 == 0:
                writer.page(url + "?utm_source=repost", body)
            elif number % 9 == 4:
                writer.page(url + "?edited", retitled(body, "Urgent:"))


def write_truncated_warc(path, pages):
    """Two postings from the middle of the list, then a third whose records are cut in half."""
    middle = len(pages) // 2
    buffer = io.BytesIO()
    writer = RecordWriter(buffer, os.path.basename(path))
    for url, body in pages[middle:middle + 2]:
        writer.page(url, body)
    whole = buffer.getvalue()
    last = io.BytesIO()
    RecordWriter(last, os.path.basename(path) + "-last").page(*pages[middle + 2])
    with open(path, "wb") as stream:
        stream.write(whole + last.getvalue()[: len(last.getvalue()) // 2])


def write_rows(path, postings, rows):
    """`rows` train rows as JSON Lines, then every 40th again unchanged and every 40th from the 20th
    with one number in its text changed."""
    chosen = []
    with gzip.open(postings, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row.get("split") == "train" and (row.get("text") or "").strip():
                chosen.append({key: row.get(key) for key in ("id", "title", "company", "location", "date", "text")})
                if len(chosen) == rows:
                    break
    copies = [dict(row) for row in chosen[::40]]
    for row in chosen[20::40]:
        edited = dict(row)
        edited["id"] = row["id"] + "-edited"
        edited["text"] = re.sub(r"\d+", lambda m: str(int(m.group()) + 1), row["text"], count=1) + "\nApply today."
        copies.append(edited)
    with open(path, "w", encoding="utf-8") as out:
        for row in chosen + copies:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_extra(paths, extra, rows):
    """The first `rows` rows of `extra`, dealt alternately to the files of `paths`."""
    outs = [open(path, "w", encoding="utf-8") for path in paths]
    with gzip.open(extra, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number == rows:
                break
            row = json.loads(line)
            outs[number % len(outs)].write(json.dumps(
                {key: row.get(key) for key in ("id", "title", "company", "location", "date", "text")},
                ensure_ascii=False) + "\n")
    for out in outs:
        out.close()


def make_check(out, pages_folder, postings, rows, extra, extra_rows):
    pages = shared_pages(pages_folder)
    paths = [os.path.join(out, name) for name in ("pages.warc.gz", "reposts.warc.gz", "rows.jsonl")]
    write_pages_warc(paths[0], pages)
    write_reposts_warc(paths[1], pages)
    write_rows(paths[2], postings, rows)
    if extra:
        paths += [os.path.join(out, "extra-%d.jsonl" % number) for number in (1, 2)]
        write_extra(paths[-2:], extra, extra_rows)
    paths.append(os.path.join(out, "truncated.warc.gz"))
    write_truncated_warc(paths[-1], pages)
    return paths + [os.path.join(out, "missing.warc.gz")]


def make_bench(out, pages_folder, copies, files):
    pages = shared_pages(pages_folder)
    streams = [open(os.path.join(out, "bench-%02d.warc.gz" % number), "wb") for number in range(files)]
    writers = [RecordWriter(stream, os.path.basename(stream.name)) for stream in streams]
    for copy in range(copies):
        for number, (url, body) in enumerate(pages):
            writer = writers[(copy * len(pages) + number) % files]
            writer.page("%s?copy=%d" % (url, copy), retitled(body, "No. %d" % copy) if copy else body)
    for stream in streams:
        stream.close()
    return [stream.name for stream in streams]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["check", "bench"])
    parser.add_argument("out", help="folder to write to (created)")
    parser.add_argument("--pages", required=True, help="folder of HTML pages (../shared/data/html/pages)")
    parser.add_argument("--postings", help="postings.jsonl.gz, for the check's dataset")
    parser.add_argument("--rows", type=int, default=300, help="train rows in the check's dataset")
    parser.add_argument("--extra", help="postings-extra.jsonl.gz, for the check's datasets of reposts")
    parser.add_argument("--extra-rows", type=int, default=1200, help="rows of --extra")
    parser.add_argument("--copies", type=int, default=40, help="bench: copies of every page")
    parser.add_argument("--files", type=int, default=8, help="bench: WARC files")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if args.mode == "check":
        if not args.postings:
            parser.error("check needs --postings")
        paths = make_check(args.out, args.pages, args.postings, args.rows, args.extra, args.extra_rows)
    else:
        paths = make_bench(args.out, args.pages, args.copies, args.files)
    with open(os.path.join(args.out, "inputs.txt"), "w", encoding="utf-8") as listing:
        listing.write("".join(path + "\n" for path in paths))
    sizes = sum(os.path.getsize(path) for path in paths if os.path.exists(path))
    print("make_inputs: %d inputs (%.1f MB) listed in %s"
          % (len(paths), sizes / 1e6, os.path.join(args.out, "inputs.txt")), file=sys.stderr)


if __name__ == "__main__":
    main()
