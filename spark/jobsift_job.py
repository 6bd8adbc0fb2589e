"""jobsift on Apache Spark: analyses every posting of a list of inputs (WARC files, CSV/JSON Lines
datasets, pages) with the `jobsift` binary, one task per input, removes exact and near-duplicates
across all tasks as `jobsift analyze` does, and computes skill trends and the market mix in Spark
SQL with the definitions of `jobsift trends` and `jobsift stats`.

    spark-submit spark/jobsift_job.py --inputs inputs.txt --out out/ \
        --binary .build/release/jobsift --models models

Writes Parquet tables under --out: postings, posting_skills, role_scores, duplicates, failures (also
as CSV in failures_csv), files, trend_cells, trend_skills, mix, salaries; trends.json and stats.json in
the shapes of `jobsift trends --json` and `jobsift stats --json`; and run.json (counts and seconds).
See spark/README.md.
"""

import argparse
import base64
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections import defaultdict
from xml.sax.saxutils import escape

from pyspark import SparkFiles
from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql.types import (ArrayType, BooleanType, DoubleType, IntegerType, LongType, MapType, StringType,
                               StructField, StructType)

# The near-duplicate threshold of `jobsift analyze` (BatchOptions.nearDuplicateThreshold).
NEAR_DUPLICATE_THRESHOLD = 0.7
SIGNATURE_VALUES = 128
# Names the binary and the models archive are shipped under (SparkFiles, or a YARN container's folder).
BINARY_NAME = "jobsift"
MODELS_NAME = "jobsift-models"


def log(message):
    print("jobsift_job: " + message, file=sys.stderr, flush=True)


# --- The record `jobsift stream` prints, as a Spark row -------------------------------------------

SKILL = StructType([
    StructField("skill", StringType()), StructField("category", StringType()),
    StructField("demand", StringType()), StructField("mentions", IntegerType()),
])

# (column, type) in column order. `jobsift stream` prints the `export --format jsonl` record (snake_case
# keys) plus role_scores, skills, band_keys and signature; the column names are its keys.
POSTING_FIELDS = [
    ("id", StringType()), ("source", StringType()), ("origin", StringType()), ("title", StringType()), ("company", StringType()),
    ("location", StringType()), ("workplace", StringType()), ("employment_type", StringType()),
    ("date_posted", StringType()), ("valid_through", StringType()), ("salary_min", DoubleType()),
    ("salary_max", DoubleType()), ("salary_currency", StringType()), ("salary_period", StringType()),
    ("language", StringType()), ("role", StringType()), ("role_probability", DoubleType()),
    ("role_uncertain", BooleanType()), ("second_role", StringType()), ("seniority", StringType()),
    ("years_min", IntegerType()), ("years_max", IntegerType()), ("required_skills", ArrayType(StringType())),
    ("preferred_skills", ArrayType(StringType())), ("model_version", StringType()),
    ("taxonomy_version", StringType()), ("role_scores", MapType(StringType(), DoubleType())),
    ("skills", ArrayType(SKILL)), ("band_keys", ArrayType(StringType())),
    # The 128 UInt32 values of the MinHash signature (printed as base64 of their little-endian bytes).
    ("signature", ArrayType(LongType())), ("text", StringType()),
]
POSTING = StructType([StructField(column, kind) for column, kind in POSTING_FIELDS])
FAILURE = StructType([StructField("source", StringType()), StructField("reason", StringType())])
FILE = StructType([
    StructField("status", StringType()), StructField("exit_code", IntegerType()),
    StructField("postings", IntegerType()), StructField("failures", IntegerType()),
    StructField("seconds", DoubleType()), StructField("message", StringType()),
    # What each WARC file held, as jobsift reports it: {"warc": path, "summary": {records, pages, ...}}.
    StructField("warc_summaries", ArrayType(StringType())),
])
# What a task yields: one row per posting, per failure, and one per input file (kind names which).
STREAMED = StructType([
    StructField("kind", StringType(), False), StructField("input_index", IntegerType(), False),
    StructField("path", StringType(), False), StructField("position", IntegerType()),
    StructField("posting", POSTING), StructField("failure", FAILURE), StructField("file", FILE),
])


def _text(value):
    return value if isinstance(value, str) else None


def _number(value):
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _integer(value):
    """A whole number that fits the 32-bit column, else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not -2**31 <= value < 2**31:
        return None
    return int(value)


def _texts(value):
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _role_scores(value):
    return {role: float(p) for role, p in value.items() if _number(p) is not None} if isinstance(value, dict) else {}


def _skills(value):
    if not isinstance(value, list):
        return []
    return [(skill.get("id"), _text(skill.get("category")), _text(skill.get("demand")), _integer(skill.get("mentions")))
            for skill in value if isinstance(skill, dict) and isinstance(skill.get("id"), str)]


def _signature(value):
    if not isinstance(value, str):
        raise ValueError("no signature")
    raw = base64.b64decode(value, validate=True)
    if len(raw) != 4 * SIGNATURE_VALUES:
        raise ValueError("a signature of %d bytes, not %d" % (len(raw), 4 * SIGNATURE_VALUES))
    return list(struct.unpack("<%dI" % SIGNATURE_VALUES, raw))


CONVERTERS = {
    StringType(): _text, DoubleType(): _number, IntegerType(): _integer, BooleanType(): lambda v: v is True,
    ArrayType(StringType()): _texts, MapType(StringType(), DoubleType()): _role_scores, ArrayType(SKILL): _skills,
}


def camel_case(key):
    head, *rest = key.split("_")
    return head + "".join(part.title() for part in rest)


def posting_row(record):
    """The row of one printed record; ValueError when it lacks an id, band keys or a signature.
    camelCase keys are read too, the spelling of the first drafts of the stream record."""
    if not isinstance(record, dict) or not isinstance(record.get("id"), str):
        raise ValueError("not a posting record (no id)")

    def value(key):
        return record[key] if key in record else record.get(camel_case(key))

    band_keys = _texts(value("band_keys"))
    if not band_keys:
        raise ValueError("no band keys")
    row = []
    for key, kind in POSTING_FIELDS:
        if key == "signature":
            row.append(_signature(value("signature")))
        elif key == "band_keys":
            row.append(band_keys)
        else:
            row.append(CONVERTERS[kind](value(key)))
    return tuple(row)


# --- One task per input ---------------------------------------------------------------------------

def is_local(path):
    """A plain path, read where it is; anything with a scheme (hdfs://, s3a://, file:, https://) is copied."""
    return "://" not in path and not path.startswith("file:")


def shipped(name):
    """Where a file shipped with the job is: SparkFiles, or the container folder (spark-submit --files on YARN)."""
    for candidate in (SparkFiles.get(name), os.path.abspath(name)):
        if os.path.exists(candidate):
            return candidate
    raise FileNotFoundError("%s was not shipped with the job (--binary/--models, or spark-submit --files/--archives)"
                            % name)


def hadoop_classpath(conf):
    """`conf` (for core-site.xml), the executor's classpath (YARN exports it to the Python workers too),
    the jars shipped with --jars or --packages, and the Hadoop client jars of this executor's Spark."""
    home = os.environ.get("SPARK_HOME")
    if not home:
        from pyspark.find_spark_home import _find_spark_home
        home = _find_spark_home()
    parts = [conf, os.environ.get("CLASSPATH", ""), os.path.join(SparkFiles.getRootDirectory(), "*"),
             os.path.join(home, "jars", "*")]
    return os.pathsep.join(part for part in parts if part)


def copy_to_local(uri, folder, hadoop_settings):
    """Copies `uri` into `folder` with Hadoop's FsShell (the cluster's `hadoop` command when there is one,
    else Java with the executor's jars), so every file system Spark reads works; returns the local path.
    The driver's spark.hadoop.* settings go in a core-site.xml beside it."""
    conf = os.path.join(folder, "conf")
    os.makedirs(conf)
    with open(os.path.join(conf, "core-site.xml"), "w", encoding="utf-8") as site:
        site.write("<?xml version=\"1.0\"?>\n<configuration>\n")
        for name, value in sorted(hadoop_settings.items()):
            site.write("  <property><name>%s</name><value>%s</value></property>\n" % (escape(name), escape(value)))
        site.write("</configuration>\n")
    # The base name keeps its extension (.warc.gz, .jsonl), by which jobsift tells what the file holds.
    target = os.path.join(folder, os.path.basename(uri.rstrip("/").split("?")[0]) or "input")
    if shutil.which("hadoop"):
        command = ["hadoop", "fs", "-conf", os.path.join(conf, "core-site.xml"), "-copyToLocal", uri, target]
    else:
        java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
        command = [java, "-cp", hadoop_classpath(conf), "org.apache.hadoop.fs.FsShell", "-copyToLocal", uri, target]
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if done.returncode != 0 or not os.path.exists(target):
        # The last line that is not part of a stack trace: the message, or the exception's cause.
        lines = [line for line in done.stderr.decode("utf-8", "replace").splitlines()
                 if line.strip() and not line.startswith((" ", "\t"))]
        raise OSError("cannot copy it to the task's disk: " + (lines[-1] if lines else "exit %d" % done.returncode))
    return target


def executable(binary, folder):
    """The shipped binary, or a copy of it in `folder` with the executable bit when it came without one
    (YARN localises --files as they are stored, and a file on HDFS or S3 has no such bit)."""
    if os.access(binary, os.X_OK):
        return binary
    copy = os.path.join(folder, os.path.basename(binary))
    shutil.copy(binary, copy)
    os.chmod(copy, 0o755)
    return copy


def start_stream(local, folder, options):
    """Starts `jobsift stream` on one local input; returns the process and a function that kills it.
    It runs in a session of its own, so that a timeout or an early end also ends what it started."""
    command = [executable(shipped(options["binary"]), folder), "stream"] + options["stream_flags"]
    environment = dict(os.environ, JOBSIFT_MODELS=shipped(MODELS_NAME))
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=options["stderr"],
                               env=environment, start_new_session=True)

    def kill():
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    process.stdin.write((local + "\n").encode("utf-8"))
    process.stdin.close()
    return process, kill


def read_stderr(lines):
    """What jobsift stream said on stderr: ([(source, reason)], [WARC summary], [other lines])."""
    failures, summaries, others = [], [], []
    for line in lines:
        try:
            reported = json.loads(line)
        except (ValueError, RecursionError):
            reported = None
        if isinstance(reported, dict) and "failed" in reported:
            failures.append((str(reported["failed"]), str(reported.get("reason", ""))))
        elif isinstance(reported, dict) and isinstance(reported.get("warc"), str):
            summaries.append(reported)
        elif line.strip():
            others.append(line.strip())
    return failures, summaries, others


def exit_message(exit_code, timeout, last_line):
    """The failure of a run that neither finished (0) nor reported unreadable input (1): (status, message)."""
    if exit_code == -signal.SIGKILL and timeout:
        status, how = "timed-out", "was killed after %d s" % timeout
    else:
        status, how = "crashed", "exited with " + ("signal %d" % -exit_code if exit_code < 0 else "code %d" % exit_code)
    return status, "jobsift stream %s%s" % (how, (": " + last_line) if last_line else "")


def stream_input(index, path, options):
    """Runs `jobsift stream` on one input and yields its postings, its failures and one row about the file."""
    started = time.time()
    postings = failures = 0
    status, exit_code, message, summaries = "ok", None, None, []
    work = tempfile.mkdtemp(prefix="jobsift-task-")
    local = path

    def original(source):
        """A source as the input list names it (a copied input's sources name the local copy)."""
        return path + source[len(local):] if source and local != path and source.startswith(local) else source

    def failure(source, reason):
        return ("failure", index, path, None, None, (original(source), reason), None)

    try:
        if not is_local(path):
            local = copy_to_local(path, work, options["hadoop_settings"])
        with open(os.path.join(work, "stderr"), "w+b") as errors:
            process, kill = start_stream(local, work, dict(options, stderr=errors))
            timer = threading.Timer(options["file_timeout"], kill) if options["file_timeout"] else None
            if timer:
                timer.start()
            try:
                for line_number, line in enumerate(process.stdout, 1):
                    try:
                        row = posting_row(json.loads(line))
                    except (ValueError, RecursionError) as error:
                        failures += 1
                        yield failure(path, "unreadable record on line %d of jobsift's output: %s"
                                      % (line_number, error))
                        continue
                    yield ("posting", index, path, postings, row[:1] + (original(row[1]),) + row[2:], None, None)
                    postings += 1
                exit_code = process.wait()
            finally:
                if timer:
                    timer.cancel()
                if process.poll() is None:
                    kill()
                    process.wait()
            errors.seek(0)
            reported, summaries, others = read_stderr(line.decode("utf-8", "replace") for line in errors)
        for source, reason in reported:
            failures += 1
            yield failure(source, reason)
        if exit_code not in (0, 1):
            status, message = exit_message(exit_code, options["file_timeout"], others[-1] if others else None)
            failures += 1
            yield failure(path, message)
        elif exit_code == 1 or failures:
            status = "partial" if postings else "failed"
        message = message or (others[-1] if others else None)
    except (OSError, ValueError) as error:
        status, message = "failed", str(error)
        failures += 1
        yield failure(path, message)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    seconds = time.time() - started
    log("input %d %s: %s, %d postings, %d failures, %.1f s" % (index, path, status, postings, failures, seconds))
    for summary in summaries:
        summary["warc"] = original(summary["warc"])
    yield ("file", index, path, None, None, None, (status, exit_code, postings, failures, seconds, message,
                                                     [json.dumps(summary, sort_keys=True) for summary in summaries]))


def stream_inputs(items, options):
    for index, path in items:
        yield from stream_input(index, path, options)


# --- The driver: inputs, shipping, streaming ------------------------------------------------------

def read_input_list(spark, uri):
    """The paths of the input list, in order, blank lines and `#` comments left out."""
    lines = spark.sparkContext.textFile(uri, minPartitions=1).collect()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def ship(spark, binary, models, work):
    """Ships the binary and the models folder (as an archive) to every executor; returns the binary's name.
    Without them, spark-submit must have shipped them: --files jobsift --archives models.tgz#jobsift-models."""
    sc = spark.sparkContext
    name = BINARY_NAME
    if binary:
        sc.addFile(binary)
        name = os.path.basename(binary)
    if models:
        archive = models
        if os.path.isdir(models):
            archive = os.path.join(work, "models.tar.gz")
            with tarfile.open(archive, "w:gz") as tar:
                for part in ("default", "taxonomy"):
                    tar.add(os.path.join(models, part), arcname=part)
        sc.addArchive(archive + "#" + MODELS_NAME)
    return name


class FileProgress(threading.Thread):
    """Logs how many input files are done while the streaming stage runs (one task is one file)."""

    def __init__(self, spark, total):
        super().__init__(daemon=True)
        self.tracker = spark.sparkContext.statusTracker()
        self.total = total
        self.stopped = threading.Event()

    def run(self):
        shown = -1
        while not self.stopped.wait(5):
            done = sum(info.numCompletedTasks for info in
                       (self.tracker.getStageInfo(stage) for stage in self.tracker.getActiveStageIds()) if info)
            if done != shown:
                log("%d of %d input files done" % (done, self.total))
                shown = done

    def stop(self):
        self.stopped.set()


def stream_all(spark, paths, options, stage_uri):
    """Streams every input in its own task and writes what the tasks yield to `stage_uri` (Parquet), so
    that the binary runs once per file however often the results are read."""
    items = list(enumerate(paths))
    rows = spark.sparkContext.parallelize(items, max(1, len(items))).mapPartitions(
        lambda part: stream_inputs(part, options))
    progress = FileProgress(spark, len(items))
    progress.start()
    try:
        spark.createDataFrame(rows, STREAMED, verifySchema=False).write.mode("overwrite").parquet(stage_uri)
    finally:
        progress.stop()
    return spark.read.parquet(stage_uri)


# --- Duplicates -----------------------------------------------------------------------------------

def prefers(match, other):
    """NearDuplicateIndex.prefers: the more similar, then the smaller id."""
    return match[1] > other[1] or (match[1] == other[1] and match[0] < other[0])


def resolve_near_duplicates(edges):
    """Decides near-duplicates in input order, as `jobsift analyze` does: a posting is a near-duplicate of
    the most similar earlier posting that is itself an original (ties to the smaller id).

    `edges` are (later order, later id, earlier id, similarity) for every pair sharing a band key at or
    above the threshold; returns {later id: (original id, similarity)}."""
    earlier_of = defaultdict(list)
    order_of = {}
    for later_order, later, earlier, similarity in edges:
        earlier_of[later].append((earlier, similarity))
        order_of[later] = later_order
    duplicates = {}
    for later in sorted(earlier_of, key=order_of.get):
        best = None
        for match in earlier_of[later]:
            if match[0] not in duplicates and (best is None or prefers(match, best)):
                best = match
        if best:
            duplicates[later] = best
    return duplicates


def deduplicate(spark, streamed, threshold):
    """(kept postings, duplicates): exact duplicates by content id, first seen kept; near-duplicates
    among the rest by shared band keys and estimated Jaccard, resolved in input order."""
    ordered = streamed.withColumn("order_key", F.col("input_index").cast("long") * (1 << 32) + F.col("position"))
    copies = ordered.withColumn("copy", F.row_number().over(Window.partitionBy("id").orderBy("order_key")))
    distinct = copies.where("copy = 1").drop("copy").persist()
    exact = copies.where("copy > 1").select(
        "input_index", "position", "source", F.col("id").alias("posting_id"), F.lit("exact").alias("kind"),
        F.col("id").alias("duplicate_of"), F.lit(None).cast("double").alias("similarity"))

    bands = distinct.select("id", "order_key", F.explode("band_keys").alias("band_key"))
    pairs = (bands.alias("a").join(bands.alias("b"), "band_key")
             .where("a.order_key < b.order_key")
             .select(F.col("a.id").alias("earlier"), F.col("b.id").alias("later"),
                     F.col("b.order_key").alias("later_order"))
             .distinct())
    signatures = distinct.select("id", "signature")
    equal = F.aggregate(F.zip_with("e.signature", "l.signature", lambda x, y: F.when(x == y, 1).otherwise(0)),
                        F.lit(0), lambda total, value: total + value)
    edges = (pairs.join(signatures.alias("e"), F.col("earlier") == F.col("e.id"))
             .join(signatures.alias("l"), F.col("later") == F.col("l.id"))
             .select("later_order", "later", "earlier",
                     (equal.cast("double") / F.size("l.signature").cast("double")).alias("similarity"))
             .where(F.col("similarity") >= threshold))
    decided = resolve_near_duplicates(tuple(row) for row in edges.collect())
    near = spark.createDataFrame(
        [(later, original, similarity) for later, (original, similarity) in decided.items()],
        "later string, duplicate_of string, similarity double")
    near_rows = (distinct.join(F.broadcast(near), distinct.id == near.later)
                 .select("input_index", "position", "source", F.col("id").alias("posting_id"),
                         F.lit("near").alias("kind"), "duplicate_of", "similarity"))
    kept = distinct.join(F.broadcast(near), distinct.id == near.later, "left_anti")
    return kept, exact.unionByName(near_rows)


# --- Trends and the market mix in Spark SQL ------------------------------------------------------

GRANULARITIES = {
    # period index from year and month, its label, periods per year (PeriodGranularity)
    "month": ("year * 12 + month - 1", "format_string('%04d-%02d', {i} DIV 12, {i} % 12 + 1)", 12),
    "quarter": ("year * 4 + (month - 1) DIV 3",
                "concat(CAST({i} DIV 4 AS STRING), '-Q', CAST({i} % 4 + 1 AS STRING))", 4),
    "year": ("year", "CAST({i} AS STRING)", 1),
}


def wilson_sql(count, total, prefix=""):
    """Share, 95% Wilson interval (z = 1.959964) as columns `prefix`share, lower, upper, computed as
    ShareEstimate does, operation for operation, so that the doubles are the same."""
    n = "CAST(%s AS DOUBLE)" % total
    p = "(CAST(%s AS DOUBLE) / %s)" % (count, n)
    z2 = "(1.959964D * 1.959964D)"
    centre = "((%(p)s + %(z2)s / (2 * %(n)s)) / (1 + %(z2)s / %(n)s))" % locals()
    half = ("(1.959964D * sqrt(%(p)s * (1 - %(p)s) / %(n)s + %(z2)s / (4 * %(n)s * %(n)s)) / (1 + %(z2)s / %(n)s))"
            % locals())
    return ("CASE WHEN {t} > 0 THEN {p} ELSE 0D END AS {x}share, "
            "CASE WHEN {t} > 0 THEN greatest(0D, {c} - {h}) ELSE 0D END AS {x}lower, "
            "CASE WHEN {t} > 0 THEN least(1D, {c} + {h}) ELSE 0D END AS {x}upper"
            ).format(t=total, p=p, c=centre, h=half, x=prefix)


def share_estimate(row, prefix=""):
    return {"count": row[prefix + "count"], "total": row[prefix + "total"], "share": row[prefix + "share"],
            "lower": row[prefix + "lower"], "upper": row[prefix + "upper"], "isSuppressed": row[prefix + "suppressed"]}


def trends(spark, granularity, minimum, top, names):
    """The skill-demand trend (TrendReport.build) over the kept postings: tables trend_cells and
    trend_skills, and the report as `jobsift trends --json` prints it. `names`: skill id -> (name,
    category) from the taxonomy."""
    index_expr, label_template, per_year = GRANULARITIES[granularity]
    support = max(1, minimum)
    spark.sql("""
        SELECT id, CASE WHEN size(parts) >= 2 AND year IS NOT NULL AND month BETWEEN 1 AND 12 THEN {index} END
               AS period_index
        FROM (SELECT id, parts, try_cast(try_element_at(parts, 1) AS BIGINT) AS year,
                     try_cast(try_element_at(parts, 2) AS BIGINT) AS month
              FROM (SELECT id, filter(split(coalesce(date_posted, ''), '-'), part -> part != '') AS parts
                    FROM postings))
        """.format(index=index_expr)).cache().createOrReplaceTempView("posting_periods")
    bounds = spark.sql("SELECT min(period_index) AS first, max(period_index) AS last, count(period_index) AS dated, "
                       "count(*) - count(period_index) AS undated FROM posting_periods").first()
    report = {"granularity": granularity, "minimumPostings": minimum, "periods": [], "totals": [], "rows": [],
              "gainers": [], "losers": [], "undated": bounds["undated"], "mixShifts": []}
    if bounds["first"] is None:
        return report, None, None
    spark.sql("""
        SELECT p.period_index, {label} AS period, coalesce(t.total, 0) AS total
        FROM (SELECT explode(sequence({first}L, {last}L)) AS period_index) p
        LEFT JOIN (SELECT period_index, count(*) AS total FROM posting_periods WHERE period_index IS NOT NULL
                   GROUP BY period_index) t ON t.period_index = p.period_index
        """.format(label=label_template.format(i="p.period_index"), first=bounds["first"], last=bounds["last"])
              ).createOrReplaceTempView("trend_periods")
    periods = spark.sql("SELECT * FROM trend_periods ORDER BY period_index").collect()
    supported = [row["period_index"] for row in periods if row["total"] >= support]
    current = supported[-1] if supported else None
    # The previous period is the latest before `current` with support: thin periods between do not hide a change.
    previous = supported[-2] if len(supported) >= 2 else None
    cells = spark.sql("""
        WITH demanded AS (
            SELECT DISTINCT s.posting_id, s.skill, p.period_index FROM posting_skills s
            JOIN posting_periods p ON p.id = s.posting_id
            WHERE s.demand IN ('required', 'preferred') AND p.period_index IS NOT NULL),
        counts AS (SELECT skill, period_index, count(*) AS count FROM demanded GROUP BY skill, period_index)
        SELECT k.skill, t.period_index, t.period, coalesce(c.count, 0) AS count, t.total,
               {wilson}, t.total < {support} AS suppressed
        FROM (SELECT DISTINCT skill FROM counts) k CROSS JOIN trend_periods t
        LEFT JOIN counts c ON c.skill = k.skill AND c.period_index = t.period_index
        """.format(wilson=wilson_sql("coalesce(c.count, 0)", "t.total"), support=support))
    cells.cache().createOrReplaceTempView("trend_cells")

    def change(base):
        """The share at the current period minus the one at period `base`, when both have support."""
        if current is None or base is None or base < bounds["first"]:
            return "CAST(NULL AS DOUBLE)"
        return ("max(CASE WHEN period_index = {c} THEN share END) - "
                "max(CASE WHEN period_index = {b} AND NOT suppressed THEN share END)"
                ).format(c=current, b=base)

    skills = spark.sql("""
        SELECT skill, overall_count, overall_total, {wilson}, overall_total < {support} AS overall_suppressed,
               change_from_previous, change_from_year_earlier
        FROM (SELECT skill, sum(count) AS overall_count, {dated}L AS overall_total,
                     {previous} AS change_from_previous, {year} AS change_from_year_earlier
              FROM trend_cells GROUP BY skill)
        """.format(wilson=wilson_sql("overall_count", "overall_total", "overall_"), support=support,
                   dated=bounds["dated"], previous=change(previous),
                   year=change(None if current is None else current - per_year)))
    skills.createOrReplaceTempView("trend_skills")

    categories = dict(spark.sql("SELECT skill, max(category) FROM posting_skills GROUP BY skill").collect())
    cell_rows = defaultdict(list)
    for row in spark.sql("SELECT * FROM trend_cells ORDER BY skill, period_index").collect():
        cell_rows[row["skill"]].append(share_estimate(row))
    rows = []
    for row in spark.sql("SELECT * FROM trend_skills ORDER BY overall_count DESC, skill").collect():
        name, category = names.get(row["skill"], (row["skill"], categories.get(row["skill"]) or ""))
        entry = {"id": row["skill"], "name": name, "category": category, "overall": share_estimate(row, "overall_"),
                 "cells": cell_rows[row["skill"]]}
        for key, column in (("changeFromPrevious", "change_from_previous"),
                            ("changeFromYearEarlier", "change_from_year_earlier")):
            if row[column] is not None:
                entry[key] = row[column]
        rows.append(entry)
    moving = [row for row in rows if "changeFromPrevious" in row]
    listed = max(3, min(5, top))
    report.update({
        "periods": [row["period"] for row in periods], "totals": [row["total"] for row in periods],
        "rows": rows[:top],
        "gainers": sorted((r for r in moving if r["changeFromPrevious"] > 0),
                          key=lambda r: (-r["changeFromPrevious"], r["id"]))[:listed],
        "losers": sorted((r for r in moving if r["changeFromPrevious"] < 0),
                         key=lambda r: (r["changeFromPrevious"], r["id"]))[:listed],
    })
    for key, index in (("current", current), ("previous", previous)):
        if index is not None:
            report[key] = next(row["period"] for row in periods if row["period_index"] == index)
    labels = {row["period_index"]: row["period"] for row in periods}
    for dimension, column in (("role", "role"), ("source", "origin")):
        mixes = defaultdict(dict)
        for row in spark.sql("""
                SELECT p.period_index, k.{column} AS stratum, count(*) AS n FROM posting_periods p
                JOIN postings k ON k.id = p.id WHERE p.period_index IS NOT NULL GROUP BY p.period_index, k.{column}
                """.format(column=column)).collect():
            mixes[row["period_index"]][row["stratum"]] = row["n"]
        report["mixShifts"] += mix_shifts([mixes[row["period_index"]] for row in periods],
                                          [labels[row["period_index"]] for row in periods], dimension, support)
    return report, cells, skills


# MixShift.threshold: from this total variation distance a period's mix counts as shifted.
MIX_SHIFT_THRESHOLD = 0.25
# MixShift.smallStratum: strata with less than this share of all postings are pooled as "(small)".
MIX_SMALL_STRATUM = 0.02


def mix_shifts(counted, periods, dimension, support):
    """MixShift.find: periods with support whose role (or source) mix is at least MIX_SHIFT_THRESHOLD
    away, in total variation distance, from the other periods' pooled mix, in the same order of
    operations so that the doubles are the same. Strata under MIX_SMALL_STRATUM of all postings
    are read as one, "(small)"."""
    every = defaultdict(int)
    for mix in counted:
        for name, count in mix.items():
            every[name] += count
    total = sum(every.values())
    small = {name for name, count in every.items() if count < MIX_SMALL_STRATUM * total}
    strata = []
    for mix in counted:
        merged = defaultdict(int)
        for name, count in mix.items():
            merged["(small)" if name in small else name] += count
        strata.append(dict(merged))
    pooled = defaultdict(int)
    for mix in strata:
        for name, count in mix.items():
            pooled[name] += count
    supported = [index for index, mix in enumerate(strata) if sum(mix.values()) >= support]
    if len(pooled) < 2 or len(supported) < 2:
        return []
    shifts = []
    for index in supported:
        mix = strata[index]
        period_total = sum(mix.values())
        other_total = total - period_total
        if other_total <= 0:
            continue
        distance = 0.0
        largest = None
        for name in sorted(pooled):
            share = mix.get(name, 0) / period_total
            elsewhere = (pooled[name] - mix.get(name, 0)) / other_total
            distance += abs(share - elsewhere) / 2
            if share - elsewhere > (largest[1] if largest else 0):
                largest = (name, share - elsewhere, share, elsewhere)
        if distance >= MIX_SHIFT_THRESHOLD and largest:
            shifts.append({"period": periods[index], "dimension": dimension, "distance": distance,
                           "largest": largest[0], "share": largest[2], "shareElsewhere": largest[3]})
    return shifts


def quantile_sql(values, q):
    """MarketStats.quantile: linear interpolation between closest ranks of a sorted array (1-based here)."""
    position = "(%sD * CAST(size(%s) - 1 AS DOUBLE))" % (q, values)
    lower = "CAST(floor(%s) AS INT)" % position
    upper = "least(%s + 1, size(%s) - 1)" % (lower, values)
    return ("(element_at({v}, {lo} + 1) + (element_at({v}, {hi} + 1) - element_at({v}, {lo} + 1)) "
            "* ({pos} - CAST({lo} AS DOUBLE)))").format(v=values, lo=lower, hi=upper, pos=position)


def market_stats(spark, top_skills, min_pair_count, top_pairs=15):
    """The market mix (MarketStats.build) over the kept postings: tables mix and salaries, and the
    figures as `jobsift stats --json` prints them."""
    total = spark.sql("SELECT count(*) FROM postings").first()[0]
    duplicates = spark.sql("SELECT count(*) FROM duplicates WHERE kind = 'near'").first()[0]
    mix = spark.sql("""
        SELECT dimension, name, count(*) AS count, CAST(count(*) AS DOUBLE) / CAST({total} AS DOUBLE) AS share
        FROM (SELECT stack(4, 'role', role, 'seniority', seniority, 'workplace', workplace, 'source', origin)
                     AS (dimension, name)
              FROM postings)
        GROUP BY dimension, name
        """.format(total=max(total, 1)))
    mix.createOrReplaceTempView("mix")
    buckets = defaultdict(list)
    for row in spark.sql("SELECT * FROM mix ORDER BY dimension, count DESC, name").collect():
        buckets[row["dimension"]].append({"name": row["name"], "count": row["count"], "share": row["share"]})
    known = sum(b["count"] for b in buckets["workplace"] if b["name"] != "unknown")
    remote = sum(b["count"] for b in buckets["workplace"] if b["name"] == "remote")

    salaries = spark.sql("""
        SELECT role, currency, period, size(midpoints) AS count, {q1} AS lowerQuartile, {q2} AS median,
               {q3} AS upperQuartile
        FROM (SELECT role, salary_currency AS currency, salary_period AS period,
                     array_sort(collect_list(CASE WHEN salary_min IS NOT NULL AND salary_max IS NOT NULL
                                                  THEN (salary_min + salary_max) / 2
                                                  ELSE coalesce(salary_min, salary_max) END)) AS midpoints
              FROM postings
              WHERE coalesce(salary_min, salary_max) IS NOT NULL AND salary_currency IS NOT NULL
                    AND salary_period IS NOT NULL
              GROUP BY role, salary_currency, salary_period)
        """.format(q1=quantile_sql("midpoints", "0.25"), q2=quantile_sql("midpoints", "0.5"),
                   q3=quantile_sql("midpoints", "0.75")))
    salaries.createOrReplaceTempView("salaries")

    spark.sql("SELECT DISTINCT posting_id, skill FROM posting_skills WHERE demand IN ('required', 'preferred')") \
        .createOrReplaceTempView("demanded_skills")
    ranked = spark.sql("SELECT skill, count(*) AS count FROM demanded_skills GROUP BY skill "
                       "ORDER BY count DESC, skill LIMIT 60").collect()
    columns = [row["skill"] for row in ranked[:top_skills]]
    demanding = defaultdict(dict)
    if columns:
        for row in spark.sql("""
                SELECT p.role, s.skill, count(*) AS count FROM postings p
                JOIN demanded_skills s ON s.posting_id = p.id AND s.skill IN ({columns}) GROUP BY p.role, s.skill
                """.format(columns=", ".join("'%s'" % skill.replace("'", "''") for skill in columns))).collect():
            demanding[row["role"]][row["skill"]] = row["count"]
    role_skills = [{"role": bucket["name"], "postings": bucket["count"],
                    "shares": [demanding[bucket["name"]].get(skill, 0) / bucket["count"] for skill in columns]}
                   for bucket in buckets["role"]]
    candidates = [row["skill"] for row in ranked if row["count"] >= min_pair_count]
    pairs = []
    if candidates:
        pairs = [row.asDict() for row in spark.sql("""
            WITH counts AS (SELECT skill, count(*) AS count FROM demanded_skills GROUP BY skill),
            chosen AS (SELECT * FROM demanded_skills WHERE skill IN ({candidates}))
            SELECT a.skill AS first, b.skill AS second, count(*) AS count,
                   CAST(count(*) AS DOUBLE) * CAST({total} AS DOUBLE)
                   / (CAST(max(ca.count) AS DOUBLE) * CAST(max(cb.count) AS DOUBLE)) AS lift
            FROM chosen a JOIN chosen b ON a.posting_id = b.posting_id AND a.skill < b.skill
            JOIN counts ca ON ca.skill = a.skill JOIN counts cb ON cb.skill = b.skill
            GROUP BY a.skill, b.skill HAVING count(*) >= {minimum}
            ORDER BY lift DESC, first, second LIMIT {top}
            """.format(candidates=", ".join("'%s'" % s.replace("'", "''") for s in candidates), total=total,
                       minimum=min_pair_count, top=top_pairs)).collect()]
    stats = {
        "postings": total, "duplicatesLeftOut": duplicates, "roles": buckets["role"],
        "seniority": buckets["seniority"], "workplace": buckets["workplace"], "sources": buckets["source"],
        "salaries": [row.asDict() for row in
                     spark.sql("SELECT * FROM salaries ORDER BY role, currency, period").collect()],
        "matrixSkills": columns, "roleSkills": role_skills, "pairs": pairs,
    }
    if known:
        stats["remoteShareOfKnown"] = remote / known
    return stats, mix, salaries


# --- Main -----------------------------------------------------------------------------------------

def hadoop_path(spark, uri):
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    return path, path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())


def write_text(spark, uri, text):
    """Writes a small text file through Hadoop's FileSystem, so --out may be local, hdfs:// or s3a://."""
    path, fs = hadoop_path(spark, uri)
    stream = fs.create(path, True)
    stream.write(bytearray(text.encode("utf-8")))
    stream.close()


def skill_names(binary_name):
    """Skill id -> (name, category) from the shipped taxonomy, as `jobsift taxonomy --json` prints it;
    empty when the binary cannot run on the driver (the report then shows skill ids)."""
    try:
        environment = dict(os.environ, JOBSIFT_MODELS=shipped(MODELS_NAME))
        done = subprocess.run([shipped(binary_name), "taxonomy", "--json"], stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=environment, check=True,
                              timeout=120)
        return {skill["id"]: (skill["name"], skill["category"]) for skill in json.loads(done.stdout)["skills"]}
    except (OSError, subprocess.SubprocessError, ValueError, KeyError):
        return {}


def parse_options(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", required=True, help="text file listing input paths, one a line (any Hadoop path)")
    parser.add_argument("--out", required=True, help="folder for the tables (any Hadoop path): new, empty, "
                                                      "or the output of an earlier run, which is replaced")
    parser.add_argument("--binary", help="the jobsift binary to ship (default: shipped with --files as 'jobsift')")
    parser.add_argument("--models", help="models folder or .tar.gz of it (default: shipped with "
                                         "--archives models.tar.gz#jobsift-models)")
    parser.add_argument("--all-pages", action="store_true",
                        help="also pages without a JobPosting (jobsift stream --all-pages)")
    parser.add_argument("--text", action="store_true", help="keep each posting's text in the postings table")
    parser.add_argument("--by", choices=sorted(GRANULARITIES), default="quarter", help="trend periods")
    parser.add_argument("--min-postings", type=int, default=20, help="periods with fewer postings are too small")
    parser.add_argument("--top", type=int, default=15, help="skills in trends.json, by overall count")
    parser.add_argument("--top-skills", type=int, default=8, help="skills in the role x skill matrix")
    parser.add_argument("--min-pair-count", type=int, default=5, help="postings a skill pair needs for its lift")
    parser.add_argument("--file-timeout", type=int, default=0, help="kill jobsift after this many seconds on one "
                                                                      "input (0: never)")
    options = parser.parse_args(argv)
    if options.min_postings < 1 or options.top < 1 or options.top_skills < 1 or options.min_pair_count < 1:
        parser.error("--min-postings, --top, --top-skills and --min-pair-count are at least 1")
    return options


def prepare_out(spark, out):
    """Empties --out when it holds an earlier run of this job (run.json, or _streamed of a run that
    stopped); refuses any other folder that is not empty, so that no one's data is deleted by a typo."""
    path, fs = hadoop_path(spark, out)
    if not fs.exists(path):
        return
    if fs.exists(hadoop_path(spark, out + "/run.json")[0]) or fs.exists(hadoop_path(spark, out + "/_streamed")[0]):
        fs.delete(path, True)
    elif fs.listStatus(path):
        raise SystemExit("jobsift_job: %s exists and is not the output of an earlier run; give an empty or new folder"
                         % out)


def write_tables(spark, streamed, out, keep_text):
    """Deduplicates the streamed postings and writes the tables; returns the row count of each."""
    postings = streamed.where("kind = 'posting'").select("input_index", "position", "posting.*")
    if not keep_text:
        postings = postings.drop("text")
    kept, duplicates = deduplicate(spark, postings, NEAR_DUPLICATE_THRESHOLD)
    kept = kept.drop("order_key").persist()
    failures = streamed.where("kind = 'failure'").select("input_index", "path", "failure.*").orderBy("input_index")
    tables = {
        "postings": kept.drop("role_scores", "skills").orderBy("input_index", "position"),
        "posting_skills": kept.select(F.col("id").alias("posting_id"), F.explode("skills").alias("s"))
        .select("posting_id", "s.*"),
        "role_scores": kept.select(F.col("id").alias("posting_id"),
                                   F.explode("role_scores").alias("role", "probability")),
        "duplicates": duplicates.orderBy("input_index", "position"),
        "failures": failures,
        "files": streamed.where("kind = 'file'").select("input_index", "path", "file.*").orderBy("input_index"),
    }
    for name, table in tables.items():
        table.write.mode("overwrite").parquet(out + "/" + name)
    failures.coalesce(1).write.mode("overwrite").option("header", True).csv(out + "/failures_csv")
    return {name: spark.read.parquet(out + "/" + name).count() for name in tables}


def counts_text(counts):
    """{"pages": 86, "other_records": {"request": 89}} as "pages 86, other records (request 89)"."""
    return ", ".join("%s %s" % (key.replace("_", " "),
                                "(%s)" % counts_text(value) if isinstance(value, dict) else value)
                     for key, value in sorted(counts.items()))


def print_summary(spark, out, counts, report, stats):
    print("tables in %s: %s" % (out, ", ".join("%s %d" % item for item in counts.items())))
    files = spark.read.parquet(out + "/files").orderBy("input_index").collect()
    statuses = defaultdict(int)
    for row in files:
        statuses[row["status"]] += 1
    print("input files: " + ", ".join("%s %d" % item for item in sorted(statuses.items())))
    for row in files[:20]:
        for reported in map(json.loads, row["warc_summaries"] or []):
            summary = reported.get("summary", {})
            print("  %s: %s" % (reported.get("warc"), counts_text(summary)))
    for row in spark.read.parquet(out + "/failures").orderBy("input_index").limit(20).collect():
        print("  failed: %s: %s" % (row["source"], row["reason"]))
    if counts["failures"] > 20:
        print("  ... and %d more in %s/failures" % (counts["failures"] - 20, out))
    print("role mix (%d postings, %d near-duplicates left out):" % (stats["postings"], stats["duplicatesLeftOut"]))
    for bucket in stats["roles"]:
        print("  %-28s %6d  %5.1f%%" % (bucket["name"], bucket["count"], 100 * bucket["share"]))
    periods = report["periods"][-5:]
    print("skill trends, share of %s postings (%s = under %d postings; %d undated):"
          % (report["granularity"], "·", report["minimumPostings"], report["undated"]))
    print("  %-28s" % "skill" + "".join("%9s" % period for period in periods))
    print("  %-28s" % "postings" + "".join("%9d" % total for total in report["totals"][-5:]))
    for row in report["rows"][:10]:
        cells = row["cells"][-5:]
        print("  %-28s" % row["name"][:28] + "".join(
            "%9s" % ("·" if cell["isSuppressed"] else "%.1f%%" % (100 * cell["share"])) for cell in cells))
    if "current" in report:
        print("  changes read at %s, in points from %s:" % (report["current"], report.get("previous", "the period before")))
        for label, movers in (("rising", report["gainers"]), ("falling", report["losers"])):
            print("  %-8s %s" % (label + ":", ", ".join("%s %+.1f" % (r["name"], 100 * r["changeFromPrevious"])
                                                        for r in movers) or "-"))


def main(argv=None):
    options = parse_options(argv)
    spark = SparkSession.builder.appName("jobsift").getOrCreate()
    out = options.out.rstrip("/")
    work = tempfile.mkdtemp(prefix="jobsift-driver-")
    try:
        prepare_out(spark, out)
        laps = [("start", time.time())]
        paths = read_input_list(spark, options.inputs)
        log("%d inputs listed in %s" % (len(paths), options.inputs))
        binary_name = ship(spark, options.binary, options.models, work)
        settings = {
            "binary": binary_name, "file_timeout": options.file_timeout,
            "stream_flags": (["--all-pages"] if options.all_pages else []) + (["--text"] if options.text else []),
            "hadoop_settings": {key[len("spark.hadoop."):]: value
                                for key, value in spark.sparkContext.getConf().getAll()
                                if key.startswith("spark.hadoop.")},
        }
        streamed = stream_all(spark, paths, settings, out + "/_streamed")
        totals = streamed.agg(F.count(F.when(F.col("kind") == "posting", 1)).alias("postings"),
                              F.sum("file.seconds").alias("task_seconds")).first()
        streamed_postings = totals["postings"]
        laps.append(("stream", time.time()))
        log("streamed %d postings from %d inputs in %.1f s" % (streamed_postings, len(paths), laps[-1][1] - laps[0][1]))

        counts = write_tables(spark, streamed, out, options.text)
        laps.append(("deduplicate_and_write", time.time()))
        log("deduplicated and written in %.1f s" % (laps[-1][1] - laps[-2][1]))

        for name in ("postings", "posting_skills", "duplicates"):
            spark.read.parquet(out + "/" + name).cache().createOrReplaceTempView(name)
        report, cells, skills = trends(spark, options.by, options.min_postings, options.top, skill_names(binary_name))
        for name, table in (("trend_cells", cells), ("trend_skills", skills)):
            if table is not None:
                table.write.mode("overwrite").parquet(out + "/" + name)
        stats, mix, salaries = market_stats(spark, options.top_skills, options.min_pair_count)
        mix.write.mode("overwrite").parquet(out + "/mix")
        salaries.write.mode("overwrite").parquet(out + "/salaries")
        write_text(spark, out + "/trends.json", json.dumps(report, indent=2, sort_keys=True) + "\n")
        write_text(spark, out + "/stats.json", json.dumps(stats, indent=2, sort_keys=True) + "\n")
        path, fs = hadoop_path(spark, out + "/_streamed")
        fs.delete(path, True)
        laps.append(("trends_and_stats", time.time()))
        log("trends and stats in %.1f s; done in %.1f s" % (laps[-1][1] - laps[-2][1], laps[-1][1] - laps[0][1]))
        # Seconds of each phase on the driver's clock, and "tasks": the sum of the tasks' own time on
        # their inputs (over the streaming stage's seconds: how many cores were busy).
        run = {"inputs": len(paths), "streamed_postings": streamed_postings, "tables": counts,
               "seconds": dict([(name, round(end - begin, 3)) for (_, begin), (name, end) in zip(laps, laps[1:])]
                               + [("total", round(laps[-1][1] - laps[0][1], 3)),
                                  ("tasks", round(totals["task_seconds"] or 0, 3))])}
        write_text(spark, out + "/run.json", json.dumps(run, indent=2, sort_keys=True) + "\n")
        print_summary(spark, out, counts, report, stats)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        spark.stop()


if __name__ == "__main__":
    main()
