package com.customerkpis.job;

import static com.customerkpis.testing.Rows.*;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import com.customerkpis.config.KpiParams;
import com.customerkpis.output.ConcurrentRunException;
import com.customerkpis.config.RunConfig;
import com.customerkpis.input.InputTable;
import com.customerkpis.testing.Fixtures;
import com.customerkpis.testing.KpiRuns;
import com.customerkpis.testing.SharedSpark;
import com.customerkpis.time.Grain;
import com.customerkpis.time.RunWindow;
import io.delta.tables.DeltaTable;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two runs on one output at the same time, and a run stopped by SIGTERM. */
@Tag("e2e")
class ConcurrentAndStoppedRunsTest {
  @TempDir
  Path tmp;

  static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");
  static final List<String> KPIS = List.of("cohort_retention", "customer_churn");

  static RunConfig config(Path input, Path output, String month, String runId) {
    LocalDate first = LocalDate.parse(month + "-01");
    return new RunConfig(input.toString(), output.toString(), Map.of(),
        RunWindow.periods(Grain.MONTH, first, first.plusMonths(1).minusDays(1), ZONE), KPIS,
        true, "segment", KpiParams.defaults(ZONE, Grain.MONTH), runId, "test " + month);
  }

  /** Outcome of one concurrent run: its summary, or the exception it ended with. */
  record Outcome(RunSummary summary, Throwable error) {}

  static List<Outcome> together(List<RunConfig> cfgs) throws Exception {
    SparkSession spark = SharedSpark.get();
    CyclicBarrier start = new CyclicBarrier(cfgs.size());
    List<CompletableFuture<Outcome>> fs = new ArrayList<>();
    for (RunConfig c : cfgs) {
      fs.add(CompletableFuture.supplyAsync(() -> {
        try {
          start.await();
          return new Outcome(KpiJob.run(spark, c), null);
        } catch (Throwable e) {
          return new Outcome(null, e);
        }
      }));
    }
    List<Outcome> out = new ArrayList<>();
    for (CompletableFuture<Outcome> f : fs) {
      out.add(f.get(10, TimeUnit.MINUTES));
    }
    return out;
  }

  /** The full stack trace, so that a failure in CI says where it came from. */
  static String trace(Throwable e) {
    java.io.StringWriter w = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(w));
    return w.toString();
  }

  static Path input(Path tmp) {
    Path input = tmp.resolve("in");
    Fixtures.cohortRetention()
        .add(InputTable.EVENTS, "e9", ts("1980-01-01T00:00:00Z"), "c1", null, null, "login",
            null, null, null).writeParquet(input);
    return input;
  }

  @Test
  void disjointPeriodsOnAFreshOutputBothLandAndCountTheirOwnCommit() throws Exception {
    Path input = input(tmp);
    Path out = tmp.resolve("out");
    List<Outcome> os = together(List.of(config(input, out, "2026-02", "r-feb"),
        config(input, out, "2026-03", "r-mar")));
    for (Outcome o : os) {
      assertNull(o.error(), () -> "both runs must land: " + trace(o.error()));
    }
    for (String t : KPIS) {
      Dataset<Row> d = KpiRuns.delta(out.resolve(t));
      for (Outcome o : os) {
        String period = o.summary().periods().get(0);
        assertEquals(d.filter(col("period").equalTo(period)).count(),
            (long) o.summary().outputs().get(t), t + " " + period + " rows of its own commit");
        assertEquals(1, d.filter(col("period").equalTo(period)).select("run_id").distinct()
            .count());
      }
    }
    assertEquals(2, KpiRuns.delta(out.resolve("_runs"))
        .filter(col("status").equalTo("succeeded")).count());
    assertEquals(2, KpiRuns.delta(out.resolve("_quarantine")).count(),
        "one bad event per run");
  }

  @Test
  void samePeriodAtOnceLeavesOneCompleteVersionAndTheLoserSaysWhy() throws Exception {
    Path input = input(tmp);
    // Single-run reference.
    Path ref = tmp.resolve("ref");
    KpiJob.run(SharedSpark.get(), config(input, ref, "2026-02", "ref"));
    Path out = tmp.resolve("out");
    List<Outcome> os = together(List.of(config(input, out, "2026-02", "a"),
        config(input, out, "2026-02", "b")));
    assertTrue(os.stream().anyMatch(o -> o.error() == null), "one run wins");
    for (Outcome o : os) {
      if (o.error() != null) {
        assertTrue(o.error() instanceof ConcurrentRunException, () -> trace(o.error()));
        assertTrue(o.error().getMessage().contains("another run wrote the same period"),
            o.error().getMessage());
      }
    }
    for (String t : KPIS) {
      Dataset<Row> d = KpiRuns.delta(out.resolve(t));
      assertEquals(1, d.select("run_id").distinct().count(), t + ": one run's rows, no mix");
      assertEquals(KpiRuns.delta(ref.resolve(t)).count(), d.count(), t);
    }
    long recorded = KpiRuns.delta(out.resolve("_runs")).count();
    assertEquals(2, recorded, "both runs recorded, winner and loser");
  }

  /** JVM options of this test JVM that Spark needs on Java 17 (--add-opens and friends). */
  static List<String> sparkJvmOptions() {
    List<String> out = new ArrayList<>();
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognized")
          || a.startsWith("-Djdk.reflect")) {
        out.add(a);
      }
    }
    return out;
  }

  @Test
  void sigtermRecordsACancelledRunWithOneClearLastLine() throws Exception {
    Path input = input(tmp);
    Path out = tmp.resolve("out");
    String cp = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
    cmd.addAll(sparkJvmOptions());
    // The test log configuration keeps our INFO lines off; this test waits for one.
    cmd.addAll(List.of("-Dkpi.test.log.level=info", "-Dspark.master=local[2]",
        "-Dspark.ui.enabled=false", "-Dspark.sql.shuffle.partitions=2", "-cp", cp,
        "com.customerkpis.cli.KpiCli", "run",
        "--input", input.toString(), "--output", out.toString(), "--from", "2026-01-01",
        "--to", "2026-03-31"));
    Path stdout = tmp.resolve("stdout.txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).start();
    List<String> err = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(),
        StandardCharsets.UTF_8))) {
      String line;
      boolean sent = false;
      while ((line = r.readLine()) != null) {
        err.add(line);
        // Stop the run once its first KPI table is committed: some tables written, some not.
        if (!sent && line.contains("rows written")) {
          // SIGTERM as Airflow or YARN sends it (Process.destroy would also close our pipes).
          assertEquals(0, new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start()
              .waitFor());
          sent = true;
        }
      }
    }
    assertTrue(p.waitFor(5, TimeUnit.MINUTES));
    String all = String.join("\n", err);
    assertEquals(143, p.exitValue(), all);
    String last = err.get(err.size() - 1);
    assertTrue(last.startsWith("cancelled: run ") && last.contains("SIGTERM"), all);
    assertFalse(all.contains("stopped SparkContext"), all);
    assertTrue(err.size() < 60, "a few lines, not hundreds: " + err.size());
    List<String> stdoutLines = Files.readAllLines(stdout);
    assertFalse(stdoutLines.isEmpty(), "no summary line on stdout; stderr:\n" + all);
    assertTrue(stdoutLines.get(stdoutLines.size() - 1).contains("\"status\":\"cancelled\""),
        stdoutLines.toString());

    SparkSession spark = SharedSpark.get();
    Dataset<Row> runs = KpiRuns.delta(out.resolve("_runs"));
    assertEquals(1, runs.filter(col("status").equalTo("cancelled")).count());
    // Every table folder holds a committed Delta table (or was never created).
    int tables = 0;
    try (Stream<Path> s = Files.list(out)) {
      for (Path t : s.toList()) {
        if (Files.exists(t.resolve("_delta_log"))) {
          assertTrue(DeltaTable.forPath(spark, t.toString()).toDF().count() >= 0);
          tables++;
        }
      }
    }
    assertTrue(tables >= 2, "_runs and the first KPI table");
  }
}
