package com.customerkpis.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.customerkpis.input.InputTable;
import com.customerkpis.testing.CliRun;
import com.customerkpis.testing.Fixtures;
import com.customerkpis.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SaveMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kpi run --dry-run} on Parquet inputs on disk: plans, checks schemas, writes nothing. */
class DryRunTest {
  @TempDir
  Path tmp;

  @Test
  void plansWithoutWritingAndFailsOnASchemaViolationLikeARun() throws Exception {
    var spark = SharedSpark.get();
    Path input = tmp.resolve("in");
    Path output = tmp.resolve("out");
    Fixtures.cohortRetention().writeParquet(input);
    String[] args = {"run", "--dry-run", "--input", input.toString(), "--output",
        output.toString(), "--from", "2026-01-15", "--to", "2026-02-10"};

    CliRun.Result ok = CliRun.run(args);
    assertEquals(0, ok.code(), ok.err());
    String last = ok.out().strip().lines().reduce((a, b) -> b).orElseThrow();
    assertTrue(last.startsWith("{\"dry_run\":true,\"status\":\"planned\",\"grain\":\"month\","
        + "\"periods\":[\"2026-01\",\"2026-02\"],\"inputs_present\":[\"customers\",\"events\","
        + "\"orders\"],\"kpis_run\":[\"cohort_retention\","), last);
    assertTrue(ok.out().contains("  kpi mrr                          skip: absent input "
        + "subscriptions"), ok.out());
    assertFalse(Files.exists(output), "a dry run writes nothing");

    // orders without its required amount column: exit 3, as a real run.
    spark.read().parquet(input.resolve("orders").toString()).drop("amount").write()
        .mode(SaveMode.Overwrite).parquet(tmp.resolve("orders2").toString());
    CliRun.Result bad = CliRun.run(args[0], args[1], args[2], args[3], args[4], args[5],
        args[6], args[7], args[8], args[9], "--table-location",
        InputTable.ORDERS.tableName() + "=" + tmp.resolve("orders2"));
    assertEquals(3, bad.code(), bad.err());
    assertEquals("input contract violation: 1 contract violation(s): table orders: missing "
        + "required column 'amount' (expected DECIMAL(18,2), found: no such column)",
        bad.lastErrLine());
    assertFalse(Files.exists(output));
  }
}
