package com.customerkpis.job;

import static com.customerkpis.testing.KpiRuns.runCapturingStdout;
import static com.customerkpis.testing.Rows.*;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import com.customerkpis.cli.KpiCli;
import com.customerkpis.input.InputTable;
import com.customerkpis.testing.Fixtures;
import com.customerkpis.testing.LogCapture;
import com.customerkpis.testing.SharedSpark;
import io.delta.tables.DeltaTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet inputs on disk → {@code kpi run} → Delta tables read back. */
@Tag("e2e")
class EndToEndTest {
  @TempDir
  Path tmp;

  @Test
  void runWritesPartitionedDeltaIdempotentlyAndAccountsForBadRows() throws Exception {
    Fixtures f = Fixtures.cohortRetention()
        // two bad rows and one duplicate
        .add(InputTable.EVENTS, "e9", ts("1980-01-01T00:00:00Z"), "c1", null, null, "login",
            null, null, null)
        .add(InputTable.EVENTS, "e10", ts("2026-02-01T00:00:00Z"), null, null, null, "login",
            null, null, null)
        .add(InputTable.EVENTS, "e1", ts("2026-02-05T12:00:00Z"), "c1", null, null, "page_view",
            null, "/", "desktop");
    Path input = tmp.resolve("in");
    Path output = tmp.resolve("out");
    f.writeParquet(input);
    String[] args = {"run", "--input", input.toString(), "--output", output.toString(),
        "--from", "2026-01-01", "--to", "2026-03-31", "--timezone", "America/Sao_Paulo",
        "--kpis", "cohort_retention"};
    String stdout;
    List<String> log;
    try (LogCapture capture = LogCapture.start()) {
      stdout = runCapturingStdout(0, args);
      log = capture.lines();
    }
    // The progress line an operator watches: one per KPI, with its row count.
    assertEquals(1, log.stream().filter(l -> l.startsWith("INFO com.customerkpis.job.KpiJob: "
        + "[1/1] cohort_retention ") && l.contains(": 15 rows written in ")).count(),
        String.join("\n", log));
    String last = stdout.strip().lines().reduce((a, b) -> b).orElseThrow();
    assertTrue(last.startsWith("{") && last.contains("\"status\":\"succeeded\""), last);
    assertTrue(last.contains("\"timestamp_out_of_range\":1") && last.contains("\"no_identity\":1")
        && last.contains("\"duplicates_dropped\":1"), last);

    var spark = SharedSpark.get();
    String table = output.resolve("cohort_retention").toString();
    Dataset<Row> first = spark.read().format("delta").load(table);
    assertEquals(15, first.count());
    assertEquals(List.of("period", "segment"), List.of(DeltaTable.forPath(spark, table).detail()
        .select("partitionColumns").first().getList(0).toArray()).stream()
        .map(Object::toString).toList());
    assertEquals(List.of("period", "segment", "grain", "period_start", "period_end", "run_id",
        "cohort", "period_offset", "cohort_size", "active_customers", "retention_rate"),
        List.of(first.columns()));
    List<String> before = Fixtures.render(first.drop("run_id"));

    // Same command again: same rows (run_id aside), one more commit, nothing duplicated.
    runCapturingStdout(0, args);
    Dataset<Row> second = spark.read().format("delta").load(table);
    assertEquals(before, Fixtures.render(second.drop("run_id")));
    Row commit = DeltaTable.forPath(spark, table).history(1).first();
    assertNotNull(commit.getAs("userMetadata"));

    // Re-running one period leaves the others untouched.
    String janRunId = second.filter(col("period").equalTo("2026-01")).first().getAs("run_id");
    runCapturingStdout(0, "run", "--input", input.toString(), "--output", output.toString(),
        "--period", "2026-02", "--timezone", "America/Sao_Paulo", "--kpis", "cohort_retention");
    Dataset<Row> third = spark.read().format("delta").load(table);
    assertEquals(before, Fixtures.render(third.drop("run_id")));
    assertEquals(janRunId, third.filter(col("period").equalTo("2026-01")).first()
        .getAs("run_id"));

    // Audit tables: quarantine rows (with reasons) and one _runs row per run.
    Dataset<Row> q = spark.read().format("delta").load(output.resolve("_quarantine").toString());
    assertEquals(6, q.count(), "2 bad rows × 3 runs");
    assertEquals(2, q.select("reason").distinct().count());
    Dataset<Row> runs = spark.read().format("delta").load(output.resolve("_runs").toString());
    assertEquals(3, runs.filter(col("status").equalTo("succeeded")).count());
    Row events = runs.selectExpr("explode(inputs) as i").filter("i.table_name = 'events'")
        .selectExpr("i.rows_read", "i.rows_kept", "i.duplicates_dropped").first();
    assertEquals(List.of(8L, 5L, 1L), List.of(events.getLong(0), events.getLong(1),
        events.getLong(2)), "read = kept + quarantined (2) + duplicates (1)");
  }

  @Test
  void contractViolationsExitThreeAndNameTheColumn() throws Exception {
    Path input = tmp.resolve("bad");
    SharedSpark.get().sql("select 'c1' as customer_id, 'x' as segment").write()
        .parquet(input.resolve("customers").toString());
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true));
    try {
      String failed = runCapturingStdout(3, "run", "--input", input.toString(), "--output",
          tmp.resolve("o").toString(), "--period", "2026-01");
      assertTrue(failed.strip().lines().reduce((a, b) -> b).orElseThrow()
          .contains("\"status\":\"failed\""), "failed runs print their summary too: " + failed);
      runCapturingStdout(3, "validate", "--input", input.toString());
    } finally {
      System.setErr(oldErr);
    }
    assertTrue(err.toString().contains("signup_ts"), err.toString());
    // A KPI asked for by name whose input is absent is a contract violation too.
    Path empty = tmp.resolve("empty");
    Files.createDirectories(empty);
    runCapturingStdout(3, "run", "--input", empty.toString(), "--output",
        tmp.resolve("o2").toString(), "--period", "2026-01", "--kpis", "cohort_retention");
    // With --kpis all, an input root without any table is a contract violation too.
    String out = runCapturingStdout(3, "run", "--input", empty.toString(), "--output",
        tmp.resolve("o3").toString(), "--period", "2026-01");
    assertTrue(out.contains("no input table found under " + empty), out);
    // With some table present, a KPI whose input is absent is skipped.
    SharedSpark.get().sql("select 'm1' as mention_id, timestamp'2026-01-05 00:00:00' as "
        + "mention_ts, 'x' as platform, 'great' as text, 'positive' as sentiment").write()
        .parquet(empty.resolve("mentions").toString());
    out = runCapturingStdout(0, "run", "--input", empty.toString(), "--output",
        tmp.resolve("o4").toString(), "--period", "2026-01");
    assertTrue(out.contains("\"cohort_retention\":\"absent input customers\""), out);
  }

  @Test
  void windowRunEqualsPeriodByPeriodRunsAndLookbackIsIdempotent() {
    Path input = tmp.resolve("in");
    Fixtures.cohortRetention().writeParquet(input);
    String whole = tmp.resolve("whole").toString();
    String single = tmp.resolve("single").toString();
    runCapturingStdout(0, "run", "--input", input.toString(), "--output", whole, "--from",
        "2026-01-01", "--to", "2026-03-31", "--timezone", "America/Sao_Paulo");
    for (String p : List.of("2026-03", "2026-01", "2026-02")) {
      runCapturingStdout(0, "run", "--input", input.toString(), "--output", single, "--period", p,
          "--timezone", "America/Sao_Paulo");
    }
    assertSameTables(whole, single);
    // --lookback 2 from 2026-03 recomputes 2026-01..03 and leaves identical rows.
    runCapturingStdout(0, "run", "--input", input.toString(), "--output", single, "--period",
        "2026-03", "--lookback", "2", "--timezone", "America/Sao_Paulo");
    assertSameTables(whole, single);
  }

  /** Every KPI table under both roots has the same rows, run_id aside. */
  static void assertSameTables(String a, String b) {
    var spark = SharedSpark.get();
    int compared = 0;
    for (String t : com.customerkpis.kpi.KpiRegistry.names()) {
      boolean inA = DeltaTable.isDeltaTable(spark, a + "/" + t);
      assertEquals(inA, DeltaTable.isDeltaTable(spark, b + "/" + t), t);
      if (!inA) {
        continue;
      }
      List<String> ra = Fixtures.render(spark.read().format("delta").load(a + "/" + t)
          .drop("run_id"));
      List<String> rb = Fixtures.render(spark.read().format("delta").load(b + "/" + t)
          .drop("run_id"));
      assertEquals(ra, rb, t);
      compared++;
    }
    assertTrue(compared > 0);
  }

  @Test
  void usageErrorsExitTwo() {
    runCapturingStdout(2, "run", "--input", "x", "--output", "y", "--period", "2026-13");
    runCapturingStdout(2, "run", "--input", "x", "--output", "y", "--period", "2026-01",
        "--kpis", "nope");
    runCapturingStdout(2, "run", "--input", "x", "--output", "y", "--period", "2026-01",
        "--grain", "fortnight");
    runCapturingStdout(2, "run", "--input", "x", "--output", "y", "--period", "2026-01",
        "--timezone", "Mars/Base");
    runCapturingStdout(2, "bogus");
  }
}
