package com.customerkpis.spark;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one place that builds a SparkSession: Delta configured, {@link OnePassAggregates} added,
 * master left to the launcher.
 */
public final class SparkSessions {
  private SparkSessions() {}

  /** Master used only when neither spark-submit nor the caller set {@code spark.master}. */
  public static final String LOCAL_DEFAULT_MASTER = "local[*]";

  /**
   * Gets or creates the session. {@code extra} settings apply only where the launcher did not
   * set the key already, so {@code spark-submit --conf} always wins.
   */
  public static SparkSession getOrCreate(String appName, Map<String, String> extra) {
    SparkConf conf = new SparkConf();
    if (!conf.contains("spark.master")) {
      conf.setMaster(LOCAL_DEFAULT_MASTER);
    }
    setIfAbsent(conf, "spark.app.name", appName);
    setIfAbsent(conf, "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    setIfAbsent(conf, "spark.sql.catalog.spark_catalog",
        "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    // Instants are mapped to the business zone explicitly (TimeColumns); the session zone must be
    // UTC so that TIMESTAMP_NTZ inputs read as UTC and to_date() of shifted values is exact.
    conf.set("spark.sql.session.timeZone", "UTC");
    setIfAbsent(conf, "spark.sql.adaptive.enabled", "true");
    setIfAbsent(conf, "spark.sql.parquet.datetimeRebaseModeInRead", "CORRECTED");
    setIfAbsent(conf, "spark.sql.parquet.int96RebaseModeInRead", "CORRECTED");
    setIfAbsent(conf, "spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED");
    setIfAbsent(conf, "spark.sql.parquet.int96RebaseModeInWrite", "CORRECTED");
    setIfAbsent(conf, "spark.databricks.delta.schema.autoMerge.enabled", "false");
    if (conf.get("spark.master").startsWith("local")) {
      // Delta rebuilds a table's state from its log with this many tasks after every commit (50
      // by default, sized for clusters); the KPI tables' logs are small, and on a laptop's few
      // cores 50 tiny tasks cost about a second per table written.
      setIfAbsent(conf, "spark.databricks.delta.snapshotPartitions", "2");
      // Local files' modes set in the JVM rather than by a chmod process per file written.
      setIfAbsent(conf, "spark.hadoop." + InProcessLocalFileSystem.FS_KEY,
          InProcessLocalFileSystem.class.getName());
      setIfAbsent(conf, "spark.hadoop." + InProcessLocalFileSystem.ABSTRACT_FS_KEY,
          InProcessLocalFileSystem.Fs.class.getName());
    }
    for (Map.Entry<String, String> e : extra.entrySet()) {
      setIfAbsent(conf, e.getKey(), e.getValue());
    }
    // Aggregations over input already partitioned by their keys run in one pass, not two.
    return SparkSession.builder().config(conf).withExtensions(new OnePassAggregates.Extension())
        .getOrCreate();
  }

  private static void setIfAbsent(SparkConf conf, String key, String value) {
    if (!conf.contains(key)) {
      conf.set(key, value);
    }
  }
}
