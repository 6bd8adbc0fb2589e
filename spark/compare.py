"""Compares the Spark job's results with `jobsift analyze` + `trends --json` + `stats --json` on the same
inputs, number for number, and prints a PASS or FAIL line per comparison and a diff for each failure.

    python3 spark/compare.py --cli DIR --spark OUT

DIR holds what the single-machine run wrote: analyze.json (`analyze --json`), analyze.err (its
standard error), export.jsonl
(`export --format jsonl --include-duplicates`), trends.json (`trends --json --top 10000`) and
stats.json (`stats --json`). OUT is the Spark job's --out folder. Exits 0 when all is equal, 1 otherwise.
"""

import argparse
import json
import os
import sys

from pyspark.sql import SparkSession

# Fields of each kept posting that the stream record and the store must agree on.
POSTING_FIELDS = ["source", "origin", "title", "company", "location", "workplace", "employment_type", "date_posted",
                  "valid_through", "salary_min", "salary_max", "salary_currency", "salary_period", "language",
                  "role", "role_probability", "role_uncertain", "second_role", "seniority", "years_min", "years_max",
                  "required_skills", "preferred_skills", "model_version", "taxonomy_version"]


def differences(expected, actual, path="", found=None):
    """Every place where two JSON values differ, as (path, expected, actual); numbers must be equal exactly."""
    found = [] if found is None else found
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(set(expected) | set(actual)):
            differences(expected.get(key, "<absent>"), actual.get(key, "<absent>"), "%s.%s" % (path, key), found)
    elif isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            found.append((path + "[len]", len(expected), len(actual)))
        for index, (left, right) in enumerate(zip(expected, actual)):
            differences(left, right, "%s[%d]" % (path, index), found)
    elif isinstance(expected, bool) != isinstance(actual, bool) or expected != actual:
        # 2 and 2.0 are the same number (JSON does not tell them apart), True and 1 are not.
        found.append((path, expected, actual))
    return found


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, found, summary=""):
        """Prints PASS or FAIL for `name`; `found` lists the differences (at most 15 are shown)."""
        if found:
            self.failed += 1
            print("FAIL %s: %d difference%s%s" % (name, len(found), "" if len(found) == 1 else "s",
                                                   " (%s)" % summary if summary else ""))
            for path, expected, actual in found[:15]:
                print("     %s: jobsift %s, spark %s" % (path, json.dumps(expected), json.dumps(actual)))
            if len(found) > 15:
                print("     ... and %d more" % (len(found) - 15))
        else:
            self.passed += 1
            print("PASS %s%s" % (name, " (%s)" % summary if summary else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cli", required=True, help="folder with analyze.json, export.jsonl, trends.json, stats.json")
    parser.add_argument("--spark", required=True, help="the Spark job's --out folder")
    args = parser.parse_args()

    def load(name, folder=args.cli):
        with open(os.path.join(folder, name), encoding="utf-8") as stream:
            return json.load(stream)

    analyzed = load("analyze.json")
    with open(os.path.join(args.cli, "export.jsonl"), encoding="utf-8") as lines:
        exported = [json.loads(line) for line in lines if line.strip()]
    stored = [record for record in exported if record.get("duplicate_of") is None]
    near_stored = {record["id"]: record["duplicate_of"] for record in exported if record.get("duplicate_of")}

    spark = (SparkSession.builder.appName("jobsift-compare").config("spark.ui.showConsoleProgress", "false")
             .config("spark.log.level", "ERROR").getOrCreate())
    try:
        kept = [row.asDict() for row in spark.read.parquet(args.spark + "/postings")
                .orderBy("input_index", "position").collect()]
        duplicates = spark.read.parquet(args.spark + "/duplicates").collect()
        inputs = [row["path"] for row in spark.read.parquet(args.spark + "/files").orderBy("input_index").collect()]
        failed_spark = {row["path"] for row in spark.read.parquet(args.spark + "/failures").collect()}
    finally:
        spark.stop()
    near_spark = {row["posting_id"]: row["duplicate_of"] for row in duplicates if row["kind"] == "near"}
    exact_spark = sum(1 for row in duplicates if row["kind"] == "exact")

    checks = Checks()
    stored_ids, kept_ids = [r["id"] for r in stored], [r["id"] for r in kept]
    checks.check("kept postings: the same ids in the same order",
                 [("[%d]" % i, a, b) for i, (a, b) in enumerate(zip(stored_ids, kept_ids)) if a != b]
                 + ([("[len]", len(stored_ids), len(kept_ids))] if len(stored_ids) != len(kept_ids) else []),
                 "%d postings" % len(stored_ids))
    counts = analyzed["counts"]
    exact_cli = counts["exactDuplicates"] + counts["alreadyStored"]
    checks.check("exact duplicates left out", differences(exact_cli, exact_spark, "count"), "%d" % exact_cli)
    checks.check("near-duplicates and the original each is a copy of", differences(near_stored, near_spark),
                 "%d near-duplicates" % len(near_stored))
    by_id = {record["id"]: record for record in kept}
    field_differences = []
    for record in stored:
        mine = by_id.get(record["id"])
        if mine is not None:
            for field in POSTING_FIELDS:
                differences(record.get(field), mine.get(field), "%s.%s" % (record["id"], field), field_differences)
    checks.check("each kept posting's fields (role, seniority, skills, date, salary, ...)", field_differences)
    with open(os.path.join(args.cli, "analyze.err"), encoding="utf-8", errors="replace") as lines:
        named = [line[len("jobsift: "):] for line in lines if line.startswith("jobsift: ")]
    failed_cli = {path for path in inputs if any(line.startswith(path + ":") for line in named)}
    checks.check("inputs with something unreadable: the same inputs named",
                 differences(sorted(failed_cli), sorted(failed_spark), "inputs"),
                 ", ".join(os.path.basename(path) for path in sorted(failed_cli)))
    spark_stats = load("stats.json", args.spark)
    checks.check("role counts (analyze's summary)",
                 differences(analyzed["roles"], {b["name"]: b["count"] for b in spark_stats["roles"]}),
                 ", ".join("%s %d" % item for item in sorted(analyzed["roles"].items(), key=lambda i: -i[1])[:4])
                 + ", ...")
    trends = load("trends.json")
    checks.check("trends --json: every period, total, cell (count, total, share, interval), change and mover",
                 differences(trends, load("trends.json", args.spark)),
                 "%d skills x %d periods" % (len(trends["rows"]), len(trends["periods"])))
    checks.check("stats --json: role, seniority and workplace mix, salaries, role x skill matrix, skill pairs",
                 differences(load("stats.json"), spark_stats), "%d postings" % spark_stats["postings"])
    print("spark-check: %d passed, %d failed" % (checks.passed, checks.failed))
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
