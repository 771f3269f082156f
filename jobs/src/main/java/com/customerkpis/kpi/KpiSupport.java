package com.customerkpis.kpi;

import static org.apache.spark.sql.functions.*;

import com.customerkpis.output.DeltaSink;
import com.customerkpis.schema.Cols;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Helpers shared by KPI classes: roll-ups, rates, guaranteed ALL rows, final projection. */
public final class KpiSupport {
  private KpiSupport() {}

  /**
   * Duplicates each row into its own value and {@code ALL} for every given column, so that one
   * aggregation computes the groups and their roll-ups over rows (never by summing rates).
   */
  public static Dataset<Row> withAll(Dataset<Row> df, String... cols) {
    Dataset<Row> out = df;
    for (String c : cols) {
      out = out.withColumn(c, explode(array(col(c), lit(Cols.ALL))));
    }
    return out;
  }

  /** num / den as DOUBLE; NULL when den is 0 or null (never NaN). */
  public static Column ratio(Column num, Column den) {
    return when(den.isNotNull().and(den.notEqual(0)), num.cast("double").divide(den.cast("double")));
  }

  /**
   * Adds, for each run period without one, the row with {@code ALL} for segment and each of
   * {@code dims}; its other columns are null (counts are then coalesced to 0 by the caller).
   * The result has the join columns first.
   */
  public static Dataset<Row> ensureAllRows(Dataset<Row> agg, Dataset<Row> periods,
      String... dims) {
    List<Column> keyCols = new ArrayList<>();
    keyCols.add(col(Cols.PERIOD));
    keyCols.add(lit(Cols.ALL).as(Cols.SEGMENT));
    for (String d : dims) {
      keyCols.add(lit(Cols.ALL).as(d));
    }
    Dataset<Row> keys = periods.select(keyCols.toArray(new Column[0]));
    List<String> joinCols = new ArrayList<>();
    joinCols.add(Cols.PERIOD);
    joinCols.add(Cols.SEGMENT);
    joinCols.addAll(List.of(dims));
    // A full outer join reads the aggregation once (a left-anti join plus a union would compute
    // it twice); unmatched key rows come out with null metrics.
    return agg.join(keys, seq(joinCols), "full_outer");
  }

  /** Column names for multi-column joins: an array, which Spark 3.5 and 4 (Scala 2.12 / 2.13) both take. */
  public static String[] seq(List<String> names) {
    return names.toArray(String[]::new);
  }

  /** Column names for multi-column joins: an array, which Spark 3.5 and 4 (Scala 2.12 / 2.13) both take. */
  public static String[] seq(String... names) {
    return names;
  }

  /** Null → 0 for BIGINT counts. */
  public static Column zeroIfNull(String c) {
    return coalesce(col(c), lit(0L)).as(c);
  }

  /**
   * The final projection of a KPI's rows: common columns of SPEC §1 (from the periods table and
   * the run id) followed by the KPI's own columns cast to their declared types.
   */
  public static Dataset<Row> finish(Dataset<Row> rows, StructType own, Dataset<Row> periods,
      String runId) {
    List<Column> out = new ArrayList<>();
    out.add(col(Cols.PERIOD));
    out.add(col(Cols.SEGMENT));
    out.add(col(Cols.GRAIN));
    out.add(col(Cols.PERIOD_START));
    out.add(col(Cols.PERIOD_END));
    out.add(lit(runId).as(Cols.RUN_ID));
    for (StructField f : own.fields()) {
      out.add(col(f.name()).cast(f.dataType()).as(f.name()));
    }
    Dataset<Row> p = periods.select(Cols.PERIOD, Cols.GRAIN, Cols.PERIOD_START, Cols.PERIOD_END);
    Dataset<Row> result = rows.join(p, Cols.PERIOD).select(out.toArray(new Column[0]));
    assert List.of(result.columns()).subList(0, 6).equals(DeltaSink.COMMON_COLUMNS);
    return result;
  }

  /** The full output schema of a KPI: common columns then its own. */
  public static StructType outputSchema(StructType own) {
    StructType s = new StructType()
        .add(Cols.PERIOD, "string").add(Cols.SEGMENT, "string").add(Cols.GRAIN, "string")
        .add(Cols.PERIOD_START, "date").add(Cols.PERIOD_END, "date").add(Cols.RUN_ID, "string");
    for (StructField f : own.fields()) {
      s = s.add(f.name(), f.dataType());
    }
    return s;
  }
}
