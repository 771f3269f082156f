package com.customerkpis.kpi;

import static org.apache.spark.sql.functions.*;

import com.customerkpis.schema.Cols;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The roll-up rows of SPEC §1 in one place: every group and its {@code ALL} roll-ups, the
 * {@code ALL × ALL} row every run period has even without data, and zero counts where no row
 * fell. A KPI with one aggregation seeds the {@code ALL × ALL} keys into its rows
 * ({@link #seeded}); a KPI joining several aggregations completes the joined result
 * ({@link #ensureAllRows}).
 */
final class Rollup {
  private Rollup() {}

  /**
   * Duplicates each row into its own value and {@code ALL} for every given column, so that one
   * aggregation computes the groups and their roll-ups over rows (never by summing rates).
   */
  static Dataset<Row> withAll(Dataset<Row> df, String... cols) {
    Dataset<Row> out = df;
    for (String c : cols) {
      out = out.withColumn(c, explode(array(col(c), lit(Cols.ALL))));
    }
    return out;
  }

  /**
   * Appends to {@code rows} (already carrying {@code period}, {@code segment} and {@code dims},
   * roll-ups included) one seed row per run period with {@code ALL} for segment and each dim and
   * every other column null. The aggregation that follows must ignore seeds, i.e. count a column
   * that is never null on real rows and aggregate only values that are null on seeds; a period
   * without data then gets its ALL×ALL row with counts 0 and null averages. No join: the
   * aggregation is read once.
   */
  static Dataset<Row> seeded(Dataset<Row> rows, Dataset<Row> periods, String... dims) {
    return rows.unionByName(periods.select(allKeys(dims)), true);
  }

  /**
   * Adds, for each run period without one, the row with {@code ALL} for segment and each of
   * {@code dims}; its other columns are null (counts are then zeroed with {@link #zeroIfNull}).
   * A full outer join with the small key table reads the aggregate once. The result has the join
   * columns first.
   */
  static Dataset<Row> ensureAllRows(Dataset<Row> agg, Dataset<Row> periods, String... dims) {
    List<String> joinCols = new ArrayList<>();
    joinCols.add(Cols.PERIOD);
    joinCols.add(Cols.SEGMENT);
    joinCols.addAll(List.of(dims));
    return agg.join(periods.select(allKeys(dims)), KpiSupport.seq(joinCols), "full_outer");
  }

  /** Null → 0 for BIGINT counts of a row that {@link #ensureAllRows} added. */
  static Column zeroIfNull(String c) {
    return coalesce(col(c), lit(0L)).as(c);
  }

  private static Column[] allKeys(String... dims) {
    List<Column> key = new ArrayList<>();
    key.add(col(Cols.PERIOD));
    key.add(lit(Cols.ALL).as(Cols.SEGMENT));
    for (String d : dims) {
      key.add(lit(Cols.ALL).as(d));
    }
    return key.toArray(new Column[0]);
  }
}
