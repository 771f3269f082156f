package com.holdenkarau.spark.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Spark 4 stand-in must fail exactly where spark-testing-base fails, naming the rows. */
class JavaDataFrameSuiteBaseTest {
  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.StringType, false)
      .add("amount", DataTypes.createDecimalType(18, 2), true)
      .add("rate", DataTypes.DoubleType, true);
  private static final JavaDataFrameSuiteBase BASE = new JavaDataFrameSuiteBase();
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[1]").appName("adapter-test")
        .config("spark.ui.enabled", "false").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Dataset<Row> df(Row... rows) {
    return spark.createDataFrame(List.of(rows), SCHEMA);
  }

  private static Row row(String id, String amount, Double rate) {
    return RowFactory.create(id, amount == null ? null : new BigDecimal(amount), rate);
  }

  @Test
  void sameRowsInAnotherOrderAreEqual() {
    assertDoesNotThrow(() -> BASE.assertDataFrameNoOrderEquals(
        df(row("a", "1.00", 0.5), row("b", null, null)),
        df(row("b", null, null), row("a", "1.00", 0.5))));
  }

  @Test
  void aDifferentRowFailsAndIsShown() {
    AssertionError e = assertThrows(AssertionError.class, () -> BASE.assertDataFrameNoOrderEquals(
        df(row("a", "1.00", 0.5), row("b", "2.00", null)),
        df(row("a", "1.00", 0.5), row("b", "2.01", null))));
    assertTrue(e.getMessage().contains("expected but not found (1):\n  [b,2.00,null]"), e.getMessage());
    assertTrue(e.getMessage().contains("found but not expected (1):\n  [b,2.01,null]"), e.getMessage());
  }

  @Test
  void aDuplicateRowCounts() {
    AssertionError e = assertThrows(AssertionError.class, () -> BASE.assertDataFrameNoOrderEquals(
        df(row("a", "1.00", 0.5), row("a", "1.00", 0.5)),
        df(row("a", "1.00", 0.5))));
    assertTrue(e.getMessage().contains("expected but not found (1)"), e.getMessage());
  }

  @Test
  void aDifferentSchemaFails() {
    Dataset<Row> renamed = df(row("a", "1.00", 0.5)).withColumnRenamed("rate", "ratio");
    AssertionError e = assertThrows(AssertionError.class,
        () -> BASE.assertDataFrameNoOrderEquals(df(row("a", "1.00", 0.5)), renamed));
    assertTrue(e.getMessage().contains("ratio"), e.getMessage());
  }

  @Test
  void approximateEqualityHonoursTheTolerance() {
    assertDoesNotThrow(() -> BASE.assertDataFrameApproximateEquals(
        df(row("a", "1.00", 0.5)), df(row("a", "1.00", 0.5 + 1e-9)), 1e-6));
    AssertionError e = assertThrows(AssertionError.class, () ->
        BASE.assertDataFrameApproximateEquals(df(row("a", "1.00", 0.5)),
            df(row("a", "1.00", 0.51)), 1e-6));
    assertTrue(e.getMessage().contains("expected [a,1.00,0.5]")
        && e.getMessage().contains("actual   [a,1.00,0.51]"), e.getMessage());
  }
}
