package com.customerkpis.input;

import static com.customerkpis.testing.Rows.*;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import com.customerkpis.input.InputTable;
import com.customerkpis.testing.SharedSpark;
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
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values and files that used to break a run: ANSI casts, long or reserved values, bad Parquet. */
class HostileInputTest {
  @TempDir
  Path tmp;

  private static final StructType ORDERS_AS_DOUBLE = new StructType()
      .add("order_id", DataTypes.StringType).add("customer_id", DataTypes.StringType)
      .add("order_ts", DataTypes.TimestampType).add("amount", DataTypes.DoubleType)
      .add("status", DataTypes.StringType).add("channel", DataTypes.StringType);

  /** Reason per order id, with ANSI mode set as given for the duration of the call. */
  private static List<String> orderReasons(boolean ansi) {
    SparkSession spark = SharedSpark.get();
    String before = spark.conf().get("spark.sql.ansi.enabled");
    spark.conf().set("spark.sql.ansi.enabled", String.valueOf(ansi));
    try {
      Dataset<Row> raw = df(ORDERS_AS_DOUBLE,
          row("o1", "c1", ts("2026-01-01T00:00:00Z"), 12.5, "completed", null),
          row("o2", "c1", ts("2026-01-01T00:00:00Z"), 1.0e20, "completed", null),
          row("o3", "c1", ts("2026-01-01T00:00:00Z"), Double.NaN, "completed", null),
          row("o4", "c1", ts("2026-01-01T00:00:00Z"), null, "completed", null));
      Dataset<Row> a = InputReader.annotate(InputTable.ORDERS,
          InputReader.conform(InputTable.ORDERS, raw, "segment"));
      return a.orderBy("order_id").select(col(InputReader.REASON_COL)).collectAsList().stream()
          .map(r -> String.valueOf(r.get(0))).toList();
    } finally {
      spark.conf().set("spark.sql.ansi.enabled", before);
    }
  }

  @Test
  void amountsThatDoNotFitAreQuarantinedTheSameWithAnsiOnAndOff() {
    List<String> expected = List.of("null", "value_out_of_range", "value_out_of_range",
        "null_required");
    assertEquals(expected, orderReasons(false));
    assertEquals(expected, orderReasons(true));
  }

  @Test
  void outOfRangeValueIsShownInTheQuarantinedRow() {
    Dataset<Row> raw = df(ORDERS_AS_DOUBLE,
        row("o2", "c1", ts("2026-01-01T00:00:00Z"), 1.0e20, "completed", null));
    Dataset<Row> a = InputReader.annotate(InputTable.ORDERS,
        InputReader.conform(InputTable.ORDERS, raw, "segment"));
    String json = InputReader.quarantined(InputTable.ORDERS, a, "r1").first().getAs("row_json");
    assertTrue(json.contains("\"order_id\":\"o2\"") && json.contains("1.0E20"), json);
  }

  static String sha16(String s) throws Exception {
    byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(h).substring(0, 16);
  }

  @Test
  void longSegmentsGetAStableShortFormAndReservedAllIsEscaped() throws Exception {
    String longSeg = "é".repeat(150) + "x".repeat(150);
    String sixty = "s".repeat(60);
    Dataset<Row> customers = df(InputTable.CUSTOMERS.schema(),
        row("c1", ts("2026-01-01T00:00:00Z"), "ALL", longSeg),
        row("c2", ts("2026-01-01T00:00:00Z"), "ALL~", "ALL"),
        row("c3", ts("2026-01-01T00:00:00Z"), "all", "ALL~"),
        row("c4", ts("2026-01-01T00:00:00Z"), " ", sixty),
        row("c5", ts("2026-01-01T00:00:00Z"), "x", " "));
    List<String> kept = InputReader.kept(InputTable.CUSTOMERS,
        InputReader.annotate(InputTable.CUSTOMERS, customers)).orderBy("customer_id")
        .selectExpr("concat(acquisition_channel, '|', segment)").collectAsList().stream()
        .map(r -> r.getString(0)).toList();
    String shortForm = "é".repeat(43) + "~" + sha16(longSeg);
    assertEquals(60, shortForm.length());
    assertEquals(List.of("ALL~|" + shortForm, "ALL~~|ALL~", "all|ALL~~", "unknown|" + sixty,
        "x|unknown"), kept);
  }

  @Test
  void eventChannelAllIsEscapedToo() {
    Dataset<Row> events = df(InputTable.EVENTS.schema(),
        row("e1", ts("2026-01-01T00:00:00Z"), "c1", null, null, "login", "ALL", "ALL", "ALL"),
        // Only the whole value is reserved: a final line break makes it an ordinary value.
        row("e2", ts("2026-01-01T00:00:00Z"), "c1", null, null, "login", "ALL\n", "ALL\n~",
            "ALL~"));
    List<Row> rs = InputReader.kept(InputTable.EVENTS,
        InputReader.annotate(InputTable.EVENTS, events)).orderBy("event_id").collectAsList();
    Row r = rs.get(0);
    assertEquals(List.of("ALL~", "ALL~", "ALL~"),
        List.of(r.getAs("channel"), r.getAs("page"), r.getAs("device")));
    Row r2 = rs.get(1);
    assertEquals(List.of("ALL\n", "ALL\n~", "ALL~~"),
        List.of(r2.getAs("channel"), r2.getAs("page"), r2.getAs("device")));
  }

  private Path ordersDir(String name) {
    Path dir = tmp.resolve(name).resolve("orders");
    SharedSpark.get().sql("select 'o1' as order_id, 'c1' as customer_id, "
        + "timestamp'2026-01-01 00:00:00' as order_ts, cast(1.5 as decimal(18,2)) as amount, "
        + "'completed' as status").coalesce(1).write().mode(SaveMode.Overwrite)
        .parquet(dir.toString());
    return dir;
  }

  private static Path onlyDataFile(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst()
          .orElseThrow();
    }
  }

  private static ContractViolationException check(Path dir) {
    return assertThrows(ContractViolationException.class, () -> ParquetFooters.check(
        SharedSpark.get(), InputTable.ORDERS, dir.toString(), "segment"));
  }

  @Test
  void truncatedParquetIsNamedWithItsFile() throws Exception {
    Path dir = ordersDir("trunc");
    Path f = onlyDataFile(dir);
    byte[] all = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(all, all.length / 2));
    String m = check(dir).getMessage();
    assertTrue(m.startsWith("table orders: file ") && m.contains(f.getFileName().toString())
        && m.contains("unreadable"), m);
  }

  @Test
  void textFileNamedParquetIsNamed() throws Exception {
    Path dir = ordersDir("text");
    Files.writeString(dir.resolve("notes.parquet"), "order_id,amount\no9,12.00\n");
    String m = check(dir).getMessage();
    assertTrue(m.contains("notes.parquet") && m.contains("unreadable")
        && m.contains("not a Parquet file"), m);
  }

  @Test
  void corruptFooterIsNamed() throws Exception {
    Path dir = ordersDir("footer");
    Path f = onlyDataFile(dir);
    byte[] b = Files.readAllBytes(f);
    // Keep the trailing length and magic, scramble the footer bytes before them.
    for (int i = b.length - 8 - 40; i < b.length - 8; i++) {
      b[i] = (byte) 0xFF;
    }
    Files.write(f, b);
    String m = check(dir).getMessage();
    assertTrue(m.contains(f.getFileName().toString()) && m.contains("footer corrupt"), m);
  }

  @Test
  void columnTypeDriftBetweenFilesIsNamed() throws Exception {
    Path dir = ordersDir("drift");
    SharedSpark.get().sql("select 'o2' as order_id, 'c1' as customer_id, "
        + "timestamp'2026-01-01 00:00:00' as order_ts, '2.50' as amount, 'completed' as status")
        .coalesce(1).write().mode(SaveMode.Append).parquet(dir.toString());
    String m = check(dir).getMessage();
    assertTrue(m.contains("column 'amount'") && m.contains("differs from the other files")
        && m.contains("STRING") && m.contains("DECIMAL(18,2)"), m);
    // Two healthy files agree and pass.
    Path ok = ordersDir("ok");
    SharedSpark.get().read().parquet(ok.toString()).write().mode(SaveMode.Append)
        .parquet(ok.toString());
    ParquetFooters.check(SharedSpark.get(), InputTable.ORDERS, ok.toString(), "segment");
  }
}
