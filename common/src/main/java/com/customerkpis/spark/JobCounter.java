package com.customerkpis.spark;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;

/** Counts Spark jobs started while registered, to prove scans are shared. */
public final class JobCounter extends SparkListener implements AutoCloseable {
  private final SparkSession spark;
  private final AtomicInteger jobs = new AtomicInteger();

  private JobCounter(SparkSession spark) {
    this.spark = spark;
  }

  /** Registers a new counter on the session's listener bus. */
  public static JobCounter start(SparkSession spark) {
    JobCounter c = new JobCounter(spark);
    spark.sparkContext().addSparkListener(c);
    return c;
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    jobs.incrementAndGet();
  }

  /** Jobs seen so far; waits for the listener bus to drain first. */
  public int jobs() {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("listener bus did not drain in 10 s", e);
    }
    return jobs.get();
  }

  @Override
  public void close() {
    spark.sparkContext().removeSparkListener(this);
  }
}
