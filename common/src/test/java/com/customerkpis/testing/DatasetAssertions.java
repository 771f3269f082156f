package com.customerkpis.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** DataFrame equality through spark-testing-base, usable from JUnit 5 tests. */
public final class DatasetAssertions {
  private static final JavaDataFrameSuiteBase BASE = new JavaDataFrameSuiteBase();

  private DatasetAssertions() {}

  /** Same schema and same rows, order ignored. */
  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    BASE.assertDataFrameNoOrderEquals(expected, actual);
  }

  /** Same schema and same rows, order ignored, doubles compared with a tolerance. */
  public static void assertSameRowsApprox(Dataset<Row> expected, Dataset<Row> actual, double tol) {
    BASE.assertDataFrameApproximateEquals(expected.orderBy(expected.columns()[0]),
        actual.orderBy(actual.columns()[0]), tol);
  }
}
