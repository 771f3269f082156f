package com.customerkpis.job;

import com.customerkpis.config.RunConfig;
import com.customerkpis.input.InputSet;
import com.customerkpis.input.TableCounts;
import com.customerkpis.kpi.Kpi;
import com.customerkpis.kpi.KpiRegistry;
import com.customerkpis.kpi.KpiSupport;
import com.customerkpis.output.ConcurrentRunException;
import com.customerkpis.output.DeltaSink;
import com.customerkpis.output.OutputTables;
import com.customerkpis.prep.PrepCache;
import com.customerkpis.prep.Prepared;
import com.customerkpis.prep.RunScope;
import com.customerkpis.schema.Cols;
import com.customerkpis.spark.Stages;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code kpi run}, as the stages of docs/design.md: plan the KPIs, read and check the inputs,
 * quarantine bad rows, prepare shared inputs once, compute and write each KPI, record the run.
 */
public final class KpiJob {
  private static final Logger LOG = LoggerFactory.getLogger(KpiJob.class);

  private KpiJob() {}

  /** Runs the job; on failure records a failed run in {@code _runs} and rethrows. */
  public static RunSummary run(SparkSession spark, RunConfig cfg) {
    return run(spark, cfg, s -> { });
  }

  /**
   * Runs the job and hands the summary to {@code onSummary} whether it succeeds or fails (the
   * CLI prints it as the last stdout line in both cases); on failure rethrows after recording.
   */
  public static RunSummary run(SparkSession spark, RunConfig cfg, Consumer<RunSummary> onSummary) {
    Stages stages = new Stages(spark);
    try (RunRecorder recorder = new RunRecorder(spark, cfg, stages);
        RunCancellation cancel = RunCancellation.install(spark, cfg.runId())) {
      try {
        execute(spark, cfg, stages, recorder, cancel);
        RunSummary s = recorder.summary("succeeded", null);
        recorder.record(s);
        onSummary.accept(s);
        cancel.recorded();
        return s;
      } catch (Throwable e) {
        // Throwable, not RuntimeException: Spark and Delta throw checked exceptions (SparkException,
        // AnalysisException) through Scala, and every failed run must be recorded and summarised.
        boolean cancelled = cancel.requested();
        RunSummary s = recorder.summary(cancelled ? "cancelled" : "failed",
            cancelled ? cancel.message() : String.valueOf(e.getMessage()));
        try {
          recorder.record(s);
        } catch (Exception again) {
          LOG.warn("could not record the {} run in {}: {}", s.status(), OutputTables.RUNS,
              again.getMessage());
        }
        onSummary.accept(s);
        cancel.recorded();
        if (cancelled) {
          throw new RunCancelledException(cancel.message(), e);
        }
        throw e;
      }
    }
  }

  private static void execute(SparkSession spark, RunConfig cfg, Stages stages,
      RunRecorder recorder, RunCancellation cancel) {
    // 1. Plan: which KPIs, hence which inputs.
    List<Kpi> selected = KpiRegistry.select(cfg.kpis());
    String range = range(cfg);
    LOG.info("run {}: {} KPI(s) over {} {} period(s) {}", cfg.runId(), selected.size(),
        cfg.periods().size(), cfg.params().grain().label(), range);

    // 2. Read and check the inputs, then decide what runs.
    try (InputSet inputs = stages.run("read", "read and check inputs",
        () -> readInputs(spark, cfg, selected))) {
      RunPlan plan = RunPlan.of(selected, inputs.present(), cfg.kpisByName(), cfg.input());
      plan.skipped().forEach((k, why) -> LOG.warn("skipping KPI {}: {}", k, why));
      recorder.skipped(plan.skipped());
      recorder.inputs(inputs.counts());

      // 3. Quarantine bad rows, then the gates a scheduler must see.
      cancel.throwIfRequested();
      stages.run("quarantine", "append bad rows to " + OutputTables.QUARANTINE,
          () -> quarantine(cfg, inputs));
      // After the quarantine is written, so that the operator can see the rows that tripped it.
      RunGates.badRowShare(inputs.counts(), cfg.maxBadRowShare(),
          OutputTables.path(cfg.output(), OutputTables.QUARANTINE), cfg.runId());
      RunGates.someKpiRuns(plan.runnable().size(), plan.skipped());

      // 4. Prepare shared inputs once; 5. compute and write each KPI.
      Prepared prepared = new Prepared(new RunScope(spark, cfg.params(), cfg.periods()),
          inputs.keptTables(), new PrepCache(plan.reused()), stages);
      try {
        AtomicInteger done = new AtomicInteger();
        KpiRunner.runAll(plan.runnable(), cfg.concurrentKpis(), Kpi::overEvents,
            cancel::requested, k -> {
          long written = stages.run(RunRecorder.KPI_STAGE + k.table(),
              k.table() + " " + range + " (run " + cfg.runId() + ")",
              () -> write(spark, cfg, k.table(), KpiSupport.finish(k.compute(prepared),
                  k.schema(), prepared.periods(), cfg.runId()), cancel));
          prepared.done(k.reads());
          recorder.output(k.table(), written);
          LOG.info("[{}/{}] {} {}: {} rows written in {} s (elapsed {} s)", done.incrementAndGet(),
              plan.runnable().size(), k.table(), range, written,
              stages.seconds().get(RunRecorder.KPI_STAGE + k.table()),
              recorder.elapsedSeconds());
        });
        cancel.throwIfRequested();
      } finally {
        prepared.release();
      }
    }
    // 6. The caller records the run.
  }

  private static InputSet readInputs(SparkSession spark, RunConfig cfg, List<Kpi> selected) {
    var wanted = RunPlan.inputsOf(selected);
    // Not persisted: a scan of the Parquet inputs costs a fraction of building Spark's cache of
    // them (docs/performance.md); the shared preparations that pay off are persisted instead.
    InputSet inputs = InputSet.read(spark, cfg.input(), cfg.locations(), wanted,
        cfg.segmentColumn(), false);
    RunGates.someInputPresent(cfg.input(), wanted, inputs.present());
    for (TableCounts c : inputs.counts()) {
      LOG.info("input {}: read {}, kept {}, quarantined {} {}, duplicates dropped {}", c.table(),
          c.read(), c.kept(), c.quarantinedTotal(), c.quarantined(), c.duplicatesDropped());
    }
    return inputs;
  }

  private static void quarantine(RunConfig cfg, InputSet inputs) {
    if (inputs.counts().stream().anyMatch(c -> c.quarantinedTotal() > 0)) {
      DeltaSink.append(inputs.quarantine(cfg.runId()).orElseThrow(),
          OutputTables.path(cfg.output(), OutputTables.QUARANTINE), cfg.runId(),
          Cols.TABLE_NAME);
    }
  }

  /** Writes one KPI table; other failures than a conflict or a stop name the table. */
  private static long write(SparkSession spark, RunConfig cfg, String table, Dataset<Row> rows,
      RunCancellation cancel) {
    try {
      return DeltaSink.replacePeriods(spark, rows, OutputTables.path(cfg.output(), table),
          cfg.periodLabels(), cfg.runId());
    } catch (ConcurrentRunException e) {
      throw e;
    } catch (Exception e) {
      cancel.throwIfRequested();
      String m = String.valueOf(e.getMessage()).strip();
      throw new IllegalStateException("table " + table + " could not be written: "
          + e.getClass().getSimpleName() + ": " + m.lines().findFirst().orElse(m), e);
    }
  }

  private static String range(RunConfig cfg) {
    List<String> labels = cfg.periodLabels();
    return labels.get(0) + (labels.size() > 1 ? ".." + labels.get(labels.size() - 1) : "");
  }

  /** The Delta table path of {@code table} under the output root. */
  public static String path(RunConfig cfg, String table) {
    return OutputTables.path(cfg.output(), table);
  }
}
