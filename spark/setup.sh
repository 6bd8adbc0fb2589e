# Sourced by scripts/spark-demo and scripts/spark-check (from the repository root): makes sure a Java
# runtime (17 or later, for Spark 4) and a Python with PySpark and warcio are there, installing only
# what is missing, then defines `spark_submit` (spark-submit of that PySpark, in local mode, quiet).
#   SPARK_PYTHON   the Python that has them: python3 when it does, else .build-spark-venv/bin/python

spark_java_major() {
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\)\.\{0,1\}\([0-9]*\).*/\1 \2/p' | head -1 \
    | awk '{ print ($1 == 1) ? $2 : $1 }'
}

if ! command -v java >/dev/null 2>&1 || [ "$(spark_java_major)" -lt 17 ]; then
  echo "spark: installing a Java runtime (default-jre-headless)" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq default-jre-headless >/dev/null
fi

spark_python_ready() {
  "$1" -c 'import sys, pyspark, warcio; sys.exit(tuple(map(int, pyspark.__version__.split(".")[:2])) < (3, 5))' \
    2>/dev/null
}

if spark_python_ready python3; then
  SPARK_PYTHON="$(command -v python3)"
else
  SPARK_PYTHON="$PWD/.build-spark-venv/bin/python"
  if ! spark_python_ready "$SPARK_PYTHON"; then
    echo "spark: installing PySpark and warcio into .build-spark-venv" >&2
    [ -x "$SPARK_PYTHON" ] || python3 -m venv .build-spark-venv
    "$SPARK_PYTHON" -m pip install -q --disable-pip-version-check "pyspark==4.3.0" "warcio==1.8.1"
  fi
fi
export PYSPARK_PYTHON="$SPARK_PYTHON" PYSPARK_DRIVER_PYTHON="$SPARK_PYTHON"

# spark_submit MASTER ARGS...: runs spark-submit in local mode with few shuffle partitions (the
# inputs here are small) and Spark's own log at warnings only.
spark_submit() {
  local master="$1"
  shift
  "$("$SPARK_PYTHON" -c 'from pyspark.find_spark_home import _find_spark_home; print(_find_spark_home())')/bin/spark-submit" \
    --master "$master" --conf spark.sql.shuffle.partitions=4 --conf spark.log.level=WARN \
    --conf spark.ui.enabled=false --conf spark.ui.showConsoleProgress=false "$@"
}
