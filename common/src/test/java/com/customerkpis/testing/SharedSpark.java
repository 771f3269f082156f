package com.customerkpis.testing;

import com.customerkpis.spark.SparkSessions;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The one local SparkSession shared by every test in the forked JVM. */
public final class SharedSpark {
  /**
   * System property switching Spark's ANSI mode for the whole suite ({@code true} or
   * {@code false}; unset keeps Spark's default): {@code mvn -B verify -Dkpi.test.ansi=true}.
   */
  public static final String ANSI_PROPERTY = "kpi.test.ansi";

  private static SparkSession spark;

  private SharedSpark() {}

  /** The shared session: local[2], UI off, few shuffle partitions, Delta configured. */
  public static synchronized SparkSession get() {
    if (spark == null) {
      System.setProperty("spark.master", System.getProperty("spark.master", "local[2]"));
      Map<String, String> conf = new HashMap<>(Map.of(
          "spark.ui.enabled", "false",
          "spark.sql.shuffle.partitions", "2",
          "spark.default.parallelism", "2",
          "spark.sql.adaptive.coalescePartitions.enabled", "true",
          "spark.databricks.delta.snapshotPartitions", "2",
          "spark.sql.sources.parallelPartitionDiscovery.parallelism", "2"));
      String ansi = System.getProperty(ANSI_PROPERTY, "").trim();
      if (!ansi.isEmpty()) {
        conf.put("spark.sql.ansi.enabled", String.valueOf(Boolean.parseBoolean(ansi)));
      }
      spark = SparkSessions.getOrCreate("customer-kpis-tests", conf);
      spark.sparkContext().setLogLevel("WARN");
    }
    return spark;
  }
}
