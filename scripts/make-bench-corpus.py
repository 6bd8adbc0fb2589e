#!/usr/bin/env python3
"""Writes N distinct HTML posting pages for benchmarks (never for tests or training).

Usage: make-bench-corpus.py OUT_DIR N TEMPLATE_DIR...

Each page is one of the template pages (every .html below the given folders, in path order) with
two changes so that no two pages are the same posting: a short paragraph of seeded random words
is added before </body>, and about one word in fifty of the visible text is swapped for another.
The output is deterministic for the same templates and N.
"""
import os
import random
import re
import sys

WORDS = ("model data pipeline team customer product service platform quality review design build "
         "deploy monitor measure improve support research analyse report plan deliver ship scale").split()


def templates(folders):
    pages = []
    for folder in folders:
        for root, _, files in os.walk(folder):
            for name in sorted(files):
                if name.endswith((".html", ".htm")):
                    with open(os.path.join(root, name), "rb") as f:
                        pages.append(f.read().decode("utf-8", "replace"))
    pages.sort(key=len)
    return pages


def vary(page, rng):
    def swap(match):
        text = match.group(0)
        words = text.split(" ")
        for i in range(len(words)):
            if rng.random() < 0.02:
                words[i] = rng.choice(WORDS)
        return " ".join(words)
    # Only text between tags, never inside scripts' JSON or attributes.
    body = re.sub(r">[^<>{}]{40,}<", swap, page)
    note = "<p>" + " ".join(rng.choice(WORDS) for _ in range(30)) + ".</p>"
    return body.replace("</body>", note + "</body>") if "</body>" in body else body + note


def main():
    out, count, folders = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    pages = templates(folders)
    if not pages:
        sys.exit("make-bench-corpus: no .html templates in " + " ".join(folders))
    rng = random.Random(20261123)
    for i in range(count):
        folder = os.path.join(out, "%03d" % (i // 1000))
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "posting-%06d.html" % i), "w", encoding="utf-8") as f:
            f.write(vary(pages[i % len(pages)], rng))
    print("make-bench-corpus: %d pages from %d templates in %s" % (count, len(pages), out))


if __name__ == "__main__":
    main()
