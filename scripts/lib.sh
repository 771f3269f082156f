# Shared helpers of the scripts (sourced, not run). Expects ROOT to be the repository root.

JOBS_JAR="$ROOT/jobs/target/kpis-jobs-0.1.0-SNAPSHOT.jar"
CP_FILE="$ROOT/jobs/target/classpath.txt"
BUILT_STAMP="$ROOT/jobs/target/.built"

# Builds (without tests) when the jar is missing or older than any source or conf file.
ensure_built() {
  # The jar plugin keeps an unchanged jar's old mtime, so a stamp file marks the last build.
  if [ ! -f "$JOBS_JAR" ] || [ ! -f "$CP_FILE" ] || [ ! -f "$BUILT_STAMP" ] || \
     [ -n "$(find "$ROOT/pom.xml" "$ROOT/common" "$ROOT/jobs/pom.xml" "$ROOT/jobs/src" "$ROOT/conf" \
             -newer "$BUILT_STAMP" -type f -not -path '*/target/*' -print -quit 2>/dev/null)" ]; then
    echo "building customer-kpis (mvn -DskipTests install)…" >&2
    (cd "$ROOT" && mvn -B -q -DskipTests install) >&2
    touch "$BUILT_STAMP"
  fi
}

# Spark's Java 17 module options (org.apache.spark.launcher.JavaModuleOptions), from the root pom.
java17_opens() {
  sed -n 's:.*<spark.java17.opens>\(.*\)</spark.java17.opens>.*:\1:p' "$ROOT/pom.xml"
}

# conf/spark-defaults.conf lines "key value" as -Dkey=value (SparkConf reads spark.* properties).
spark_defaults_props() {
  [ -f "$1" ] || return 0
  grep -Ev '^\s*(#|$)' "$1" | awk '{k=$1; $1=""; sub(/^ +/, ""); printf "-D%s=%s ", k, $0}'
}

# The jobs jar plus its compile and provided dependencies (Spark included).
local_classpath() {
  echo "$JOBS_JAR:$(cat "$CP_FILE")"
}

# Runs a helper of the ops scripts (com.customerkpis.ops.OpsTool, test classes) in local mode.
ops_tool() {
  java $(java17_opens) -Xmx1g -XX:+UseParallelGC -Dspark.master='local[2]' \
    -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
    -cp "$ROOT/jobs/target/test-classes:$(local_classpath)" com.customerkpis.ops.OpsTool "$@"
}

# A TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    if ! (: < "/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
}
