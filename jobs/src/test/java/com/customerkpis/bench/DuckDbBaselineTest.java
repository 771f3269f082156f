package com.customerkpis.bench;

import static com.customerkpis.testing.Rows.dec;
import static com.customerkpis.testing.Rows.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.customerkpis.generate.Generator;
import com.customerkpis.generate.GeneratorConfig;
import com.customerkpis.input.InputTable;
import com.customerkpis.testing.Fixtures;
import com.customerkpis.testing.KpiRuns;
import com.customerkpis.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DuckDB baseline computes the same definitions as the job: on a generated sample with bad
 * rows and duplicates, plus a few edge cases, its three tables equal the Spark job's row for row.
 */
@Tag("e2e")
class DuckDbBaselineTest {
  /** Relative tolerance for DOUBLE columns: the same ratios, possibly in another order. */
  private static final double TOLERANCE = 1e-9;

  @TempDir
  Path tmp;

  @Test
  void baselineMatchesTheJobRowForRow() throws Exception {
    Path input = tmp.resolve("in");
    Path output = tmp.resolve("out");
    Path duck = tmp.resolve("duck");
    // Five months of data around a run window that starts and ends mid-month: earlier cohorts,
    // look-back days before the first period, and events after the last one are all read.
    Generator.generate(SharedSpark.get(), new GeneratorConfig(input.toString(), 300, 5,
        LocalDate.of(2025, 11, 1), 11, 0.05, 2));
    appendEdgeRows(input);
    String stdout = KpiRuns.runCapturingStdout(0, "run", "--input", input.toString(),
        "--output", output.toString(), "--from", "2025-12-15", "--to", "2026-02-10",
        "--kpis", String.join(",", DuckDbBaseline.TABLES));
    String summary = stdout.strip().lines().reduce((a, b) -> b).orElseThrow();
    // The sample exercises the cleaning: quarantined rows and dropped duplicates in every input.
    for (String t : List.of("customers", "events", "orders")) {
      Matcher m = Pattern.compile("\"" + t + "\":\\{[^{}]*\"quarantined\":\\{([^}]*)\\},"
          + "\"duplicates_dropped\":(\\d+)").matcher(summary);
      assertTrue(m.find(), t + " in " + summary);
      assertTrue(!m.group(1).isEmpty() && Long.parseLong(m.group(2)) > 0, t + ": " + m.group());
    }

    DuckDbBaseline.Result result = DuckDbBaseline.run(input, LocalDate.parse("2025-12-15"),
        LocalDate.parse("2026-02-10"), duck, 2, "1GB");

    Set<String> cohorts = assertSameRows(output, duck, "cohort_retention", result, "cohort");
    Set<String> channels = assertSameRows(output, duck, "conversion_by_channel", result, "channel");
    assertSameRows(output, duck, "active_users", result);
    // The edge rows took part: a reserved and a shortened segment, a reserved channel.
    assertTrue(cohorts.contains("2026-01|ALL~|2026-01|"), "segment ALL~");
    assertTrue(cohorts.stream().anyMatch(k -> k.matches("2026-01\\|long-s{38}~[0-9a-f]{16}\\|.*")),
        "shortened segment");
    assertTrue(channels.contains("2026-01|anonymous|ALL~|"), "channel ALL~");
  }

  /**
   * Appends one more Parquet file per table with cases that generated data never has: identity
   * links after a period's end and tied links, duplicate keys whose copies differ, sessions with
   * tied first events, mixed visitors or a gap of exactly the timeout, reserved and long segment
   * or channel values, activity before signup and orders that do not count.
   */
  static void appendEdgeRows(Path input) {
    String longSegment = "long-" + "s".repeat(70);
    Fixtures f = new Fixtures()
        .add(InputTable.CUSTOMERS, "xc1", ts("2026-01-10T12:00:00Z"), null, "ALL")
        .add(InputTable.CUSTOMERS, "xc2", ts("2025-12-20T00:00:00Z"), "email", longSegment)
        .add(InputTable.CUSTOMERS, "xc3", ts("2026-02-25T09:00:00Z"), "social", "smb")
        // copies that differ: the first in column order is kept (enterprise, 2025-12, null channel)
        .add(InputTable.CUSTOMERS, "xc4", ts("2026-01-05T00:00:00Z"), "email", "smb")
        .add(InputTable.CUSTOMERS, "xc4", ts("2026-01-05T00:00:00Z"), "email", "enterprise")
        .add(InputTable.CUSTOMERS, "xc5", ts("2026-01-03T00:00:00Z"), "email", "mid_market")
        .add(InputTable.CUSTOMERS, "xc5", ts("2025-12-03T00:00:00Z"), "email", "mid_market")
        .add(InputTable.CUSTOMERS, "xc6", ts("2026-01-02T00:00:00Z"), "email", "enterprise")
        .add(InputTable.CUSTOMERS, "xc6", ts("2026-01-02T00:00:00Z"), null, "smb")
        // a quarantined copy never shadows the good one
        .add(InputTable.CUSTOMERS, "xc7", ts("1980-01-01T00:00:00Z"), null, "smb")
        .add(InputTable.CUSTOMERS, "xc7", ts("2026-01-15T00:00:00Z"), null, "enterprise")
        .add(InputTable.CUSTOMERS, "xc8", ts("2025-11-10T00:00:00Z"), null, "lookback")
        // 24 months before December: the oldest cohort December has, and January has not
        .add(InputTable.CUSTOMERS, "xc9", ts("2023-12-31T23:00:00Z"), null, "old");
    // xa1 browses and buys in January and is linked to xc3 only on Feb 25: anonymous in January,
    // xc3 in February (its January 28 event too, in February's weekly look-back).
    f.add(InputTable.EVENTS, "x01", ts("2026-01-20T10:00:00Z"), null, "xa1", null, "page_view",
            "paid_search", "/", "mobile")
        .add(InputTable.EVENTS, "x02", ts("2026-01-20T10:05:00Z"), null, "xa1", null, "purchase",
            "paid_search", "/checkout", "mobile")
        .add(InputTable.EVENTS, "x03", ts("2026-01-28T10:00:00Z"), null, "xa1", null, "page_view",
            "email", "/", "mobile")
        .add(InputTable.EVENTS, "x04", ts("2026-02-25T09:00:00Z"), "xc3", "xa1", null, "signup",
            "email", "/signup", "mobile")
        // xa2: linked to xc1 at signup; before it, one grouping key with xc1; after it, xc1's
        // only February activity
        .add(InputTable.EVENTS, "x05", ts("2026-01-08T09:00:00Z"), null, "xa2", null, "page_view",
            "social", "/", "desktop")
        .add(InputTable.EVENTS, "x06", ts("2026-01-08T09:10:00Z"), "xc1", null, null, "page_view",
            "email", "/", "desktop")
        .add(InputTable.EVENTS, "x07", ts("2026-01-10T12:00:00Z"), "xc1", "xa2", null, "signup",
            "email", "/signup", "desktop")
        .add(InputTable.EVENTS, "x08", ts("2026-02-15T08:00:00Z"), null, "xa2", null, "page_view",
            "direct", "/", "desktop")
        // xc2 before signup only: a visitor, not an active customer
        .add(InputTable.EVENTS, "x09", ts("2025-12-10T08:00:00Z"), "xc2", null, null, "page_view",
            "email", "/", "tablet")
        // a session from January 31 to February 1 that converts after January's end
        .add(InputTable.EVENTS, "x10", ts("2026-01-31T23:50:00Z"), "xc4", null, "xs2", "page_view",
            "referral", "/", "desktop")
        .add(InputTable.EVENTS, "x11", ts("2026-02-01T00:20:00Z"), "xc4", null, "xs2", "purchase",
            "referral", "/checkout", "desktop")
        // one session_id, two visitors: the first event's visitor counts
        .add(InputTable.EVENTS, "x12", ts("2026-01-16T10:00:00Z"), null, "xa3", "xs3", "page_view",
            "organic_search", "/", "desktop")
        .add(InputTable.EVENTS, "x13", ts("2026-01-16T10:01:00Z"), "xc6", null, "xs3", "login",
            "organic_search", "/login", "desktop")
        // tied first events: the smaller event_id gives the channel; " Purchase" converts
        .add(InputTable.EVENTS, "x-b", ts("2026-01-12T10:00:00Z"), null, "xa9", "xs1", "page_view",
            "email", "/", "mobile")
        .add(InputTable.EVENTS, "x-a", ts("2026-01-12T10:00:00Z"), null, "xa9", "xs1", "page_view",
            "social", "/", "mobile")
        .add(InputTable.EVENTS, "x14", ts("2026-01-12T10:09:00Z"), null, "xa9", "xs1", " Purchase",
            "social", "/checkout", "mobile")
        // a gap of exactly 30 minutes continues a session, 1 µs more starts one; reserved and
        // blank channels; a blank customer_id and session_id read as null
        .add(InputTable.EVENTS, "x15", ts("2026-01-05T10:00:00Z"), "  ", "xa4", " ", "page_view",
            "ALL", "/", "mobile")
        .add(InputTable.EVENTS, "x16", ts("2026-01-05T10:30:00Z"), null, "xa4", null, "page_view",
            "email", "/", "mobile")
        .add(InputTable.EVENTS, "x17", ts("2026-01-05T11:00:00.000001Z"), null, "xa4", null,
            "page_view", "  ", "/", "mobile")
        .add(InputTable.EVENTS, "x18", ts("2026-01-06T11:00:00Z"), null, "xa4", null, "purchase",
            "ALL~", "/", "mobile")
        // tied links: the smaller customer_id wins (xc4, enterprise, not xc5)
        .add(InputTable.EVENTS, "x19", ts("2026-01-21T08:00:00Z"), "xc5", "xa6", null, "login",
            "direct", "/login", "mobile")
        .add(InputTable.EVENTS, "x20", ts("2026-01-21T08:00:00Z"), "xc4", "xa6", null, "login",
            "direct", "/login", "mobile")
        .add(InputTable.EVENTS, "x21", ts("2026-01-25T08:00:00Z"), null, "xa6", null, "page_view",
            "direct", "/", "mobile")
        // copies that differ: page_view sorts first and is kept, so no conversion
        .add(InputTable.EVENTS, "x22", ts("2026-01-15T10:00:00Z"), "xc6", null, "xs9", "purchase",
            "email", "/", "desktop")
        .add(InputTable.EVENTS, "x22", ts("2026-01-15T10:00:00Z"), "xc6", null, "xs9", "page_view",
            "email", "/", "desktop")
        .add(InputTable.EVENTS, "x23", ts("1980-01-15T10:00:00Z"), "xc6", null, null, "page_view",
            "email", "/", "desktop")
        .add(InputTable.EVENTS, "x23", ts("2026-01-17T10:00:00Z"), "xc6", null, null, "page_view",
            "email", "/", "desktop")
        // xb1 is linked to xc5 only in January: its December event is not xc5's activity then
        .add(InputTable.EVENTS, "x26", ts("2025-12-16T10:00:00Z"), null, "xb1", null, "page_view",
            "direct", "/", "mobile")
        .add(InputTable.EVENTS, "x27", ts("2026-01-22T10:00:00Z"), "xc5", "xb1", null, "login",
            "direct", "/login", "mobile")
        // the only events of segment "lookback": one day before December's weekly look-back, and
        // on the first day of February's
        .add(InputTable.EVENTS, "x28", ts("2025-11-24T10:00:00Z"), "xc8", null, null, "page_view",
            "direct", "/", "mobile")
        .add(InputTable.EVENTS, "x29", ts("2026-01-26T10:00:00Z"), "xc8", null, null, "page_view",
            "direct", "/", "mobile")
        // a blank key is quarantined; a customer_id absent from customers is anonymous
        .add(InputTable.EVENTS, " ", ts("2026-01-23T10:00:00Z"), null, "xb2", null, "page_view",
            "direct", "/", "mobile")
        .add(InputTable.EVENTS, "x30", ts("2026-01-23T10:00:00Z"), "xzz", null, null, "purchase",
            "direct", "/", "mobile")
        .add(InputTable.EVENTS, "x31", ts("2026-01-23T10:00:00Z"), "xc9", null, null, "page_view",
            "direct", "/", "mobile")
        // 1 µs apart around a period boundary: one session of January, active on both days
        .add(InputTable.EVENTS, "x24", ts("2026-01-31T23:59:59.999999Z"), null, "xa8", null,
            "page_view", "social", "/", "mobile")
        .add(InputTable.EVENTS, "x25", ts("2026-02-01T00:00:00Z"), null, "xa8", null, "purchase",
            "social", "/", "mobile");
    // Orders: completed (any spelling) count as activity at or after signup; refunded,
    // cancelled, negative and unknown-customer orders do not.
    f.add(InputTable.ORDERS, "xo1", "xc5", ts("2026-01-20T10:00:00Z"), dec("10.00"), "completed",
            null)
        .add(InputTable.ORDERS, "xo2", "xc5", ts("2026-02-10T10:00:00Z"), dec("5.00"), " Refunded",
            null)
        .add(InputTable.ORDERS, "xo3", "xc6", ts("2026-02-12T10:00:00Z"), dec("7.00"),
            " COMPLETED ", "web")
        .add(InputTable.ORDERS, "xo4", "xc4", ts("2026-02-14T10:00:00Z"), dec("-1.00"),
            "completed", "web")
        .add(InputTable.ORDERS, "xo5", "xc7", ts("2026-01-14T10:00:00Z"), dec("3.00"), "completed",
            "web")
        .add(InputTable.ORDERS, "xo6", "xc2", ts("2026-02-03T10:00:00Z"), dec("1.00"), "completed",
            "web")
        .add(InputTable.ORDERS, "xo6", "xc2", ts("2026-02-03T10:00:00Z"), dec("1.00"), "cancelled",
            "web")
        .add(InputTable.ORDERS, "xo7", "xzz", ts("2026-01-20T10:00:00Z"), dec("2.00"), "completed",
            "web")
        // quarantined copies that would sort first: the good copies make xc7 active
        .add(InputTable.ORDERS, "xo8", "xc7", ts("2026-02-20T10:00:00Z"), dec("4.00"), "completed",
            "web")
        .add(InputTable.ORDERS, "xo8", "xc7", ts("1980-02-20T10:00:00Z"), dec("4.00"), "completed",
            "web")
        .add(InputTable.ORDERS, "xo9", "xc7", ts("2026-01-20T10:00:00Z"), dec("5.00"), "completed",
            "web")
        .add(InputTable.ORDERS, "xo9", "xc7", ts("2026-01-20T10:00:00Z"), dec("-1.00"), "cancelled",
            "web");
    SparkSession spark = SharedSpark.get();
    String key = "spark.sql.parquet.outputTimestampType";
    String previous = spark.conf().get(key, null);
    // UTC-adjusted microsecond timestamps, as the generated files have.
    spark.conf().set(key, "TIMESTAMP_MICROS");
    try {
      f.frames().forEach((t, d) -> d.coalesce(1).write().mode(SaveMode.Append)
          .parquet(input.resolve(t.tableName()).toString()));
    } finally {
      if (previous == null) {
        spark.conf().unset(key);
      } else {
        spark.conf().set(key, previous);
      }
    }
  }

  /**
   * Same columns and types (run_id aside), same keys, equal values in every row; returns the keys
   * ({@code period|segment|dimension|}).
   */
  private static Set<String> assertSameRows(Path output, Path duck, String table,
      DuckDbBaseline.Result result, String... dims) {
    Dataset<Row> job = KpiRuns.delta(output.resolve(table)).drop("run_id");
    Dataset<Row> base = SharedSpark.get().read().parquet(duck.resolve(table + ".parquet")
        .toString());
    assertEquals(columns(job), columns(base), table + " columns");
    List<String> key = new ArrayList<>(List.of("period", "segment"));
    key.addAll(Arrays.asList(dims));
    Map<String, Row> expected = byKey(job, key, table);
    Map<String, Row> actual = byKey(base, key, table);
    assertTrue(expected.size() > 10, table + " has only " + expected.size() + " rows");
    assertEquals(expected.keySet(), actual.keySet(), table + " row keys");
    long duckRows = result.kpis().stream().filter(t -> t.table().equals(table)).findFirst()
        .orElseThrow().rows();
    assertEquals(expected.size(), duckRows, table + " rows reported");

    List<String> diffs = new ArrayList<>();
    String[] names = job.columns();
    for (Map.Entry<String, Row> e : expected.entrySet()) {
      Row a = e.getValue();
      Row b = actual.get(e.getKey());
      for (int i = 0; i < names.length; i++) {
        Object x = a.get(a.fieldIndex(names[i]));
        Object y = b.get(b.fieldIndex(names[i]));
        if (!same(x, y) && diffs.size() < 20) {
          diffs.add(e.getKey() + " " + names[i] + ": job " + x + ", duckdb " + y);
        }
      }
    }
    assertEquals(List.of(), diffs, table + " values");
    return expected.keySet();
  }

  private static List<String> columns(Dataset<Row> d) {
    List<String> out = new ArrayList<>();
    for (StructField f : d.schema().fields()) {
      out.add(f.name() + " " + f.dataType().simpleString());
    }
    return out;
  }

  private static Map<String, Row> byKey(Dataset<Row> d, List<String> key, String table) {
    Map<String, Row> out = new TreeMap<>();
    for (Row r : d.collectAsList()) {
      StringBuilder k = new StringBuilder();
      for (String c : key) {
        k.append(String.valueOf(r.<Object>getAs(c))).append('|');
      }
      assertNull(out.put(k.toString(), r), table + ": duplicate key " + k);
    }
    return out;
  }

  private static boolean same(Object x, Object y) {
    if (x == null || y == null) {
      return x == y;
    }
    if (x instanceof Double a && y instanceof Double b) {
      return a.equals(b) || Math.abs(a - b) <= TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
    }
    return x.equals(y);
  }
}
