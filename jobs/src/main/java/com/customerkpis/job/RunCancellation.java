package com.customerkpis.job;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.sql.SparkSession;

/**
 * A shutdown hook for the length of one run. On SIGTERM or SIGINT it runs before Spark's own
 * hook stops the SparkContext: it cancels the running Spark jobs (an uncommitted Delta write
 * leaves its table at the last committed version), waits for the run to record itself as
 * {@code cancelled} in {@code _runs} and print its summary, then prints one last line.
 */
public final class RunCancellation implements AutoCloseable {
  /** Above Spark's hook (FileSystem's priority + 30), so Spark is still usable while it runs. */
  static final int PRIORITY = 100;
  /** How long the hook waits for the run to record itself before letting the JVM go. */
  static final long WAIT_SECONDS = 25;

  private final String runId;
  private final AtomicBoolean requested = new AtomicBoolean();
  private final CountDownLatch recorded = new CountDownLatch(1);
  private final Runnable hook;

  private RunCancellation(SparkSession spark, String runId) {
    this.runId = runId;
    this.hook = () -> {
      requested.set(true);
      // What Spark logs from here on (aborted writers, killed tasks) is the stop's consequence,
      // hundreds of lines that would bury the one line that says what happened.
      spark.sparkContext().setLogLevel("OFF");
      spark.sparkContext().cancelAllJobs();
      boolean done;
      try {
        done = recorded.await(WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        done = false;
      }
      System.out.flush();
      System.err.println("cancelled: run " + runId + " stopped by a shutdown signal (SIGTERM/"
          + "SIGINT); " + (done ? "recorded in _runs as cancelled" : "not recorded in _runs "
          + "(it did not stop within " + WAIT_SECONDS + " s)") + "; every table keeps its last "
          + "committed version, re-run the same command to complete it");
      System.err.flush();
    };
  }

  /** Installs the hook for a run; close it when the run is over. */
  public static RunCancellation install(SparkSession spark, String runId) {
    RunCancellation c = new RunCancellation(spark, runId);
    ShutdownHookManager.get().addShutdownHook(c.hook, PRIORITY, WAIT_SECONDS + 5,
        TimeUnit.SECONDS);
    return c;
  }

  /** True once a shutdown signal asked the run to stop. */
  public boolean requested() {
    return requested.get();
  }

  /** Throws when a stop was requested (checked between KPIs, so no new work starts). */
  public void throwIfRequested() {
    if (requested()) {
      throw new RunCancelledException(message(), null);
    }
  }

  /** The error recorded for a cancelled run. */
  public String message() {
    return "run " + runId + " stopped by a shutdown signal (SIGTERM/SIGINT)";
  }

  /** The run has recorded itself (or failed to): the hook may print its line and return. */
  public void recorded() {
    recorded.countDown();
  }

  @Override
  public void close() {
    if (!ShutdownHookManager.get().isShutdownInProgress()) {
      ShutdownHookManager.get().removeShutdownHook(hook);
    }
  }
}
