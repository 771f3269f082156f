package com.customerkpis.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  /**
   * The rows of {@code actual} (projected on {@code columns}) equal {@code expected} as a
   * multiset, order ignored; doubles compared to 12 significant digits, decimals by value. On a
   * difference, the AssertionError lists the rows only expected and only actual, headed by
   * {@code context} and the column names.
   */
  public static void assertSameRows(String context, List<String> columns,
      List<? extends List<?>> expected, Dataset<Row> actual) {
    List<String> exp = new ArrayList<>();
    expected.forEach(r -> exp.add(render(r)));
    List<String> act = new ArrayList<>();
    for (Row r : actual.selectExpr(columns.toArray(new String[0])).collectAsList()) {
      List<Object> v = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        v.add(r.get(i));
      }
      act.add(render(v));
    }
    String diff = diff(exp, act);
    if (!diff.isEmpty()) {
      throw new AssertionError(context + "\n  columns: " + String.join("|", columns) + "\n"
          + diff);
    }
  }

  private static String diff(List<String> expected, List<String> actual) {
    Map<String, Integer> count = new HashMap<>();
    expected.forEach(r -> count.merge(r, 1, Integer::sum));
    actual.forEach(r -> count.merge(r, -1, Integer::sum));
    StringBuilder sb = new StringBuilder();
    count.entrySet().stream().filter(e -> e.getValue() != 0)
        .sorted(Map.Entry.comparingByKey()).limit(40)
        .forEach(e -> sb.append(e.getValue() > 0 ? "  only expected: " : "  only actual:   ")
            .append(e.getKey()).append('\n'));
    return sb.toString();
  }

  private static String render(List<?> values) {
    List<String> out = new ArrayList<>();
    for (Object o : values) {
      if (o == null) {
        out.add("null");
      } else if (o instanceof Double || o instanceof Float) {
        out.add(String.format(Locale.ROOT, "%.12g", ((Number) o).doubleValue()));
      } else if (o instanceof BigDecimal b) {
        out.add(b.stripTrailingZeros().toPlainString());
      } else if (o instanceof Number n) {
        out.add(Long.toString(n.longValue()));
      } else {
        out.add(o.toString());
      }
    }
    return String.join("|", out);
  }
}
