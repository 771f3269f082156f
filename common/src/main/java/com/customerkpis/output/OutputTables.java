package com.customerkpis.output;

import com.customerkpis.schema.Cols;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What a run writes besides the KPI columns, defined once for the job, the writer and the report:
 * the common columns every KPI table starts with, the {@code _runs} and {@code _quarantine}
 * audit tables, and where each table lives under the output root.
 */
public final class OutputTables {
  /** Audit table of runs under the output root. */
  public static final String RUNS = "_runs";
  /** Audit table of quarantined rows under the output root. */
  public static final String QUARANTINE = "_quarantine";

  /** The common columns every KPI table starts with, in order (SPEC §1). */
  public static final StructType COMMON_SCHEMA = new StructType()
      .add(Cols.PERIOD, DataTypes.StringType)
      .add(Cols.SEGMENT, DataTypes.StringType)
      .add(Cols.GRAIN, DataTypes.StringType)
      .add(Cols.PERIOD_START, DataTypes.DateType)
      .add(Cols.PERIOD_END, DataTypes.DateType)
      .add(Cols.RUN_ID, DataTypes.StringType);

  /** Names of {@link #COMMON_SCHEMA}, in order. */
  public static final List<String> COMMON_COLUMNS = List.of(COMMON_SCHEMA.fieldNames());

  /** Schema of {@code _runs}: one row per run. */
  public static final StructType RUNS_SCHEMA = new StructType()
      .add(Cols.RUN_ID, DataTypes.StringType)
      .add("started_at", DataTypes.TimestampType)
      .add("finished_at", DataTypes.TimestampType)
      .add("arguments", DataTypes.StringType)
      .add("status", DataTypes.StringType)
      .add("grain", DataTypes.StringType)
      .add("periods", DataTypes.createArrayType(DataTypes.StringType))
      .add("inputs", DataTypes.createArrayType(new StructType()
          .add(Cols.TABLE_NAME, DataTypes.StringType)
          .add("rows_read", DataTypes.LongType)
          .add("rows_kept", DataTypes.LongType)
          .add("quarantined", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
          .add("duplicates_dropped", DataTypes.LongType)))
      .add("outputs", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
      .add("kpi_seconds", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType))
      .add("error", DataTypes.StringType)
      .add("summary_json", DataTypes.StringType);

  private OutputTables() {}

  /** The full schema of a KPI table: the common columns, then the KPI's own. */
  public static StructType kpiSchema(StructType own) {
    StructField[] all = Arrays.copyOf(COMMON_SCHEMA.fields(),
        COMMON_SCHEMA.fields().length + own.fields().length);
    System.arraycopy(own.fields(), 0, all, COMMON_SCHEMA.fields().length, own.fields().length);
    return new StructType(all);
  }

  /** The Delta table path of {@code table} under the output root. */
  public static String path(String outputRoot, String table) {
    return outputRoot.replaceAll("/+$", "") + "/" + table;
  }
}
