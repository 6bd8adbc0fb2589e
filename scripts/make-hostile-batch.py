#!/usr/bin/env python3
"""Writes the mixed batch of scripts/hostile-batch: 1,000 inputs, 950 good postings and 50 hostile ones.

Usage: make-hostile-batch.py OUT_DIR [SHARED_DATA_DIR]

OUT_DIR (created; it must not exist or be empty) gets exactly 1,000 directory entries, named
NNNN-<what>.<ext> with NNNN a seeded shuffle of 0000-0999 so that hostile inputs sit between good
ones in path order. OUT_DIR/../manifest.json lists every entry: the good ones (each must be stored
as its own posting: no two are exact or near-duplicates) and the bad ones with their kind (each must
be named with a reason, and must not become a posting). The output is deterministic.

Good postings, all real text nobody here wrote except corpora/train:
  * every file of corpora/train (txt, md, html), copied as is;
  * the pages of SHARED_DATA_DIR/html/pages (default ../shared/data), copied as is, except the
    careersite and startupjobs shells (their text is loaded by JavaScript, see html/README.md) and any
    page whose JSON-LD/visible text is a near-duplicate of an earlier page (remotive-42 of remotive-10);
  * the rest from rows of SHARED_DATA_DIR/postings.jsonl.gz with split == "train", chosen so that no
    two texts share more than 30% of their 5-word shingles (jobsift's near-duplicate threshold is 0.7),
    written as .txt, .md (with or without front matter), flat .json, JSON-LD .json, .html (with or
    without JSON-LD), gzipped .txt.gz/.html.gz, and one-row .csv/.jsonl datasets;
  * a few odd but valid postings made from those rows: Latin-1, UTF-16 with BOM, UTF-8 BOM + CRLF,
    a few invalid UTF-8 bytes, terminal escapes and control characters in the title, text 100,000
    elements deep, and JSON-LD with an absurd salary (1e400, as a number and as a string), which
    must be stored with the salary dropped.
Hostile inputs: see HOSTILE below (binary, empty, tag-only, deeply nested, over the size limit, gzip
bombs, truncated, broken datasets, dangling links, link loops, a link to a folder, a non-UTF-8 file
name). A folder that cannot be listed is not among them: the checks run as root, which reads it anyway.
Over-size inputs assume `--max-file-mb 2`.

Nothing here is ever committed: the batch is written under /tmp at run time. Exits 2 when
SHARED_DATA_DIR is missing.
"""
import gzip
import html
import io
import json
import os
import random
import re
import struct
import sys
import zlib

SEED = 20261205
TOTAL = 1000
GOOD = 950
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MB = 1 << 20


# ---------------------------------------------------------------------------------------------
# Near-duplicate screening: 5-word shingles, digits collapsed, as jobsift does; Jaccard on sets.

def shingles(text, k=5):
    words = ["0" if w.isdigit() else w for w in re.findall(r"[^\W_]+", text.lower())]
    if len(words) < k:
        return {zlib.crc32(" ".join(words).encode())}
    return {zlib.crc32(" ".join(words[i:i + k]).encode()) for i in range(len(words) - k + 1)}


class ShingleIndex:
    def __init__(self):
        self.postings = {}
        self.sizes = []

    def max_similarity(self, s):
        shared = {}
        for h in s:
            for doc in self.postings.get(h, ()):
                shared[doc] = shared.get(doc, 0) + 1
        best = 0.0
        for doc, n in shared.items():
            best = max(best, n / (len(s) + self.sizes[doc] - n))
        return best

    def add(self, s):
        doc = len(self.sizes)
        self.sizes.append(len(s))
        for h in s:
            self.postings.setdefault(h, []).append(doc)


def strip_tags(s):
    s = re.sub(r"(?is)<(script|style|noscript)[^>]*>.*?</\1>", " ", s)
    s = re.sub(r"(?s)<!--.*?-->", " ", s)
    s = re.sub(r"(?s)<[^>]+>", " ", s)
    return html.unescape(re.sub(r"(?s)<[^>]+>", " ", html.unescape(s)))


def page_text(raw):
    """The JSON-LD JobPosting title and description when a page has them, else its visible text."""
    found = []
    for m in re.finditer(r"(?is)<script[^>]*application/ld\+json[^>]*>(.*?)</script>", raw):
        try:
            stack = [json.loads(m.group(1))]
        except ValueError:
            continue
        while stack:
            x = stack.pop()
            if isinstance(x, list):
                stack.extend(x)
            elif isinstance(x, dict):
                if x.get("@type") == "JobPosting" and isinstance(x.get("description"), str):
                    found.append(str(x.get("title", "")) + " " + x["description"])
                stack.extend(v for v in x.values() if isinstance(v, (list, dict)))
    return strip_tags(" ".join(found) if found else raw)


# ---------------------------------------------------------------------------------------------
# Good postings.

def read(path):
    with open(path, "rb") as f:
        return f.read()


def paragraphs(text):
    parts = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    return "\n".join("<p>%s</p>" % html.escape(p) for p in parts)


def one_line(s):
    return re.sub(r"\s+", " ", s or "").strip()


def html_page(row, jsonld=False, body_wrap=None, salary=None):
    title, company, location = one_line(row["title"]), one_line(row.get("company")), one_line(row.get("location"))
    head = ""
    if jsonld or salary is not None:
        data = {"@context": "https://schema.org", "@type": "JobPosting", "title": title,
                "description": paragraphs(row["text"]),
                "hiringOrganization": {"@type": "Organization", "name": company or "Confidential"}}
        if location:
            data["jobLocation"] = {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": location}}
        if row.get("date"):
            data["datePosted"] = row["date"]
        if salary is not None:
            data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "USD",
                                  "value": {"@type": "QuantitativeValue", "minValue": "@SALARY@",
                                            "maxValue": "@SALARY@", "unitText": "YEAR"}}
        block = json.dumps(data, ensure_ascii=False).replace('"@SALARY@"', salary or "null")
        head = '<script type="application/ld+json">%s</script>' % block.replace("</", "<\\/")
    main = "<h1>%s</h1>\n<p class=\"meta\">%s%s</p>\n%s" % (
        html.escape(title), html.escape(company), (" &middot; " + html.escape(location)) if location else "",
        paragraphs(row["text"]))
    if body_wrap:
        main = body_wrap(main)
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>%s | Job board</title>%s</head>\n'
            '<body><header><nav><a href="/">Jobs</a> <a href="/companies">Companies</a></nav></header>\n'
            '<main>%s</main>\n<footer><p>Job board</p></footer></body></html>\n'
            % (html.escape(title), head, main))


def txt(row):
    text = row["text"].strip()
    title = one_line(row["title"])
    return text + "\n" if text.startswith(title) else title + "\n\n" + text + "\n"


def md(row, front_matter):
    title = one_line(row["title"])
    if front_matter:
        lines = ["---", "title: " + title]
        for key in ("company", "location", "date"):
            if row.get(key):
                lines.append("%s: %s" % (key, one_line(row[key])))
        return "\n".join(lines) + "\n---\n\n" + row["text"].strip() + "\n"
    meta = " · ".join(one_line(row.get(k)) for k in ("company", "location") if row.get(k))
    return "# %s\n\n%s\n\n%s\n" % (title, ("*" + meta + "*") if meta else "", row["text"].strip())


def flat_json(row):
    return json.dumps({k: row.get(k) for k in ("title", "company", "location", "date", "text") if row.get(k)},
                      ensure_ascii=False, indent=1) + "\n"


def jsonld_json(row):
    data = {"@context": "https://schema.org", "@type": "JobPosting", "title": one_line(row["title"]),
            "description": paragraphs(row["text"]),
            "hiringOrganization": {"@type": "Organization", "name": one_line(row.get("company")) or "Confidential"}}
    if row.get("date"):
        data["datePosted"] = row["date"]
    return json.dumps(data, ensure_ascii=False) + "\n"


def csv_one_row(row):
    import csv
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["title", "company", "location", "date", "description"])
    writer.writerow([one_line(row["title"]), one_line(row.get("company")), one_line(row.get("location")),
                     row.get("date") or "", row["text"]])
    return out.getvalue()


# Formats of the plain rows, in turn: (extension, writer returning str or bytes).
ROW_FORMATS = [
    ("txt", txt),
    ("md", lambda r: md(r, False)),
    ("json", flat_json),
    ("html", lambda r: html_page(r)),
    ("md", lambda r: md(r, True)),
    ("html", lambda r: html_page(r, jsonld=True)),
    ("txt", txt),
    ("json", jsonld_json),
    ("txt.gz", lambda r: gzip.compress(txt(r).encode("utf-8"), mtime=0)),
    ("html", lambda r: html_page(r)),
    ("md", lambda r: md(r, False)),
    ("html.gz", lambda r: gzip.compress(html_page(r, jsonld=True).encode("utf-8"), mtime=0)),
]


def deep(main):
    return "<div>" * 100000 + main + "</div>" * 100000


def latin1(row):
    title, rest = txt(row).split("\n", 1)
    return (title + "\nStandort: Zürich oder Genève, Büro mit Café.\n" + rest).encode("latin-1", "replace")


def invalid_bytes(row):
    data = bytearray(txt(row).encode("utf-8"))
    for i, pos in enumerate((len(data) // 4, len(data) // 2, 3 * len(data) // 4)):
        data[pos:pos] = (b"\xff", b"\xc3\x28", b"\xe2\x82")[i]
    return bytes(data)


def escape_title(row):
    title = "\x1b[2J\x1b[1;31m" + one_line(row["title"]) + "\x1b[0m\x07\x1b]0;owned\x07"
    return (title + "\n\n" + row["text"].strip().replace("\n", "\n\x08", 1) + "\n").encode("utf-8")


# Odd but valid postings: (slug, extension, writer, expectations checked by hostile-batch).
SPECIAL = [
    ("latin-1", "txt", latin1, {}),
    ("utf-16-bom", "txt", lambda r: txt(r).encode("utf-16"), {}),
    ("utf-8-bom-crlf", "md", lambda r: b"\xef\xbb\xbf" + md(r, True).replace("\n", "\r\n").encode("utf-8"), {}),
    ("stray-invalid-utf-8", "txt", invalid_bytes, {}),
    ("escapes-in-title", "txt", escape_title, {"title_without_control_chars": True}),
    ("nested-100000-deep", "html", lambda r: html_page(r, body_wrap=deep), {}),
    ("salary-1e400-number", "html", lambda r: html_page(r, salary="1e400"), {"salary_not_from_json_ld": True}),
    ("salary-1e400-string", "html", lambda r: html_page(r, salary='"1e400"'), {"salary_not_from_json_ld": True}),
    ("one-row", "csv", csv_one_row, {}),
    ("one-row", "jsonl", lambda r: json.dumps({k: r.get(k) for k in ("title", "company", "location", "date", "text")
                                               if r.get(k)}, ensure_ascii=False) + "\n", {}),
]


# ---------------------------------------------------------------------------------------------
# Hostile inputs: (kind, count, extension, maker(rng) -> bytes, or a tuple for links).

def random_bytes(n):
    return lambda rng: bytes(rng.getrandbits(8) for _ in range(n))


def png(rng):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + bytes(rng.getrandbits(8) for _ in range(96 * 3)) for _ in range(64))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 96, 64, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def gzip_bomb_zeros(total_bytes):
    """A gzip file of `total_bytes` zero bytes (no newline: one endless line), built without compressing
    them all: with a full flush after each 16 MB block every block compresses to the same bytes."""
    block = bytes(16 * MB)
    count = total_bytes // len(block)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeat = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + first + repeat * (count - 1) + compressor.flush()
            + struct.pack("<II", crc, (count * len(block)) & 0xFFFFFFFF))


def html_gzip_bomb(rng):
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = [compressor.compress(b"<html><body><h1>Machine Learning Engineer</h1><p>")]
    line = b"We build machine learning models. " * 1000
    for _ in range((256 * MB) // len(line)):
        out.append(compressor.compress(line))
    out.append(compressor.compress(b"</p></body></html>") + compressor.flush())
    return b"".join(out)


def truncated_gzip(rng):
    page = ("<html><body><h1>Senior Machine Learning Engineer</h1>"
            + "".join("<p>Paragraph %d: we train, evaluate and deploy ranking models in Python.</p>" % i
                      for i in range(3000)) + "</body></html>").encode()
    whole = gzip.compress(page, mtime=0)
    return whole[:len(whole) // 3]


def too_large(prefix, unit, suffix):
    return lambda rng: prefix + unit * ((3 * MB) // len(unit) + 1) + suffix


HOSTILE = [
    ("binary: random bytes", 2, "html", random_bytes(20000)),
    ("binary: random bytes", 2, "txt", random_bytes(6000)),
    ("binary: random bytes", 1, "md", random_bytes(3000)),
    ("binary: random bytes", 1, "json", random_bytes(3000)),
    ("binary: a PNG image", 1, "html", png),
    ("binary: a PNG image", 1, "htm", png),
    ("binary: random bytes 0x80-0xFF only (no control bytes)", 1, "txt",
     lambda rng: bytes(rng.randrange(0x80, 0x100) for _ in range(6000))),
    ("binary: invalid UTF-8 sequences only", 1, "txt", lambda rng: b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc" * 500),
    ("empty file", 1, "html", lambda rng: b""),
    ("empty file", 1, "txt", lambda rng: b""),
    ("empty file", 1, "md", lambda rng: b""),
    ("empty file", 1, "json", lambda rng: b""),
    ("whitespace only", 1, "txt", lambda rng: b"  \n\t\n   \r\n\n"),
    ("whitespace only", 1, "html", lambda rng: b"\n\n    \n\t"),
    ("whitespace only", 1, "md", lambda rng: b"\n \n \n"),
    ("HTML tags and scripts, no text", 1, "html",
     lambda rng: b"<html><head><script>var a = 1;</script><style>body{color:red}</style></head><body><div><span>"
                 b"</span><img src=x><br><hr></div><script>document.write('<p>'+a+'</p>')</script></body></html>"),
    ("HTML of one script, no text", 1, "html",
     lambda rng: b"<script>" + b"var job = 'Senior ML engineer wanted: Python, PyTorch';\n" * 200 + b"</script>"),
    ("HTML of comments only", 1, "html",
     lambda rng: b"<html><body><!-- " + b"Machine learning engineer, Python, PyTorch. " * 100 + b"--></body></html>"),
    ("Markdown front matter only", 1, "md", lambda rng: b"---\ntitle: ML Engineer\ncompany: Acme\n---\n"),
    ("JSON without a posting: null", 1, "json", lambda rng: b"null\n"),
    ("JSON without a posting: []", 1, "json", lambda rng: b"[]\n"),
    ("JSON without a posting: object", 1, "json", lambda rng: b'{"status": "ok", "items": [1, 2, 3], "next": null}\n'),
    ("HTML nested 100,000 deep, no text", 1, "html",
     lambda rng: b"<html><body>" + b"<div>" * 100000 + b"</div>" * 100000 + b"</body></html>"),
    ("HTML 100,000 unclosed <div>s", 1, "html", lambda rng: b"<div>" * 100000),
    ("JSON array nested 100,000 deep", 1, "json", lambda rng: b"[" * 100000 + b"]" * 100000),
    ("JSON object nested 100,000 deep", 1, "json", lambda rng: b'{"a":' * 100000 + b"1" + b"}" * 100000),
    ("JSON-LD nested 100,000 deep in HTML", 1, "html",
     lambda rng: b'<html><head><script type="application/ld+json">' + b"[" * 100000 + b"]" * 100000
                 + b"</script></head><body></body></html>"),
    ("larger than --max-file-mb (3 MB)", 1, "html",
     too_large(b"<html><body><h1>ML Engineer</h1><p>", b"We build machine learning models. ", b"</p></body></html>")),
    ("larger than --max-file-mb (3 MB)", 1, "txt", too_large(b"ML Engineer\n\n", b"We build machine learning models. ", b"\n")),
    ("gzip bomb: 2 GiB of zeros, one line", 1, "jsonl.gz", lambda rng: gzip_bomb_zeros(2 << 30)),
    ("gzip bomb: 256 MB HTML page", 1, "html.gz", html_gzip_bomb),
    ("JSON Lines row over --max-file-mb", 1, "jsonl",
     lambda rng: json.dumps({"title": "ML Engineer", "text": "We build models. " * 200000}).encode() + b"\n"),
    ("invalid JSON (truncated)", 1, "json", lambda rng: b'{"title": "Machine Learning Engineer", "text": "We are hiring a mach'),
    ("invalid JSON (truncated)", 1, "json",
     lambda rng: b'{"@context": "https://schema.org", "@type": "JobPosting", "title": "Data Scientist", "description": ['),
    ("truncated gzip (first third)", 1, "html.gz", truncated_gzip),
    ("CSV: header only", 1, "csv", lambda rng: b"title,company,location,description\n"),
    ("CSV: empty file", 1, "csv", lambda rng: b""),
    ("CSV: unterminated quote", 1, "csv",
     lambda rng: b'title,description\nML Engineer,"We build models and this quote never closes\n'
                 b"Data Scientist,We analyse data\nMLOps Engineer,We run the platform\n"),
    ("JSON Lines: every line garbage", 1, "jsonl", lambda rng: b"".join(b"{not json %d\n" % i for i in range(40))),
    ("JSON Lines: objects without a text field", 1, "jsonl",
     lambda rng: b"".join(b'{"id": %d, "status": "closed"}\n' % i for i in range(20))),
    ("JSON Lines: empty file", 1, "jsonl", lambda rng: b""),
    ("JSON Lines: blank lines only", 1, "jsonl", lambda rng: b"\n\n  \n\n"),
    ("link to nothing", 2, "html", ("dangling",)),
    ("link loop (two links to each other)", 2, "html", ("loop",)),
    ("link to its own folder", 1, "", ("self",)),
    ("file name not valid UTF-8", 1, "html", ("badname",)),
]


# ---------------------------------------------------------------------------------------------

def good_rows(shared, index, needed, rng):
    rows = []
    with gzip.open(os.path.join(shared, "postings.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            text = row.get("text") or ""
            if row.get("split") != "train" or not row.get("title") or len(text) < 400 or len(text.split()) < 60:
                continue
            if any(ord(c) < 32 and c not in "\t\n\r" for c in text + row["title"]):
                continue
            rows.append(row)
    rows.sort(key=lambda r: r["id"])
    rng.shuffle(rows)
    chosen = []
    for row in rows:
        s = shingles(row["title"] + " " + row["text"])
        if index.max_similarity(s) >= 0.3:
            continue
        index.add(s)
        chosen.append(row)
        if len(chosen) == needed:
            return chosen
    sys.exit("make-hostile-batch: only %d distinct postings in postings.jsonl.gz, %d needed" % (len(chosen), needed))


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    out = sys.argv[1]
    shared = sys.argv[2] if len(sys.argv) == 3 else os.path.join(ROOT, "..", "shared", "data")
    pages_dir = os.path.join(shared, "html", "pages")
    if not (os.path.isfile(os.path.join(shared, "postings.jsonl.gz")) and os.path.isdir(pages_dir)):
        print("make-hostile-batch: %s (postings.jsonl.gz and html/pages) is missing" % shared, file=sys.stderr)
        sys.exit(2)
    os.makedirs(out, exist_ok=True)
    if os.listdir(out):
        sys.exit("make-hostile-batch: %s is not empty" % out)
    rng = random.Random(SEED)
    positions = list(range(TOTAL))
    rng.shuffle(positions)
    slots = iter(positions)
    good, bad = [], []
    index = ShingleIndex()

    def put(slug, ext, data):
        name = "%04d-%s%s" % (next(slots), slug, "." + ext if ext else "")
        with open(os.path.join(out, name), "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        return name

    # corpora/train, as is.
    train = os.path.join(ROOT, "corpora", "train")
    for role in sorted(os.listdir(train)):
        for base in sorted(os.listdir(os.path.join(train, role))):
            path = os.path.join(train, role, base)
            data = read(path)
            text = data.decode("utf-8", "replace")
            index.add(shingles(page_text(text) if base.endswith(".html") else text))
            stem, ext = base.rsplit(".", 1)
            good.append({"name": put("train-%s-%s" % (role, stem), ext, data), "origin": "corpora/train/%s/%s" % (role, base),
                         "format": ext})

    # The real pages, as is, but for the script shells and near-duplicate pages.
    page_index = ShingleIndex()
    for base in sorted(os.listdir(pages_dir), key=lambda n: (re.sub(r"\d+", "", n), int(re.sub(r"\D", "", n) or 0))):
        if not base.endswith(".html") or base.startswith(("careersite-", "startupjobs-")):
            continue
        data = read(os.path.join(pages_dir, base))
        s = shingles(page_text(data.decode("utf-8", "replace")))
        if page_index.max_similarity(s) >= 0.6:
            continue
        page_index.add(s)
        index.add(s)
        good.append({"name": put("page-" + base[:-5], "html", data), "origin": "../shared/data/html/pages/" + base,
                     "format": "html"})

    # Rows of postings.jsonl.gz: the odd but valid ones first, then the plain ones.
    rows = good_rows(shared, index, GOOD - len(good), rng)
    for i, row in enumerate(rows):
        source = re.sub(r"[^a-z0-9]+", "-", row["id"].lower()).strip("-")
        entry = {"origin": "../shared/data/postings.jsonl.gz id=" + row["id"]}
        if i < len(SPECIAL):
            slug, ext, writer, expect = SPECIAL[i]
            entry.update(name=put("%s-%s" % (slug, source), ext, writer(row)), format=ext, special=slug)
            if expect:
                entry["expect"] = expect
        else:
            ext, writer = ROW_FORMATS[i % len(ROW_FORMATS)]
            entry.update(name=put(source, ext, writer(row)), format=ext)
        good.append(entry)

    # Hostile inputs.
    for kind, count, ext, maker in HOSTILE:
        for n in range(count):
            slug = "bad-" + re.sub(r"[^a-z0-9]+", "-", kind.lower()).strip("-")[:40]
            if isinstance(maker, tuple):
                what = maker[0]
                if what == "loop" and n == 1:
                    continue  # the pair was made at n == 0
                pos = next(slots)
                if what == "dangling":
                    name = "%04d-%s-%d.%s" % (pos, slug, n, ext)
                    os.symlink("missing-posting-%d.html" % n, os.path.join(out, name))
                elif what == "loop":
                    # Two entries: a -> b and b -> a; both are counted and both must be named.
                    other = next(slots)
                    a, b = "%04d-%s-1.%s" % (pos, slug, ext), "%04d-%s-2.%s" % (other, slug, ext)
                    os.symlink(b, os.path.join(out, a))
                    os.symlink(a, os.path.join(out, b))
                    bad.append({"name": a, "kind": kind})
                    name = b
                elif what == "self":
                    name = "%04d-%s" % (pos, slug)
                    os.symlink(".", os.path.join(out, name))
                else:
                    raw = b"%04d-%s-\xff\xfe.%s" % (pos, slug.encode(), ext.encode())
                    with open(os.path.join(os.fsencode(out), raw), "wb") as f:
                        f.write(html_page({"title": "Machine Learning Engineer", "company": "Initech",
                                           "text": "We train and deploy models. " * 40}).encode())
                    bad.append({"name": raw.decode("utf-8", "replace"), "name_hex": raw.hex(), "kind": kind})
                    continue
                bad.append({"name": name, "kind": kind})
            else:
                bad.append({"name": put("%s-%d" % (slug, n), ext, maker(rng)), "kind": kind})

    entries = len(os.listdir(os.fsencode(out)))
    if len(good) != GOOD or len(bad) != TOTAL - GOOD or entries != TOTAL:
        sys.exit("make-hostile-batch: made %d good, %d bad, %d entries" % (len(good), len(bad), entries))
    # Good ones in path order, bad ones in the order of HOSTILE (grouped by kind).
    manifest = {"seed": SEED, "max_file_mb": 2, "good": sorted(good, key=lambda e: e["name"]),
                "bad": bad}
    with open(os.path.join(os.path.dirname(os.path.abspath(out)), "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False)
    print("make-hostile-batch: %d good postings and %d hostile inputs in %s" % (len(good), len(bad), out))


if __name__ == "__main__":
    main()
