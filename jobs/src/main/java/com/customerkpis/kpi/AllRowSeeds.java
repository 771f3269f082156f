package com.customerkpis.kpi;

import static org.apache.spark.sql.functions.*;

import com.customerkpis.schema.Cols;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Guarantees the ALL×ALL row of every run period inside a KPI's one aggregation, an alternative
 * to {@link KpiSupport#ensureAllRows} (whose left-anti join against the aggregate makes Spark
 * compute the whole aggregation twice).
 */
final class AllRowSeeds {
  private AllRowSeeds() {}

  /**
   * Appends to {@code rows} (already carrying {@code period}, {@code segment} and {@code dims},
   * roll-ups included) one seed row per run period with {@code ALL} for segment and each dim and
   * every other column null. The aggregation that follows must ignore seeds, i.e. count a
   * column that is never null on real rows and aggregate only values that are null on seeds;
   * a period without data then gets its ALL×ALL row with counts 0 and null averages.
   */
  static Dataset<Row> seeded(Dataset<Row> rows, Dataset<Row> periods, String... dims) {
    List<Column> key = new ArrayList<>();
    key.add(col(Cols.PERIOD));
    key.add(lit(Cols.ALL).as(Cols.SEGMENT));
    for (String d : dims) {
      key.add(lit(Cols.ALL).as(d));
    }
    return rows.unionByName(periods.select(key.toArray(new Column[0])), true);
  }
}
