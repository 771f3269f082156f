package com.customerkpis.input;

import static com.customerkpis.testing.Rows.*;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import com.customerkpis.input.InputTable;
import com.customerkpis.testing.SharedSpark;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class InputReaderTest {

  private static Map<String, Long> reasons(Dataset<Row> annotated) {
    Map<String, Long> out = new TreeMap<>();
    for (Row r : annotated.groupBy(col(InputReader.REASON_COL), col(InputReader.DUP_COL)).count()
        .collectAsList()) {
      String key = r.isNullAt(0) ? (r.getBoolean(1) ? "duplicate" : "kept") : r.getString(0);
      out.merge(key, r.getLong(2), Long::sum);
    }
    return out;
  }

  @Test
  void everyReasonInOrderAndDuplicatesAndNothingLost() {
    Dataset<Row> events = df(InputTable.EVENTS.schema(),
        row("e1", ts("2026-01-01T00:00:00Z"), "c1", null, null, "page_view", null, null, null),
        row(" ", ts("2026-01-01T00:00:00Z"), "c1", null, null, "page_view", null, null, null),
        // null key wins over no identity
        row(null, ts("2026-01-01T00:00:00Z"), null, null, null, "page_view", null, null, null),
        row("e2", ts("2026-01-01T00:00:00Z"), " ", null, null, "page_view", null, null, null),
        row("e3", null, "c1", null, null, "page_view", null, null, null),
        row("e4", ts("2026-01-01T00:00:00Z"), "c1", null, null, "  ", null, null, null),
        row("e5", ts("1989-12-31T23:59:59Z"), "c1", null, null, "login", null, null, null),
        row("e6", ts("2100-01-01T00:00:00Z"), "c1", null, null, "login", null, null, null),
        row("e7", ts("2099-12-31T23:59:59Z"), "c1", null, null, "login", null, null, null),
        // duplicates of e1: the first copy in contract-column order is kept
        row("e1", ts("2026-01-01T00:00:00Z"), "c0", null, null, "page_view", null, null, null),
        row("e1", ts("2026-01-02T00:00:00Z"), "c1", null, null, "page_view", null, null, null));
    Dataset<Row> a = InputReader.annotate(InputTable.EVENTS, events);
    assertEquals(Map.of("kept", 2L, "null_key", 2L, "no_identity", 1L, "null_required", 2L,
        "timestamp_out_of_range", 2L, "duplicate", 2L), reasons(a));
    Row kept = InputReader.kept(InputTable.EVENTS, a).filter(col("event_id").equalTo("e1"))
        .first();
    assertEquals("c0", kept.getAs("customer_id"));
    assertEquals("direct", kept.getAs("channel"), "events.channel null maps to direct");
    assertEquals("unknown", kept.getAs("device"));

    // The job's path (InputSet: hash-counted keys, only duplicated keys sorted) keeps the same rows
    // and counts the same duplicates, with the duplicated keys broadcast or shuffled.
    InputSet set = InputSet.of(Map.of(InputTable.EVENTS, events));
    TableCounts c = set.counts().get(0);
    assertEquals(11, c.read());
    assertEquals(2, c.kept());
    assertEquals(2, c.duplicatesDropped());
    List<Row> expected = InputReader.kept(InputTable.EVENTS, a).orderBy("event_id")
        .collectAsList();
    assertEquals(expected, set.kept(InputTable.EVENTS).orElseThrow().orderBy("event_id")
        .collectAsList());
    for (boolean broadcast : new boolean[] {true, false}) {
      Dataset<Row> first = InputReader.firstPerKey(InputTable.EVENTS,
          InputReader.good(InputReader.withReason(InputTable.EVENTS, events)), broadcast);
      assertEquals(expected, InputReader.normalised(InputTable.EVENTS, first)
          .orderBy("event_id").collectAsList(), "broadcast " + broadcast);
    }
  }

  @Test
  void surveyScalesTypesAndNegativeAmounts() {
    Dataset<Row> surveys = df(InputTable.SURVEYS.schema(),
        row("r1", null, "CSAT ", 5, null, ts("2026-01-01T00:00:00Z")),
        row("r2", null, "csat", 6, null, ts("2026-01-01T00:00:00Z")),
        row("r3", null, "nps", 0, null, ts("2026-01-01T00:00:00Z")),
        row("r4", null, "nps", 11, null, ts("2026-01-01T00:00:00Z")),
        row("r5", null, "ces", 0, null, ts("2026-01-01T00:00:00Z")),
        row("r6", null, "sus", 3, null, ts("2026-01-01T00:00:00Z")),
        row("r7", null, "ces", null, null, ts("2026-01-01T00:00:00Z")));
    assertEquals(Map.of("kept", 2L, "score_out_of_scale", 3L, "unknown_survey_type", 1L,
        "null_required", 1L), reasons(InputReader.annotate(InputTable.SURVEYS, surveys)));
    Dataset<Row> orders = df(InputTable.ORDERS.schema(),
        row("o1", "c1", ts("2026-01-01T00:00:00Z"), dec("-0.01"), "completed", null),
        row("o2", "c1", ts("2026-01-01T00:00:00Z"), dec("0.00"), "completed", null));
    assertEquals(Map.of("kept", 1L, "negative_amount", 1L),
        reasons(InputReader.annotate(InputTable.ORDERS, orders)));
  }

  @Test
  void endsBeforeStart() {
    Dataset<Row> tickets = df(InputTable.TICKETS.schema(),
        row("t1", null, null, ts("2026-01-02T00:00:00Z"), ts("2026-01-01T00:00:00Z"), null, null,
            null),
        row("t2", null, null, ts("2026-01-02T00:00:00Z"), null, ts("2026-01-01T00:00:00Z"), 1,
            false),
        row("t3", null, null, ts("2026-01-02T00:00:00Z"), ts("2026-01-02T00:00:00Z"),
            ts("2026-01-02T00:00:00Z"), 1, true));
    assertEquals(Map.of("kept", 1L, "ends_before_start", 2L),
        reasons(InputReader.annotate(InputTable.TICKETS, tickets)));
    Dataset<Row> subs = df(InputTable.SUBSCRIPTIONS.schema(),
        row("s1", "c1", dec("10.00"), ts("2026-01-02T00:00:00Z"), ts("2026-01-01T00:00:00Z")),
        row("s2", "c1", dec("-1.00"), ts("2026-01-02T00:00:00Z"), ts("2026-01-01T00:00:00Z")),
        row("s3", "c1", dec("10.00"), ts("2026-01-02T00:00:00Z"), null));
    assertEquals(Map.of("kept", 1L, "ends_before_start", 1L, "negative_amount", 1L),
        reasons(InputReader.annotate(InputTable.SUBSCRIPTIONS, subs)));
  }

  @Test
  void typeVariantsAreCoercedAndBadTypesNamed() {
    StructType variant = new StructType()
        .add("order_id", DataTypes.StringType).add("customer_id", DataTypes.StringType)
        .add("order_ts", DataTypes.TimestampNTZType).add("amount", DataTypes.DoubleType)
        .add("status", DataTypes.StringType).add("extra", DataTypes.IntegerType);
    Dataset<Row> raw = SharedSpark.get().sql("select 'o1' as order_id, 'c1' as customer_id, "
        + "timestamp_ntz'2026-01-01 10:00:00' as order_ts, cast(12.345 as double) as amount, "
        + "'completed' as status, 7 as extra");
    assertEquals(variant.simpleString(), raw.schema().asNullable().simpleString());
    Dataset<Row> conformed = InputReader.conform(InputTable.ORDERS, raw, "segment");
    assertEquals(InputTable.ORDERS.schema().fieldNames().length + 1, conformed.columns().length,
        "contract columns and the internal " + InputReader.INVALID_COL);
    Row r = conformed.first();
    assertEquals(ts("2026-01-01T10:00:00Z"), r.getAs("order_ts"), "NTZ is read as UTC");
    assertEquals(dec("12.35"), r.getAs("amount"));
    assertNull(r.getAs("channel"), "absent nullable column reads as null");

    Dataset<Row> badType = SharedSpark.get().sql(
        "select 'o1' as order_id, 'c1' as customer_id, '2026-01-01' as order_ts, 1.0 as amount, "
            + "'completed' as status");
    ContractViolationException e = assertThrows(ContractViolationException.class,
        () -> InputReader.conform(InputTable.ORDERS, badType, "segment"));
    assertTrue(e.getMessage().contains("orders") && e.getMessage().contains("order_ts")
        && e.getMessage().contains("STRING") && e.getMessage().contains("TIMESTAMP"),
        e.getMessage());

    Dataset<Row> missing = SharedSpark.get().sql("select 'o1' as order_id, 'c1' as customer_id");
    e = assertThrows(ContractViolationException.class,
        () -> InputReader.conform(InputTable.ORDERS, missing, "segment"));
    assertTrue(e.getMessage().contains("order_ts"), e.getMessage());
  }

  @Test
  void configuredSegmentColumnIsRequiredAndRenamed() {
    Dataset<Row> raw = SharedSpark.get().sql("select 'c1' as customer_id, "
        + "timestamp'2026-01-01 00:00:00' as signup_ts, 'gold' as tier");
    Dataset<Row> c = InputReader.conform(InputTable.CUSTOMERS, raw, "tier");
    assertEquals(List.of("customer_id", "signup_ts", "acquisition_channel", "segment",
        InputReader.INVALID_COL),
        List.of(c.columns()));
    assertEquals("gold", c.first().getAs("segment"));
    assertThrows(ContractViolationException.class,
        () -> InputReader.conform(InputTable.CUSTOMERS, raw, "plan"));
  }
}
