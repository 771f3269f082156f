# Shared helpers of the scripts (sourced, not run). Expects ROOT to be the repository root.

# The Spark line every script works with: KPI_SPARK_LINE=3.5 (default; Scala 2.12, Delta 3.3,
# built by `mvn …`) or 4.0 (Scala 2.13, Delta 4.0, built by `mvn -Pspark4 …` into spark4/*/target).
SPARK_LINE=${KPI_SPARK_LINE:-3.5}
case $SPARK_LINE in
  3.5) LINE_POM="$ROOT/pom.xml" LINE_MVN=() SCALA_BINARY=2.12
       JOBS_TARGET="$ROOT/jobs/target" JOBS_ARTIFACT=kpis-jobs ;;
  4.0) LINE_POM="$ROOT/spark4/pom.xml" LINE_MVN=(-Pspark4) SCALA_BINARY=2.13
       JOBS_TARGET="$ROOT/spark4/jobs/target" JOBS_ARTIFACT=kpis-jobs-spark4 ;;
  *) echo "KPI_SPARK_LINE must be 3.5 or 4.0, not '$SPARK_LINE'" >&2; exit 2 ;;
esac
export KPI_SPARK_LINE=$SPARK_LINE
KPI_VERSION=0.1.0-SNAPSHOT
JOBS_JAR="$JOBS_TARGET/$JOBS_ARTIFACT-$KPI_VERSION.jar"
# The cluster jars: Delta inside, and without Delta (for platforms that bring their own).
CLUSTER_JAR="$JOBS_TARGET/$JOBS_ARTIFACT-$KPI_VERSION-spark$SPARK_LINE-cluster.jar"
CLUSTER_NODELTA_JAR="$JOBS_TARGET/$JOBS_ARTIFACT-$KPI_VERSION-spark$SPARK_LINE-cluster-nodelta.jar"
CP_FILE="$JOBS_TARGET/classpath.txt"
BUILT_STAMP="$JOBS_TARGET/.built"

# Builds the line (without tests) when the jar is missing or older than any source or conf file.
# `package`, not `install`: the reactor resolves common from its target/, and a shared local
# Maven repository is left alone.
ensure_built() {
  # The jar plugin keeps an unchanged jar's old mtime, so a stamp file marks the last build.
  if [ ! -f "$JOBS_JAR" ] || [ ! -f "$CP_FILE" ] || [ ! -f "$BUILT_STAMP" ] || \
     [ -n "$(find "$ROOT/pom.xml" "$ROOT/common" "$ROOT/jobs/pom.xml" "$ROOT/jobs/src" "$ROOT/conf" \
             "$ROOT/spark4" -newer "$BUILT_STAMP" -type f -not -path '*/target/*' -print -quit \
             2>/dev/null)" ]; then
    echo "building customer-kpis for Spark $SPARK_LINE (mvn ${LINE_MVN[*]} -DskipTests package)…" >&2
    (cd "$ROOT" && mvn -B -q "${LINE_MVN[@]}" -DskipTests package) >&2
    touch "$BUILT_STAMP"
  fi
}

# Spark's Java 17 module options (org.apache.spark.launcher.JavaModuleOptions) of the line.
java17_opens() {
  sed -n 's:.*<spark.java17.opens>\(.*\)</spark.java17.opens>.*:\1:p' "$LINE_POM"
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
