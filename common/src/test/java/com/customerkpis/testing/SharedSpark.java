package com.customerkpis.testing;

import com.customerkpis.spark.SparkSessions;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The one local SparkSession shared by every test in the forked JVM. */
public final class SharedSpark {
  private static SparkSession spark;

  private SharedSpark() {}

  /** The shared session: local[2], UI off, few shuffle partitions, Delta configured. */
  public static synchronized SparkSession get() {
    if (spark == null) {
      System.setProperty("spark.master", System.getProperty("spark.master", "local[2]"));
      spark = SparkSessions.getOrCreate("customer-kpis-tests", Map.of(
          "spark.ui.enabled", "false",
          "spark.sql.shuffle.partitions", "2",
          "spark.default.parallelism", "2",
          "spark.sql.adaptive.coalescePartitions.enabled", "true",
          "spark.databricks.delta.snapshotPartitions", "2",
          "spark.sql.sources.parallelPartitionDiscovery.parallelism", "2"));
      spark.sparkContext().setLogLevel("WARN");
    }
    return spark;
  }
}
