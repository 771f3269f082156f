package com.customerkpis.io;

import static org.apache.spark.sql.functions.col;

import com.customerkpis.schema.Cols;
import io.delta.tables.DeltaTable;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** The one Delta writer: KPI tables replace exactly their periods, audit tables append. */
public final class DeltaSink {
  /** The common columns every output table starts with, in order (SPEC §1). */
  public static final List<String> COMMON_COLUMNS = List.of(
      Cols.PERIOD, Cols.SEGMENT, Cols.GRAIN, Cols.PERIOD_START, Cols.PERIOD_END, Cols.RUN_ID);

  private DeltaSink() {}

  /**
   * Replaces the given periods of the table at {@code path} with {@code rows} in one atomic
   * commit (Delta {@code replaceWhere}), creating the table partitioned by period and segment if
   * needed. Returns the rows written, read from the commit's metrics rather than by recounting.
   */
  public static long replacePeriods(SparkSession spark, Dataset<Row> rows, String path,
      List<String> periods, String runId) {
    List<String> head = Arrays.asList(rows.columns()).subList(0,
        Math.min(COMMON_COLUMNS.size(), rows.columns().length));
    if (!head.equals(COMMON_COLUMNS)) {
      throw new IllegalArgumentException("output for " + path + " must start with "
          + COMMON_COLUMNS + " but starts with " + head);
    }
    if (periods.isEmpty()) {
      throw new IllegalArgumentException("no periods to replace in " + path);
    }
    String predicate = Cols.PERIOD + " IN (" + periods.stream()
        .map(p -> "'" + p.replace("'", "''") + "'").collect(Collectors.joining(", ")) + ")";
    TableDocs.ensure(spark, path, rows.schema(), Cols.PERIOD, Cols.SEGMENT);
    rows.write().format("delta").mode(SaveMode.Overwrite)
        .partitionBy(Cols.PERIOD, Cols.SEGMENT)
        .option("replaceWhere", predicate)
        .option("userMetadata", runId)
        .save(path);
    return lastCommitOutputRows(spark, path);
  }

  /** Appends rows to an audit table (one commit), partitioned by the given columns. */
  public static void append(Dataset<Row> rows, String path, String runId, String... partitionBy) {
    TableDocs.ensure(rows.sparkSession(), path, rows.schema(), partitionBy);
    var w = rows.write().format("delta").mode(SaveMode.Append).option("userMetadata", runId);
    if (partitionBy.length > 0) {
      w = w.partitionBy(partitionBy);
    }
    w.save(path);
  }

  /** numOutputRows of the table's latest commit (0 when the metric is absent). */
  public static long lastCommitOutputRows(SparkSession spark, String path) {
    Row r = DeltaTable.forPath(spark, path).history(1)
        .select(col("operationMetrics").getItem("numOutputRows")).first();
    String v = r.isNullAt(0) ? "0" : r.getString(0);
    return Long.parseLong(v);
  }
}
