"""Scaling of the Spark job in local mode: postings/s with local[1] and local[2] on the same few thousand
pages, against `jobsift analyze` (1 and 2 workers) and a bare `jobsift stream` on the same input; and how
fast `jobsift stream` passes over pages that carry no JobPosting (most of a web crawl). Prints figures;
asserts nothing.

    python3 spark/bench.py --binary .build/release/jobsift --pages ../shared/data/html/pages --work /tmp/b

The input: `--files` WARC files holding `--copies` copies of every shared page, each copy's title
changed (spark/make_inputs.py bench), so every copy is read and analysed as a posting of its own; and one
WARC of the same pages with their JobPosting markup renamed, which the stream reads and passes over.
`scripts/spark-demo --bench` runs this with PySpark installed.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

import make_inputs


def timed(command, **kwargs):
    """(seconds, completed process) of one run of `command`."""
    started = time.time()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False, **kwargs)
    return time.time() - started, done


def write_pages_without_postings(path, pages, copies):
    """A WARC of `copies` copies of every page, with "JobPosting" renamed so that no page is a posting."""
    with open(path, "wb") as stream:
        writer = make_inputs.RecordWriter(stream, os.path.basename(path))
        for copy in range(copies):
            for url, body in pages:
                writer.page("%s?copy=%d" % (url, copy), body.replace(b"JobPosting", b"WebPage"))
    return sum(len(body) for _, body in pages) * copies


def spark_submit(master, arguments):
    from pyspark.find_spark_home import _find_spark_home
    return [os.path.join(_find_spark_home(), "bin", "spark-submit"), "--master", master,
            "--conf", "spark.sql.shuffle.partitions=4", "--conf", "spark.log.level=WARN",
            "--conf", "spark.ui.enabled=false", "--conf", "spark.ui.showConsoleProgress=false"] + arguments


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True, help="the jobsift binary")
    parser.add_argument("--pages", required=True, help="folder of HTML pages (../shared/data/html/pages)")
    parser.add_argument("--work", required=True, help="folder for the inputs, stores and tables (created)")
    parser.add_argument("--copies", type=int, default=80, help="copies of every page")
    parser.add_argument("--files", type=int, default=8, help="WARC files (Spark tasks)")
    args = parser.parse_args()
    repository = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    os.makedirs(args.work, exist_ok=True)
    binary = os.path.join(args.work, "jobsift")
    shutil.copy(args.binary, binary)
    inputs = os.path.join(args.work, "inputs")
    os.makedirs(inputs, exist_ok=True)
    paths = make_inputs.make_bench(inputs, args.pages, args.copies, args.files)
    listing = os.path.join(inputs, "inputs.txt")
    with open(listing, "w", encoding="utf-8") as out:
        out.write("".join(path + "\n" for path in paths))
    megabytes = sum(os.path.getsize(path) for path in paths) / 1e6
    print("bench: %d pages in %d WARC files (%.0f MB), %d cores here"
          % (args.copies * len(make_inputs.shared_pages(args.pages)), len(paths), megabytes, os.cpu_count()))

    rows = []
    for workers in (1, 2):
        store = os.path.join(args.work, "analyze-%d.sqlite" % workers)
        seconds, done = timed([binary, "analyze", *paths, "--db", store, "--json", "--workers", str(workers)],
                              cwd=repository)
        postings = json.loads(done.stdout)["counts"]["read"]
        rows.append(("jobsift analyze --workers %d" % workers, postings, seconds, None))
    with open(listing, "rb") as stdin:
        seconds, done = timed([binary, "stream"], stdin=stdin, cwd=repository)
    rows.append(("jobsift stream (one process)", done.stdout.count(b"\n"), seconds, None))
    for cores in (1, 2):
        out = os.path.join(args.work, "tables-%d" % cores)
        seconds, done = timed(spark_submit("local[%d]" % cores, [
            os.path.join(repository, "spark", "jobsift_job.py"), "--inputs", listing, "--out", out,
            "--binary", binary, "--models", os.path.join(repository, "models")]), cwd=repository)
        if done.returncode != 0:
            sys.exit("bench: the Spark job failed with local[%d]:\n%s" % (cores, done.stderr.decode()[-3000:]))
        with open(os.path.join(out, "run.json"), encoding="utf-8") as run_file:
            run = json.load(run_file)
        rows.append(("spark local[%d], whole spark-submit" % cores, run["streamed_postings"], seconds, None))
        rows.append(("spark local[%d], streaming stage" % cores, run["streamed_postings"], run["seconds"]["stream"],
                     "tasks ran %.1f s; dedup+write %.1f s, trends+stats %.1f s" % (
                         run["seconds"]["tasks"], run["seconds"]["deduplicate_and_write"],
                         run["seconds"]["trends_and_stats"])))

    print("%-40s %9s %9s %12s" % ("", "postings", "seconds", "postings/s"))
    for name, postings, seconds, note in rows:
        print("%-40s %9d %9.1f %12.0f%s" % (name, postings, seconds, postings / seconds,
                                            ("  (" + note + ")") if note else ""))
    by_name = {name: seconds for name, _, seconds, _ in rows}
    for cores in (1, 2):
        analyze = by_name["jobsift analyze --workers %d" % cores]
        print("local[%d]: Spark takes %.1fx the time of jobsift analyze --workers %d (whole job), "
              "%.1fx (streaming stage only)" % (cores, by_name["spark local[%d], whole spark-submit" % cores] / analyze,
                                                cores, by_name["spark local[%d], streaming stage" % cores] / analyze))
    print("scaling 1 -> 2 cores: analyze %.2fx, Spark streaming stage %.2fx, whole Spark job %.2fx" % (
        by_name["jobsift analyze --workers 1"] / by_name["jobsift analyze --workers 2"],
        by_name["spark local[1], streaming stage"] / by_name["spark local[2], streaming stage"],
        by_name["spark local[1], whole spark-submit"] / by_name["spark local[2], whole spark-submit"]))

    pages = make_inputs.shared_pages(args.pages)
    other = os.path.join(args.work, "no-postings.warc.gz")
    html_bytes = write_pages_without_postings(other, pages, args.copies)
    seconds, done = timed([binary, "stream"], input=(other + "\n").encode(), cwd=repository)
    print("pages without a JobPosting: %d pages (%.0f MB of HTML) passed over by one jobsift stream in %.1f s: "
          "%.0f pages/s, %.0f MB/s per core (%d postings printed)" % (
              len(pages) * args.copies, html_bytes / 1e6, seconds, len(pages) * args.copies / seconds,
              html_bytes / 1e6 / seconds, done.stdout.count(b"\n")))


if __name__ == "__main__":
    main()
