package com.customerkpis.job;

import static org.apache.spark.sql.functions.*;

import com.customerkpis.config.RunConfig;
import com.customerkpis.output.ConcurrentRunException;
import com.customerkpis.input.ContractViolationException;
import com.customerkpis.output.DeltaSink;
import com.customerkpis.kpi.Kpi;
import com.customerkpis.kpi.KpiRegistry;
import com.customerkpis.kpi.KpiSupport;
import com.customerkpis.prep.Prepared;
import com.customerkpis.prep.Shared;
import com.customerkpis.input.TableCounts;
import com.customerkpis.schema.Cols;
import com.customerkpis.input.InputTable;
import com.customerkpis.spark.JobCounter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.customerkpis.input.InputSet;

/**
 * One {@code kpi run}: read and check inputs, quarantine bad rows, prepare shared inputs once,
 * compute each KPI and replace its periods, then record the run in {@code _runs}.
 */
public final class KpiJob {
  private static final Logger LOG = LoggerFactory.getLogger(KpiJob.class);

  /** Audit table of runs under the output root. */
  public static final String RUNS_TABLE = "_runs";
  /** Audit table of quarantined rows under the output root. */
  public static final String QUARANTINE_TABLE = "_quarantine";

  /** Schema of {@code _runs}. */
  public static final StructType RUNS_SCHEMA = new StructType()
      .add(Cols.RUN_ID, DataTypes.StringType)
      .add("started_at", DataTypes.TimestampType)
      .add("finished_at", DataTypes.TimestampType)
      .add("arguments", DataTypes.StringType)
      .add("status", DataTypes.StringType)
      .add("grain", DataTypes.StringType)
      .add("periods", DataTypes.createArrayType(DataTypes.StringType))
      .add("inputs", DataTypes.createArrayType(new StructType()
          .add(Cols.TABLE_NAME, DataTypes.StringType)
          .add("rows_read", DataTypes.LongType)
          .add("rows_kept", DataTypes.LongType)
          .add("quarantined", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
          .add("duplicates_dropped", DataTypes.LongType)))
      .add("outputs", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
      .add("kpi_seconds", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType))
      .add("error", DataTypes.StringType)
      .add("summary_json", DataTypes.StringType);

  private KpiJob() {}

  /** Runs the job; on failure records a failed run in {@code _runs} and rethrows. */
  public static RunSummary run(SparkSession spark, RunConfig cfg) {
    return run(spark, cfg, s -> { });
  }

  /**
   * Runs the job and hands the summary to {@code onSummary} whether it succeeds or fails (the
   * CLI prints it as the last stdout line in both cases); on failure rethrows after recording.
   */
  public static RunSummary run(SparkSession spark, RunConfig cfg,
      java.util.function.Consumer<RunSummary> onSummary) {
    Instant started = Instant.now();
    List<TableCounts> counts = new ArrayList<>();
    Map<String, Long> outputs = new LinkedHashMap<>();
    Map<String, Double> kpiSeconds = new LinkedHashMap<>();
    Map<String, Double> stageSeconds = new LinkedHashMap<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    resetHeapPeaks();
    JobCounter jobs = JobCounter.start(spark);
    RunCancellation cancel = RunCancellation.install(spark, cfg.runId());
    try {
      execute(spark, cfg, counts, outputs, kpiSeconds, stageSeconds, skipped, cancel);
      RunSummary s = new RunSummary(cfg.runId(), "succeeded", started, Instant.now(),
          cfg.arguments(), cfg.params().grain().label(), cfg.periodLabels(), counts, outputs,
          kpiSeconds, stageSeconds, skipped, null, jobs.jobs(), peakHeapMb());
      recordRun(spark, cfg, s);
      onSummary.accept(s);
      cancel.recorded();
      return s;
    } catch (Throwable e) {
      // Throwable, not RuntimeException: Spark and Delta throw checked exceptions (SparkException,
      // AnalysisException) through Scala, and every failed run must be recorded and summarised.
      boolean cancelled = cancel.requested();
      RunSummary s = new RunSummary(cfg.runId(), cancelled ? "cancelled" : "failed", started,
          Instant.now(), cfg.arguments(), cfg.params().grain().label(), cfg.periodLabels(),
          counts, outputs, kpiSeconds, stageSeconds, skipped,
          cancelled ? cancel.message() : String.valueOf(e.getMessage()), jobs.jobs(),
          peakHeapMb());
      try {
        recordRun(spark, cfg, s);
      } catch (Exception again) {
        LOG.warn("could not record the {} run in {}: {}", s.status(), RUNS_TABLE,
            again.getMessage());
      }
      onSummary.accept(s);
      cancel.recorded();
      if (cancelled) {
        throw new RunCancelledException(cancel.message(), e);
      }
      throw e;
    } finally {
      cancel.close();
      jobs.close();
      spark.sparkContext().clearJobGroup();
    }
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

  private static void execute(SparkSession spark, RunConfig cfg, List<TableCounts> counts,
      Map<String, Long> outputs, Map<String, Double> kpiSeconds, Map<String, Double> stageSeconds,
      Map<String, String> skipped, RunCancellation cancel) {
    List<Kpi> kpis = KpiRegistry.select(cfg.kpis());
    Set<InputTable> wanted = EnumSet.noneOf(InputTable.class);
    kpis.forEach(k -> {
      wanted.addAll(k.requires());
      wanted.addAll(k.optional());
    });
    String range = cfg.periodLabels().get(0)
        + (cfg.periods().size() > 1 ? ".." + cfg.periodLabels().get(cfg.periods().size() - 1) : "");
    LOG.info("run {}: {} KPI(s) over {} {} period(s) {}", cfg.runId(), kpis.size(),
        cfg.periods().size(), cfg.params().grain().label(), range);

    long t0 = System.nanoTime();
    spark.sparkContext().setJobGroup("read", "read and check inputs", false);
    try (InputSet inputs = InputSet.read(spark, cfg.input(), cfg.locations(), wanted,
        cfg.segmentColumn(), true)) {
      RunGates.someInputPresent(cfg.input(), wanted, inputs.present());
      List<Kpi> runnable = new ArrayList<>();
      for (Kpi k : kpis) {
        List<String> missing = k.requires().stream().filter(t -> !inputs.present().contains(t))
            .map(InputTable::tableName).toList();
        if (missing.isEmpty()) {
          runnable.add(k);
        } else if (cfg.kpisByName()) {
          throw new ContractViolationException("KPI " + k.table() + " was asked for by name but "
              + "its input table(s) " + missing + " are absent under " + cfg.input());
        } else {
          LOG.warn("skipping KPI {}: input table(s) {} absent", k.table(), missing);
          skipped.put(k.table(), "absent input " + String.join(", ", missing));
        }
      }
      counts.addAll(inputs.counts());
      for (TableCounts c : counts) {
        LOG.info("input {}: read {}, kept {}, quarantined {} {}, duplicates dropped {}", c.table(),
            c.read(), c.kept(), c.quarantinedTotal(), c.quarantined(), c.duplicatesDropped());
      }
      stageSeconds.put("read", seconds(t0));

      long tq = System.nanoTime();
      cancel.throwIfRequested();
      if (counts.stream().anyMatch(c -> c.quarantinedTotal() > 0)) {
        spark.sparkContext().setJobGroup("quarantine", "append bad rows to _quarantine", false);
        DeltaSink.append(inputs.quarantine(cfg.runId()).orElseThrow(),
            path(cfg, QUARANTINE_TABLE), cfg.runId(), Cols.TABLE_NAME);
      }
      stageSeconds.put("quarantine", seconds(tq));
      // After the quarantine is written, so that the operator can see the rows that tripped it.
      RunGates.badRowShare(counts, cfg.maxBadRowShare(), path(cfg, QUARANTINE_TABLE),
          cfg.runId());
      RunGates.someKpiRuns(runnable.size(), skipped);

      Map<Shared, Integer> uses = new EnumMap<>(Shared.class);
      runnable.forEach(k -> k.shares().forEach(s -> uses.merge(s, 1, Integer::sum)));
      Set<Shared> reused = EnumSet.noneOf(Shared.class);
      uses.forEach((s, n) -> {
        if (n > 1) {
          reused.add(s);
        }
      });
      Prepared prepared = new Prepared(spark, cfg.params(), cfg.periods(), inputs.keptTables(),
          reused);
      try {
        int i = 0;
        for (Kpi k : runnable) {
          cancel.throwIfRequested();
          i++;
          long tk = System.nanoTime();
          spark.sparkContext().setJobGroup("kpi:" + k.table(),
              k.table() + " " + range + " (run " + cfg.runId() + ")", false);
          Dataset<Row> rows = KpiSupport.finish(k.compute(prepared), k.schema(),
              prepared.periods(), cfg.runId());
          long written = write(spark, cfg, k.table(), rows, cancel);
          outputs.put(k.table(), written);
          double secs = seconds(tk);
          kpiSeconds.put(k.table(), secs);
          LOG.info("[{}/{}] {} {}: {} rows written in {} s (elapsed {} s)", i, runnable.size(),
              k.table(), range, written, String.format("%.1f", secs),
              String.format("%.1f", seconds(t0)));
        }
      } finally {
        prepared.release();
      }
    }
  }

  /** Writes one KPI table; other failures than a conflict or a stop name the table. */
  private static long write(SparkSession spark, RunConfig cfg, String table, Dataset<Row> rows,
      RunCancellation cancel) {
    try {
      return DeltaSink.replacePeriods(spark, rows, path(cfg, table), cfg.periodLabels(),
          cfg.runId());
    } catch (ConcurrentRunException e) {
      throw e;
    } catch (Exception e) {
      cancel.throwIfRequested();
      String m = String.valueOf(e.getMessage()).strip();
      throw new IllegalStateException("table " + table + " could not be written: "
          + e.getClass().getSimpleName() + ": " + m.lines().findFirst().orElse(m), e);
    }
  }

  private static void recordRun(SparkSession spark, RunConfig cfg, RunSummary s) {
    List<Row> inputs = new ArrayList<>();
    for (TableCounts c : s.inputs()) {
      inputs.add(RowFactory.create(c.table(), c.read(), c.kept(),
          c.quarantined(), c.duplicatesDropped()));
    }
    Row row = RowFactory.create(s.runId(), Timestamp.from(s.startedAt()),
        Timestamp.from(s.finishedAt()), s.arguments(), s.status(), s.grain(),
        s.periods(),
        inputs,
        s.outputs(),
        s.kpiSeconds(),
        s.error(), s.toJson());
    spark.sparkContext().setJobGroup("runs", "append to _runs", false);
    DeltaSink.append(spark.createDataFrame(List.of(row), RUNS_SCHEMA).coalesce(1),
        path(cfg, RUNS_TABLE), cfg.runId());
  }

  /** The Delta table path of {@code table} under the output root. */
  public static String path(RunConfig cfg, String table) {
    return cfg.output().replaceAll("/+$", "") + "/" + table;
  }

  private static double seconds(long startNanos) {
    return Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0;
  }
}
