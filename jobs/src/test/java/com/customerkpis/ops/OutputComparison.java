package com.customerkpis.ops;

import static org.apache.spark.sql.functions.col;

import com.customerkpis.job.KpiJob;
import com.customerkpis.schema.Cols;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import com.customerkpis.output.OutputTables;

/**
 * Compares two output roots of {@code kpi run} table by table and row for row ({@code run_id}
 * and audit timestamps aside), e.g. a cluster run against a local run of the same command.
 */
public final class OutputComparison {
  /** Relative tolerance for DOUBLE columns: sums may be added in another order on a cluster. */
  static final double TOLERANCE = 1e-9;
  /** Differing rows collected for the tolerant second pass (more means a real difference). */
  private static final int MAX_DIFF_ROWS = 10_000;

  /** The outcome: one line per table, and the problems (empty when the outputs match). */
  public record Result(List<String> lines, List<String> problems) {
    /** True when every table matches. */
    public boolean matches() {
      return problems.isEmpty();
    }
  }

  private OutputComparison() {}

  /**
   * Compares every Delta table under {@code expected} and {@code actual}. Both must hold the same
   * tables, including every table the latest run under {@code expected} reports as written.
   */
  public static Result compare(SparkSession spark, Path expected, Path actual) {
    List<String> lines = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    TreeSet<String> a = deltaTables(expected);
    TreeSet<String> b = deltaTables(actual);
    if (!a.equals(b)) {
      problems.add("tables differ: " + expected + " has " + a + ", " + actual + " has " + b);
    }
    List<String> written = writtenByLastRun(spark, expected);
    if (written.isEmpty()) {
      problems.add("the last run under " + expected + " wrote no KPI table");
    }
    for (String t : written) {
      if (!b.contains(t) || !a.contains(t)) {
        problems.add("table " + t + " written by the run is missing");
      }
    }
    for (String t : a) {
      if (!b.contains(t) || t.equals(OutputTables.RUNS)) {
        continue; // _runs holds timings and ids only; its row counts are in the tables themselves
      }
      String p = compareTable(spark, t, expected.resolve(t).toString(),
          actual.resolve(t).toString(), lines);
      if (p != null) {
        problems.add(p);
      }
    }
    return new Result(lines, problems);
  }

  /** Names of the Delta tables directly under {@code root}. */
  static TreeSet<String> deltaTables(Path root) {
    TreeSet<String> out = new TreeSet<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> s = Files.list(root)) {
      s.filter(d -> Files.isDirectory(d.resolve("_delta_log")))
          .forEach(d -> out.add(d.getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static List<String> writtenByLastRun(SparkSession spark, Path root) {
    String runs = root.resolve(OutputTables.RUNS).toString();
    if (!DeltaTable.isDeltaTable(spark, runs)) {
      return List.of();
    }
    Row last = spark.read().format("delta").load(runs).orderBy(col("started_at").desc())
        .select("outputs").first();
    Map<String, Long> outputs = last.getJavaMap(0);
    return outputs == null ? List.of() : List.copyOf(new TreeSet<>(outputs.keySet()));
  }

  private static String compareTable(SparkSession spark, String table, String pathA,
      String pathB, List<String> lines) {
    return compareRows(table, spark.read().format("delta").load(pathA),
        spark.read().format("delta").load(pathB), lines);
  }

  /** Null when the rows match (a line is added), else what differs. */
  static String compareRows(String table, Dataset<Row> a, Dataset<Row> b, List<String> lines) {
    if (!a.schema().equals(b.schema())) {
      return table + ": schemas differ: " + a.schema().simpleString() + " vs "
          + b.schema().simpleString();
    }
    // Ids and wall-clock instants differ between any two runs by design.
    for (String c : List.of(Cols.RUN_ID, Cols.QUARANTINED_AT)) {
      a = a.drop(c);
      b = b.drop(c);
    }
    long na = a.count();
    long nb = b.count();
    if (na != nb) {
      return table + ": " + na + " rows vs " + nb;
    }
    Dataset<Row> onlyA = a.exceptAll(b);
    Dataset<Row> onlyB = b.exceptAll(a);
    long da = onlyA.count();
    long db = onlyB.count();
    if (da == 0 && db == 0) {
      lines.add(String.format("%-28s %8d rows  identical", table, na));
      return null;
    }
    String why = tolerantMatch(a.columns(), doubleColumns(a), onlyA, onlyB, da);
    if (why == null) {
      lines.add(String.format("%-28s %8d rows  equal (%d within %.0e relative)", table, na, da,
          TOLERANCE));
      return null;
    }
    return table + ": " + da + " row(s) differ; " + why;
  }

  private static boolean[] doubleColumns(Dataset<Row> d) {
    StructField[] f = d.schema().fields();
    boolean[] out = new boolean[f.length];
    for (int i = 0; i < f.length; i++) {
      out[i] = f[i].dataType().equals(DataTypes.DoubleType);
    }
    return out;
  }

  /** Pairs differing rows on their non-DOUBLE values; null when all pairs are within tolerance. */
  private static String tolerantMatch(String[] names, boolean[] dbl, Dataset<Row> onlyA,
      Dataset<Row> onlyB, long diffs) {
    if (diffs > MAX_DIFF_ROWS) {
      return "first: " + onlyA.first();
    }
    Map<List<Object>, List<Row>> byKey = new HashMap<>();
    for (Row r : onlyB.collectAsList()) {
      byKey.computeIfAbsent(key(r, dbl), k -> new ArrayList<>()).add(r);
    }
    for (Row r : onlyA.collectAsList()) {
      List<Row> candidates = byKey.getOrDefault(key(r, dbl), new ArrayList<>());
      Iterator<Row> it = candidates.iterator();
      boolean paired = false;
      while (it.hasNext()) {
        if (close(r, it.next(), dbl)) {
          it.remove();
          paired = true;
          break;
        }
      }
      if (!paired) {
        return "expected " + describe(names, r) + (candidates.isEmpty() ? ", absent"
            : ", found " + describe(names, candidates.get(0)));
      }
    }
    return null;
  }

  private static List<Object> key(Row r, boolean[] dbl) {
    List<Object> k = new ArrayList<>();
    for (int i = 0; i < dbl.length; i++) {
      if (!dbl[i]) {
        k.add(r.get(i));
      }
    }
    return k;
  }

  private static boolean close(Row x, Row y, boolean[] dbl) {
    for (int i = 0; i < dbl.length; i++) {
      if (!dbl[i]) {
        continue;
      }
      if (x.isNullAt(i) || y.isNullAt(i)) {
        if (x.isNullAt(i) != y.isNullAt(i)) {
          return false;
        }
        continue;
      }
      double u = x.getDouble(i);
      double v = y.getDouble(i);
      if (!(Math.abs(u - v) <= TOLERANCE * Math.max(1.0, Math.max(Math.abs(u), Math.abs(v))))) {
        return false;
      }
    }
    return true;
  }

  private static String describe(String[] names, Row r) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      parts.add(names[i] + "=" + Objects.toString(r.get(i)));
    }
    return "{" + String.join(", ", parts) + "}";
  }
}
