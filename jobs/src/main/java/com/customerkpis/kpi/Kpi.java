package com.customerkpis.kpi;

import com.customerkpis.prep.Prepared;
import com.customerkpis.prep.Shared;
import com.customerkpis.input.InputTable;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * One output table of SPEC §4: a pure function from prepared inputs to rows. No reading, writing,
 * collect() or show() inside; the job adds the common columns and writes.
 */
public interface Kpi {
  /** The output table name, exactly as in SPEC §4. */
  String table();

  /** Input tables that must be present for this KPI. */
  Set<InputTable> requires();

  /**
   * Input tables read when present, absent ones changing the definition rather than skipping
   * the KPI (e.g. orders as activity, subscriptions for the churn model).
   */
  default Set<InputTable> optional() {
    return Set.of();
  }

  /** Shared preparations this KPI reads (a preparation read by two KPIs is persisted). */
  Set<Shared> shares();

  /** The KPI's own columns, after the common ones, with their exact types. */
  StructType schema();

  /** Rows with {@code period}, {@code segment} and the columns of {@link #schema()}. */
  Dataset<Row> compute(Prepared prepared);
}
