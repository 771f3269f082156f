package com.customerkpis.kpi;

import static org.apache.spark.sql.functions.*;

import com.customerkpis.output.OutputTables;
import com.customerkpis.schema.Cols;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Helpers shared by KPI classes: rates, join columns, the final projection and schema. */
public final class KpiSupport {
  private KpiSupport() {}

  /** num / den as DOUBLE; NULL when den is 0 or null (never NaN). */
  public static Column ratio(Column num, Column den) {
    return when(den.isNotNull().and(den.notEqual(0)), num.cast("double").divide(den.cast("double")));
  }

  /** Column names for multi-column joins: an array, which Spark 3.5 and 4 (Scala 2.12 / 2.13) both take. */
  public static String[] seq(List<String> names) {
    return names.toArray(String[]::new);
  }

  /** Column names for multi-column joins: an array, which Spark 3.5 and 4 (Scala 2.12 / 2.13) both take. */
  public static String[] seq(String... names) {
    return names;
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
    assert List.of(result.columns()).subList(0, 6).equals(OutputTables.COMMON_COLUMNS);
    return result;
  }
}
