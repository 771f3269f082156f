package com.customerkpis.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the named stages of a run: labels their Spark jobs with a job group (so the Spark UI and
 * cancellation see which stage a job belongs to), restores the caller's label afterwards, and
 * adds up each stage's wall time.
 */
public final class Stages {
  private static final String GROUP = "spark.jobGroup.id";
  private static final String DESCRIPTION = "spark.job.description";

  private final SparkSession spark;
  private final Map<String, Double> seconds = new LinkedHashMap<>();

  /** Stages of one run on {@code spark}. */
  public Stages(SparkSession spark) {
    this.spark = spark;
  }

  /** Runs {@code body} as stage {@code name}; a stage run twice adds its times. */
  public <T> T run(String name, String description, Supplier<T> body) {
    SparkContext sc = spark.sparkContext();
    String group = sc.getLocalProperty(GROUP);
    String desc = sc.getLocalProperty(DESCRIPTION);
    sc.setJobGroup(name, description, false);
    long t0 = System.nanoTime();
    try {
      return body.get();
    } finally {
      synchronized (seconds) {
        seconds.merge(name, (System.nanoTime() - t0) / 1e9, Double::sum);
      }
      if (group == null) {
        sc.clearJobGroup();
      } else {
        sc.setJobGroup(group, desc, false);
      }
    }
  }

  /** Runs {@code body} as stage {@code name}. */
  public void run(String name, String description, Runnable body) {
    run(name, description, () -> {
      body.run();
      return null;
    });
  }

  /** Seconds per stage so far, rounded to 10 ms, in the order the stages first ran. */
  public Map<String, Double> seconds() {
    synchronized (seconds) {
      Map<String, Double> out = new LinkedHashMap<>();
      seconds.forEach((k, v) -> out.put(k, Math.round(v * 100) / 100.0));
      return out;
    }
  }
}
