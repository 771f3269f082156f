package com.customerkpis.job;

import static com.customerkpis.testing.KpiRuns.delta;
import static com.customerkpis.testing.Rows.*;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import com.customerkpis.cli.KpiCli;
import com.customerkpis.input.InputTable;
import com.customerkpis.testing.Fixtures;
import com.customerkpis.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs that must end red (or exactly green) as an operator would see them: exit code and lines. */
@Tag("e2e")
class FailureModesTest {
  @TempDir
  Path tmp;

  /** Exit code, stdout and stderr of one CLI call. */
  record Result(int code, String out, String err) {
    String lastOut() {
      return out.strip().lines().reduce((a, b) -> b).orElse("");
    }

    String lastErr() {
      return err.strip().lines().reduce((a, b) -> b).orElse("");
    }
  }

  static Result cli(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = KpiCli.execute(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  private String[] run(Path input, Path output, String... more) {
    List<String> a = new java.util.ArrayList<>(List.of("run", "--input", input.toString(),
        "--output", output.toString(), "--from", "2026-01-01", "--to", "2026-03-31",
        "--timezone", "America/Sao_Paulo"));
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  // 1. missing / empty inputs, all KPIs skipped, data-quality gate

  @Test
  void missingInputDirectoryIsExitThreeNamingThePath() {
    Path missing = tmp.resolve("no-such-dir");
    Result r = cli(run(missing, tmp.resolve("out")));
    assertEquals(3, r.code(), r.err());
    assertTrue(r.lastErr().contains("no input table found") && r.lastErr().contains(
        missing.toString()), r.lastErr());
    assertTrue(r.lastOut().contains("\"status\":\"failed\""), r.out());
    assertEquals(1, delta(tmp.resolve("out/_runs")).filter(col("status").equalTo("failed"))
        .count());
    Result v = cli("validate", "--input", missing.toString());
    assertEquals(3, v.code(), v.out() + v.err());
    assertTrue(v.lastErr().contains("no input table found"), v.lastErr());
  }

  @Test
  void runWhereEveryKpiIsSkippedIsExitThreeWithTheReasons() {
    Path input = tmp.resolve("in");
    SharedSpark.get().sql("select date'2026-01-05' as spend_date, 'email' as channel, "
        + "cast(10 as decimal(18,2)) as amount").write()
        .parquet(input.resolve("marketing_spend").toString());
    Result r = cli(run(input, tmp.resolve("out")));
    assertEquals(3, r.code(), r.err());
    assertTrue(r.lastErr().contains("no KPI could run") && r.lastErr().contains(
        "acquisition: absent input customers"), r.lastErr());
  }

  /** Adds customers c8–c11 without signup_ts: four rows quarantined as null_required. */
  static Fixtures withoutSignups(Fixtures f) {
    for (String id : List.of("c8", "c9", "c10", "c11")) {
      f = f.add(InputTable.CUSTOMERS, id, null, null, null);
    }
    return f;
  }

  @Test
  void badRowShareGateFailsAfterTheQuarantineIsWritten() {
    // 5 of the 9 customers are bad (blank key, no signup_ts): 55.6 % > the default 50 %.
    Fixtures f = withoutSignups(Fixtures.cohortRetention()
        .add(InputTable.CUSTOMERS, " ", ts("2026-01-10T12:00:00Z"), null, null));
    Path input = tmp.resolve("in");
    f.writeParquet(input);
    Path out = tmp.resolve("out");
    Result r = cli(run(input, out, "--kpis", "cohort_retention"));
    assertEquals(3, r.code(), r.err());
    assertTrue(r.lastErr().contains("table customers: 5 of 9 rows quarantined (55.6%)")
        && r.lastErr().contains("--max-bad-row-share 0.5"), r.lastErr());
    assertTrue(r.lastOut().contains("\"status\":\"failed\""), r.out());
    assertEquals(5, delta(out.resolve("_quarantine")).count(), "quarantine written first");
    assertFalse(Files.exists(out.resolve("cohort_retention")), "no KPI written when red");
    assertEquals(1, delta(out.resolve("_runs")).filter(col("status").equalTo("failed"))
        .count());
    // A looser gate lets the same input through.
    Result loose = cli(run(input, tmp.resolve("out2"), "--kpis", "cohort_retention",
        "--max-bad-row-share", "0.6"));
    assertEquals(0, loose.code(), loose.err());
  }

  @Test
  void badRowShareOutsideZeroToOneIsAUsageError() {
    Result r = cli("run", "--input", "x", "--output", "y", "--period", "2026-01",
        "--max-bad-row-share", "1.5");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--max-bad-row-share must be between 0 and 1, got 1.5"), r.err());
  }

  @Test
  void badRowShareAtTheDefaultPassesAndAnAllQuarantinedTableNeverDoes() {
    Fixtures f = withoutSignups(Fixtures.cohortRetention());
    Path input = tmp.resolve("in");
    f.writeParquet(input);
    Result ok = cli(run(input, tmp.resolve("out"), "--kpis", "cohort_retention"));
    assertEquals(0, ok.code(), "4 of 8 = 50 % is not above the default 0.5: " + ok.err());
    // Every order is bad: red even with the gate fully open.
    Fixtures allBad = Fixtures.cohortRetention();
    Path in2 = tmp.resolve("in2");
    allBad.writeParquet(in2);
    SharedSpark.get().sql("select 'o1' as order_id, 'c1' as customer_id, "
        + "timestamp'2026-01-05 00:00:00' as order_ts, cast(-1 as decimal(18,2)) as amount, "
        + "'completed' as status").write().mode(SaveMode.Overwrite)
        .parquet(in2.resolve("orders").toString());
    Result red = cli(run(in2, tmp.resolve("out2"), "--max-bad-row-share", "1"));
    assertEquals(3, red.code(), red.err());
    assertTrue(red.lastErr().contains("table orders: 1 of 1 rows quarantined (100.0%)")
        && red.lastErr().contains("every row"), red.lastErr());
  }

  // 2. unreadable Parquet: one line naming table, file and problem; nothing written

  @Test
  void unreadableParquetIsExitThreeNamingTheFileAndWritesNothing() throws Exception {
    Path input = tmp.resolve("in");
    Fixtures.cohortRetention().writeParquet(input);
    Files.writeString(input.resolve("orders").resolve("extra.parquet"), "not parquet at all\n");
    Path out = tmp.resolve("out");
    Result r = cli(run(input, out));
    assertEquals(3, r.code(), r.err());
    assertTrue(r.lastErr().startsWith("input contract violation: table orders: file ")
        && r.lastErr().contains("extra.parquet") && r.lastErr().contains("unreadable"),
        r.lastErr());
    assertEquals(1, r.err().lines().filter(l -> l.contains("extra.parquet")).count(), r.err());
    try (Stream<Path> s = Files.list(out)) {
      assertEquals(List.of("_runs"), s.map(p -> p.getFileName().toString()).toList(),
          "only the failed run's record");
    }
    Result v = cli("validate", "--input", input.toString());
    assertEquals(3, v.code());
    assertTrue(v.out().contains("extra.parquet"), v.out());
  }

  // 3. and 4. partition-hostile and reserved segment values

  @Test
  void longAndReservedSegmentValuesKeepTheRunAndTheRollUpExact() throws Exception {
    String longSeg = "k".repeat(300);
    Fixtures f = new Fixtures()
        .add(InputTable.CUSTOMERS, "c1", ts("2026-01-10T12:00:00Z"), "email", "ALL")
        .add(InputTable.CUSTOMERS, "c2", ts("2026-01-11T12:00:00Z"), "email", longSeg)
        .add(InputTable.CUSTOMERS, "c3", ts("2026-01-12T12:00:00Z"), "email", "smb");
    Path input = tmp.resolve("in");
    f.writeParquet(input);
    Path out = tmp.resolve("out");
    Result r = cli(run(input, out, "--kpis", "cohort_retention,customer_churn"));
    assertEquals(0, r.code(), r.err());
    byte[] h = MessageDigest.getInstance("SHA-256").digest(longSeg.getBytes(
        StandardCharsets.UTF_8));
    String shortSeg = "k".repeat(43) + "~" + HexFormat.of().formatHex(h).substring(0, 16);
    List<String> jan = Fixtures.render(delta(out.resolve("cohort_retention"))
        .filter("period = '2026-01' and period_offset = 0"), "segment", "cohort_size");
    assertEquals(List.of("ALL|3", "ALL~|1", shortSeg + "|1", "smb|1"), jan);
  }

  // 5. ANSI mode: an amount beyond DECIMAL(18,2) is quarantined, the run stays green

  @Test
  void ansiModeQuarantinesOutOfRangeAmounts() {
    SparkSession spark = SharedSpark.get();
    Path input = tmp.resolve("in");
    Fixtures.cohortRetention().writeParquet(input);
    spark.sql("select * from values ('o1', 'c1', timestamp'2026-02-05 00:00:00', 10.0D, "
        + "'completed', 'web'), ('o2', 'c1', timestamp'2026-02-06 00:00:00', 1.0E20D, "
        + "'completed', 'web'), ('o3', 'c3', timestamp'2026-03-06 00:00:00', 30.0D, "
        + "'completed', 'web'), ('o4', 'c3', timestamp'2026-03-07 00:00:00', 30.0D, "
        + "'completed', 'web') as t(order_id, customer_id, order_ts, amount, status, channel)")
        .coalesce(1).write().mode(SaveMode.Overwrite).parquet(input.resolve("orders").toString());
    String before = spark.conf().get("spark.sql.ansi.enabled");
    spark.conf().set("spark.sql.ansi.enabled", "true");
    Result r;
    try {
      r = cli(run(input, tmp.resolve("out"), "--kpis",
          "clv_customer,clv_summary,repeat_purchase"));
    } finally {
      spark.conf().set("spark.sql.ansi.enabled", before);
    }
    assertEquals(0, r.code(), r.err());
    assertTrue(r.lastOut().contains("\"value_out_of_range\":1"), r.lastOut());
    assertEquals(1, delta(tmp.resolve("out/_quarantine"))
        .filter(col("reason").equalTo("value_out_of_range")).count());
  }

  // 8. every failure prints its summary and is recorded

  @Test
  void checkedSparkFailuresPrintTheSummaryAndAreRecorded() {
    Path input = tmp.resolve("in");
    Fixtures.cohortRetention().writeParquet(input);
    Path out = tmp.resolve("out");
    // A table of another shape at the KPI's path: Delta refuses the write (AnalysisException).
    SharedSpark.get().sql("select '2026-01' as period, 'x' as segment, 1 as foo").write()
        .format("delta").partitionBy("period", "segment")
        .save(out.resolve("cohort_retention").toString());
    Result r = cli(run(input, out, "--kpis", "cohort_retention"));
    assertEquals(1, r.code(), r.err());
    assertTrue(r.lastOut().contains("\"status\":\"failed\""), r.out());
    assertTrue(r.lastErr().startsWith("error: ") && r.lastErr().contains("cohort_retention"),
        r.lastErr());
    assertEquals(1, delta(out.resolve("_runs")).filter(col("status").equalTo("failed")).count());
  }
}
