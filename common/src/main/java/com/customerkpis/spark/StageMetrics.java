package com.customerkpis.spark;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;

/**
 * Spark work per run stage (the job group {@link Stages} sets): jobs started, exchanges executed
 * (stages that wrote shuffle output), shuffle bytes written and bytes spilled.
 */
public final class StageMetrics extends SparkListener implements AutoCloseable {
  private static final String GROUP = "spark.jobGroup.id";
  private static final String NONE = "(none)";

  /** Counters of one run stage. */
  public record Counts(int jobs, int exchanges, long shuffleBytes, long spillBytes) {
    Counts plus(Counts o) {
      return new Counts(jobs + o.jobs, exchanges + o.exchanges, shuffleBytes + o.shuffleBytes,
          spillBytes + o.spillBytes);
    }
  }

  private final SparkSession spark;
  private final Map<String, Counts> byGroup = new ConcurrentHashMap<>();
  private final Map<Integer, String> stageGroup = new ConcurrentHashMap<>();

  private StageMetrics(SparkSession spark) {
    this.spark = spark;
  }

  /** Registers new metrics on the session's listener bus. */
  public static StageMetrics start(SparkSession spark) {
    StageMetrics m = new StageMetrics(spark);
    spark.sparkContext().addSparkListener(m);
    return m;
  }

  @Override
  public void onJobStart(SparkListenerJobStart e) {
    add(group(e.properties()), new Counts(1, 0, 0, 0));
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted e) {
    stageGroup.put(e.stageInfo().stageId(), group(e.properties()));
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted e) {
    StageInfo info = e.stageInfo();
    String g = stageGroup.remove(info.stageId());
    TaskMetrics m = info.taskMetrics();
    if (m == null) {
      return;
    }
    long shuffle = m.shuffleWriteMetrics().bytesWritten();
    boolean exchange = m.shuffleWriteMetrics().recordsWritten() > 0 || shuffle > 0;
    add(g == null ? NONE : g, new Counts(0, exchange ? 1 : 0, shuffle,
        m.memoryBytesSpilled() + m.diskBytesSpilled()));
  }

  private void add(String group, Counts c) {
    byGroup.merge(group, c, Counts::plus);
  }

  private static String group(java.util.Properties p) {
    String g = p == null ? null : p.getProperty(GROUP);
    return g == null ? NONE : g;
  }

  /** Counters per stage name so far (after the listener bus has drained), sorted by name. */
  public Map<String, Counts> byStage() {
    drain();
    return new TreeMap<>(byGroup);
  }

  /** Jobs started so far. */
  public int jobs() {
    return byStage().values().stream().mapToInt(Counts::jobs).sum();
  }

  private void drain() {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("listener bus did not drain in 10 s", e);
    }
  }

  @Override
  public void close() {
    spark.sparkContext().removeSparkListener(this);
  }
}
