package com.customerkpis.job;

import com.customerkpis.config.RunConfig;
import com.customerkpis.input.TableCounts;
import com.customerkpis.output.DeltaSink;
import com.customerkpis.output.OutputTables;
import com.customerkpis.spark.StageMetrics;
import com.customerkpis.spark.Stages;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Collects what a run did as it goes (input accounting, skipped KPIs, rows and seconds per KPI,
 * Spark jobs, peak heap), builds the immutable {@link RunSummary} and appends it to
 * {@code _runs}.
 */
final class RunRecorder implements AutoCloseable {
  /** Stage-name prefix of a KPI's compute-and-write stage. */
  static final String KPI_STAGE = "kpi:";

  private final SparkSession spark;
  private final RunConfig cfg;
  private final Stages stages;
  private final Instant started = Instant.now();
  private final StageMetrics jobs;
  private final List<TableCounts> inputs = new ArrayList<>();
  private final Map<String, Long> outputs = new LinkedHashMap<>();
  private final Map<String, String> skipped = new LinkedHashMap<>();

  RunRecorder(SparkSession spark, RunConfig cfg, Stages stages) {
    this.spark = spark;
    this.cfg = cfg;
    this.stages = stages;
    resetHeapPeaks();
    this.jobs = StageMetrics.start(spark);
  }

  void inputs(List<TableCounts> counts) {
    inputs.addAll(counts);
  }

  void skipped(Map<String, String> reasons) {
    skipped.putAll(reasons);
  }

  /** Rows written to a KPI table; KPIs computed at once report from their own threads. */
  void output(String table, long rows) {
    synchronized (outputs) {
      outputs.put(table, rows);
    }
  }

  /** Seconds since the run started. */
  String elapsedSeconds() {
    return String.format("%.1f", (Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0);
  }

  /** The summary so far, with {@code status} and {@code error} (null on success). */
  RunSummary summary(String status, String error) {
    Map<String, Double> kpiSeconds = new LinkedHashMap<>();
    Map<String, Double> stageSeconds = new LinkedHashMap<>();
    stages.seconds().forEach((stage, s) -> {
      if (stage.startsWith(KPI_STAGE)) {
        kpiSeconds.put(stage.substring(KPI_STAGE.length()), s);
      } else {
        stageSeconds.put(stage, s);
      }
    });
    Map<String, Long> written;
    synchronized (outputs) {
      written = new LinkedHashMap<>(outputs);
    }
    return new RunSummary(cfg.runId(), status, started, Instant.now(), cfg.arguments(),
        cfg.params().grain().label(), cfg.periodLabels(), inputs, written, kpiSeconds,
        stageSeconds, skipped, error, jobs.jobs(), peakHeapMb(), jobs.byStage());
  }

  /** Appends the summary to {@code _runs} (one commit). */
  void record(RunSummary s) {
    List<Row> in = new ArrayList<>();
    for (TableCounts c : s.inputs()) {
      in.add(RowFactory.create(c.table(), c.read(), c.kept(), c.quarantined(),
          c.duplicatesDropped()));
    }
    Row row = RowFactory.create(s.runId(), Timestamp.from(s.startedAt()),
        Timestamp.from(s.finishedAt()), s.arguments(), s.status(), s.grain(), s.periods(), in,
        s.outputs(), s.kpiSeconds(), s.error(), s.toJson());
    stages.run("runs", "append to " + OutputTables.RUNS, () -> DeltaSink.append(
        spark.createDataFrame(List.of(row), OutputTables.RUNS_SCHEMA).coalesce(1),
        OutputTables.path(cfg.output(), OutputTables.RUNS), cfg.runId()));
  }

  @Override
  public void close() {
    jobs.close();
  }

  private static void resetHeapPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long peakHeapMb() {
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        bytes += pool.getPeakUsage().getUsed();
      }
    }
    return bytes / (1024 * 1024);
  }
}
