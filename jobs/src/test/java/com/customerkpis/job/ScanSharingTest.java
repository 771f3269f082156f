package com.customerkpis.job;

import static org.junit.jupiter.api.Assertions.*;

import com.customerkpis.config.KpiParams;
import com.customerkpis.config.RunConfig;
import com.customerkpis.generate.Generator;
import com.customerkpis.generate.GeneratorConfig;
import com.customerkpis.kpi.KpiRegistry;
import com.customerkpis.spark.StageMetrics;
import com.customerkpis.testing.SharedSpark;
import com.customerkpis.time.Grain;
import com.customerkpis.time.RunWindow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counts the Spark jobs of every stage of one run of all KPIs on a tiny generated input, exactly,
 * so that an added scan, action or write shows up as a changed number; and a KPI that reads a
 * shared preparation another KPI of the run built (activity days, visitor days, sessions, the CLV
 * fit) must cost fewer jobs in the run than alone, where it builds the preparation itself.
 *
 * <p>Every measured run starts from the same state: a copy of an output written once by a
 * warm-up run of all KPIs (so tables exist, as on a daily re-run, and one-off table creation is
 * not counted) and a Delta log cache that has never seen the copy (as in a new process). Copies
 * keep each table's commit count fixed, which matters: Delta writes a checkpoint (extra jobs)
 * every 10th commit, so counting in one output that grows with every run would make a count
 * depend on the order the runs came in.
 */
@Tag("e2e")
class ScanSharingTest {
  @TempDir
  static Path tmp;
  static Path input;
  static Path warm;
  /** The measured run of all KPIs, one after another, and its output. */
  static RunSummary full;
  static int fullJobs;
  static Path fullOutput;

  static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  static final LocalDate FROM = LocalDate.of(2026, 2, 1);
  static final LocalDate TO = LocalDate.of(2026, 2, 28);

  /**
   * Spark jobs per stage of {@code kpi run} (all KPIs, in run order) for February on the
   * fixture, tables existing: the read stage, the CLV fit and each KPI ({@code kpi:<table>}; a
   * KPI that first reads a shared preparation pays for building it). Measured on 2026-11-29 on
   * Spark 3.5 (ANSI off), the same from run to run; Spark 4.0 (ANSI on) differs where {@link
   * #SPARK4_JOBS} says. Change a number only with a reason: the failure message lists every
   * measured count, ready to paste.
   */
  static final Map<String, Integer> JOBS = Map.ofEntries(
      Map.entry("read", 75),
      Map.entry("clv-fit", 10),
      Map.entry("kpi:cohort_retention", 39),
      Map.entry("kpi:customer_churn", 23),
      Map.entry("kpi:active_users", 15),
      Map.entry("kpi:conversion_by_channel", 24),
      Map.entry("kpi:conversion_by_landing_page", 11),
      Map.entry("kpi:engagement", 11),
      Map.entry("kpi:csat_by_channel", 15),
      Map.entry("kpi:nps", 9),
      Map.entry("kpi:ces", 9),
      Map.entry("kpi:clv_customer", 9),
      Map.entry("kpi:clv_model", 10),
      Map.entry("kpi:clv_summary", 18),
      Map.entry("kpi:repeat_purchase", 12),
      Map.entry("kpi:advocacy", 24),
      Map.entry("kpi:acquisition", 13),
      Map.entry("kpi:support", 13),
      Map.entry("kpi:mrr", 21),
      Map.entry("kpi:sentiment", 12));

  /** Spark 4.0's counts where they differ from Spark 3.5's. */
  static final Map<String, Integer> SPARK4_JOBS = Map.of();

  /** Spark jobs of the whole run, the stages above plus the run's own records. */
  static final int JOBS_TOTAL = 383;

  /** Jobs a count may differ from its pin by (see the test). */
  static final int JOB_TOLERANCE = 1;

  /**
   * KPIs that read a preparation an earlier KPI of the run built, with the stages their jobs
   * fall in (clv_model's fit is its own stage).
   */
  static final Map<String, List<String>> SHARERS = Map.of(
      "customer_churn", List.of("kpi:customer_churn"),
      "active_users", List.of("kpi:active_users"),
      "conversion_by_landing_page", List.of("kpi:conversion_by_landing_page"),
      "clv_model", List.of("kpi:clv_model", "clv-fit"));

  /** The pinned counts of the Spark line the tests run on. */
  static Map<String, Integer> pinned(String sparkVersion) {
    Map<String, Integer> out = new java.util.HashMap<>(JOBS);
    if (sparkVersion.startsWith("4.")) {
      out.putAll(SPARK4_JOBS);
    }
    return out;
  }

  @BeforeAll
  static void generateWarmUpAndRunAll() {
    input = tmp.resolve("in");
    Generator.generate(SharedSpark.get(), new GeneratorConfig(input.toString(), 40, 2,
        LocalDate.of(2026, 1, 1), 7, 0.01, 1));
    warm = tmp.resolve("warm");
    RunSummary s = KpiJob.run(SharedSpark.get(), config(warm, List.of(), "warm-up"));
    assertEquals("succeeded", s.status());
    assertEquals(Map.of(), s.skipped(), "the fixture feeds every KPI");
    fullOutput = tmp.resolve("out-all");
    try (StageMetrics counter = StageMetrics.start(SharedSpark.get())) {
      full = run(fullOutput, List.of(), "all");
      fullJobs = counter.jobs();
    }
  }

  static RunConfig config(Path output, List<String> kpis, String runId) {
    return new RunConfig(input.toString(), output.toString(), Map.of(),
        RunWindow.periods(Grain.MONTH, FROM, TO, ZONE), kpis, true, "segment",
        KpiParams.defaults(ZONE, Grain.MONTH), runId, "test");
  }

  /**
   * One run of {@code kpis} (empty: all) on a fresh copy of the warmed-up output, the KPIs one
   * after another: KPIs computed at once may both submit the job that materialises a cached
   * preparation they share (the second finds it cached), so only a sequential count is exact.
   */
  static RunSummary run(Path out, List<String> kpis, String name) {
    copy(warm, out);
    RunSummary s = KpiJob.run(SharedSpark.get(),
        config(out, kpis, "run-" + name).withConcurrentKpis(1));
    assertEquals("succeeded", s.status(), name);
    return s;
  }

  static int jobs(RunSummary s, String stage) {
    StageMetrics.Counts c = s.sparkByStage().get(stage);
    return c == null ? 0 : c.jobs();
  }

  static void copy(Path from, Path to) {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        // Attributes too: Delta takes a commit's timestamp from its file's modification time.
        Files.copy(p, to.resolve(from.relativize(p).toString()),
            StandardCopyOption.COPY_ATTRIBUTES);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyStageOfARunCostsItsPinnedJobs() {
    List<String> kpiStages = KpiRegistry.names().stream().map(k -> "kpi:" + k).sorted().toList();
    assertEquals(kpiStages, JOBS.keySet().stream().filter(k -> k.startsWith("kpi:")).sorted()
        .toList(), "one pinned count per KPI");
    Map<String, Integer> measured = new LinkedHashMap<>();
    JOBS.keySet().stream().sorted().forEach(k -> measured.put(k, jobs(full, k)));
    String report = measured.entrySet().stream()
        .map(e -> "Map.entry(\"" + e.getKey() + "\", " + e.getValue() + ")")
        .collect(Collectors.joining(",\n", "measured:\n", "\ntotal=" + fullJobs));
    // Adaptive execution may run one query stage more or less as a job depending on which
    // stage finishes first (seen on a loaded machine); shared scans lost would cost many more.
    Map<String, Integer> pins = pinned(SharedSpark.get().version());
    measured.forEach((stage, n) -> assertTrue(Math.abs(n - pins.get(stage)) <= JOB_TOLERANCE,
        stage + ": " + n + " jobs, pinned " + pins.get(stage) + "\n" + report));
    assertTrue(Math.abs(fullJobs - JOBS_TOTAL) <= JOB_TOLERANCE, report);
    assertTrue(SharedSpark.get().sharedState().cacheManager().isEmpty(),
        "a run must unpersist what it persisted");
  }

  @Test
  void aKpiReadingAPreparationAnotherKpiBuiltCostsFewerJobsThanAlone() {
    for (Map.Entry<String, List<String>> e : SHARERS.entrySet()) {
      RunSummary alone = run(tmp.resolve("out-" + e.getKey()), List.of(e.getKey()), e.getKey());
      int aloneJobs = e.getValue().stream().mapToInt(st -> jobs(alone, st)).sum();
      int inRun = e.getValue().stream().mapToInt(st -> jobs(full, st)).sum();
      assertTrue(inRun < aloneJobs, e.getKey() + ": " + inRun + " jobs in the run of all KPIs, "
          + aloneJobs + " alone: the run must reuse what an earlier KPI built");
    }
  }

  @Test
  void kpisComputedAtOnceWriteTheSameRowsAsOneAfterAnother() {
    Path four = tmp.resolve("out-concurrent");
    copy(warm, four);
    SparkSession spark = SharedSpark.get();
    RunSummary b = KpiJob.run(spark, config(four, List.of(), "conc").withConcurrentKpis(4));
    assertEquals("succeeded", b.status());
    assertEquals(full.outputs(), b.outputs(), "rows written per table");
    assertEquals(KpiRegistry.names().size(), b.kpiSeconds().size(), "every KPI ran once");
    EndToEndTest.assertSameTables(fullOutput.toString(), four.toString());
    assertTrue(spark.sharedState().cacheManager().isEmpty(),
        "a concurrent run unpersists what it persisted too");
  }
}
