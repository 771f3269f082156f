package com.holdenkarau.spark.testing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Spark 4 stand-in for spark-testing-base's JavaDataFrameSuiteBase (which has no Spark 4 build):
 * the DataFrame assertions a Java test can call, with the same names and meaning, and the
 * differing rows in the failure message. Test data is small, so rows are compared on the driver.
 */
public class JavaDataFrameSuiteBase {
  /** As in spark-testing-base: at most this many differing rows are shown. */
  public int maxUnequalRowsToShow() {
    return 10;
  }

  /** Same column names, types and nullability, in order (column metadata ignored). */
  public void assertSchemasEqual(StructType expected, StructType actual) {
    if (!plain(expected).equals(plain(actual))) {
      throw new AssertionError("schemas differ\nexpected: " + expected.treeString()
          + "actual:   " + actual.treeString());
    }
  }

  /** Same schema and the same rows with the same multiplicities, order ignored. */
  public void assertDataFrameNoOrderEquals(Dataset<Row> expected, Dataset<Row> actual) {
    assertSchemasEqual(expected.schema(), actual.schema());
    assertDataFrameDataEquals(expected, actual);
  }

  /** Same rows with the same multiplicities, order ignored; the schemas are not compared. */
  public void assertDataFrameDataEquals(Dataset<Row> expected, Dataset<Row> actual) {
    assertEqual("Column size not Equal", expected.columns().length, actual.columns().length);
    Map<Row, Integer> missing = counts(expected.collectAsList());
    List<Row> unexpected = new ArrayList<>();
    for (Row r : actual.collectAsList()) {
      Integer n = missing.get(r);
      if (n == null) {
        unexpected.add(r);
      } else if (n == 1) {
        missing.remove(r);
      } else {
        missing.put(r, n - 1);
      }
    }
    if (!missing.isEmpty() || !unexpected.isEmpty()) {
      List<Row> notFound = new ArrayList<>();
      missing.forEach((r, n) -> {
        for (int i = 0; i < n; i++) {
          notFound.add(r);
        }
      });
      throw new AssertionError("rows differ (order ignored)\n"
          + show("expected but not found", notFound) + show("found but not expected", unexpected));
    }
  }

  /** Same as {@link #assertDataFrameDataEquals}: every frame here is small. */
  public void assertSmallDataFrameDataEquals(Dataset<Row> expected, Dataset<Row> actual) {
    assertDataFrameDataEquals(expected, actual);
  }

  /**
   * Same schema and row count, rows compared in order; numbers (double, float, decimal) may
   * differ by at most {@code tol}, everything else must be equal.
   */
  public void assertDataFrameApproximateEquals(Dataset<Row> expected, Dataset<Row> actual,
      double tol) {
    assertSchemasEqual(expected.schema(), actual.schema());
    List<Row> e = expected.collectAsList();
    List<Row> a = actual.collectAsList();
    assertEqual("Length not Equal", e.size(), a.size());
    StringBuilder diff = new StringBuilder();
    int shown = 0;
    int unequal = 0;
    for (int i = 0; i < e.size(); i++) {
      if (!approxEquals(e.get(i), a.get(i), tol)) {
        unequal++;
        if (shown++ < maxUnequalRowsToShow()) {
          diff.append("  row ").append(i).append(": expected ").append(e.get(i))
              .append("\n         actual   ").append(a.get(i)).append('\n');
        }
      }
    }
    if (unequal > 0) {
      throw new AssertionError(unequal + " of " + e.size() + " rows differ (tolerance " + tol
          + ")\n" + diff);
    }
  }

  /** Rows equal field by field, numbers within {@code tol}. */
  public boolean approxEquals(Row r1, Row r2, double tol) {
    if (r1.length() != r2.length()) {
      return false;
    }
    for (int i = 0; i < r1.length(); i++) {
      Object x = r1.get(i);
      Object y = r2.get(i);
      if (x == null || y == null) {
        if (x != y) {
          return false;
        }
      } else if (x instanceof Double || x instanceof Float) {
        double dx = ((Number) x).doubleValue();
        double dy = ((Number) y).doubleValue();
        boolean bothNaN = Double.isNaN(dx) && Double.isNaN(dy);
        if (!bothNaN && dx != dy && Math.abs(dx - dy) > tol) {
          return false;
        }
      } else if (x instanceof BigDecimal bx && y instanceof BigDecimal by) {
        if (bx.subtract(by).abs().compareTo(BigDecimal.valueOf(tol)) > 0) {
          return false;
        }
      } else if (!Objects.equals(x, y)) {
        return false;
      }
    }
    return true;
  }

  private static StructType plain(StructType s) {
    StructField[] fields = s.fields().clone();
    for (int i = 0; i < fields.length; i++) {
      StructField f = fields[i];
      fields[i] = new StructField(f.name(), f.dataType(), f.nullable(), Metadata.empty());
    }
    return new StructType(fields);
  }

  private static Map<Row, Integer> counts(List<Row> rows) {
    Map<Row, Integer> m = new HashMap<>();
    rows.forEach(r -> m.merge(r, 1, Integer::sum));
    return m;
  }

  private String show(String title, List<Row> rows) {
    if (rows.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder(title).append(" (").append(rows.size()).append("):\n");
    rows.stream().limit(maxUnequalRowsToShow()).forEach(r -> sb.append("  ").append(r).append('\n'));
    if (rows.size() > maxUnequalRowsToShow()) {
      sb.append("  …\n");
    }
    return sb.toString();
  }

  private static void assertEqual(String what, long expected, long actual) {
    if (expected != actual) {
      throw new AssertionError(what + ": expected " + expected + ", actual " + actual);
    }
  }
}
