package com.customerkpis.output;

import static org.apache.spark.sql.functions.*;
import static org.junit.jupiter.api.Assertions.*;

import com.customerkpis.schema.Cols;
import com.customerkpis.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KPI writer: one file per (period, segment) whatever the rows' partitioning, the rows of its
 * own commit and the table's version read from the Delta log's files.
 */
class DeltaSinkWriteTest {
  @TempDir
  Path dir;

  /** {@code n} rows over 3 periods × 2 segments, spread over 8 input partitions. */
  private static Dataset<Row> rows(SparkSession spark, int n, String runId) {
    return spark.range(0, n, 1, 8).select(
        concat(lit("2026-0"), col("id").mod(3).plus(1).cast("string")).as(Cols.PERIOD),
        when(col("id").mod(2).equalTo(0), lit("a")).otherwise(lit("b")).as(Cols.SEGMENT),
        lit("month").as(Cols.GRAIN), current_date().as(Cols.PERIOD_START),
        current_date().as(Cols.PERIOD_END), lit(runId).as(Cols.RUN_ID), col("id").as("v"));
  }

  @Test
  void writesOneFilePerPartitionAndReportsItsOwnCommitsRows() throws IOException {
    SparkSession spark = SharedSpark.get();
    String path = dir.resolve("t").toString();
    assertEquals(-1, DeltaSink.committedVersion(spark, path), "no table yet");

    long written = DeltaSink.replacePeriods(spark, rows(spark, 600, "r1"), path,
        List.of("2026-01", "2026-02", "2026-03"), "r1");
    assertEquals(600, written);
    Map<String, Long> files = parquetFilesPerDirectory(dir.resolve("t"));
    assertEquals(6, files.size(), files.toString());
    files.forEach((d, n) -> assertEquals(1L, n, d + " holds " + n + " files"));
    long v1 = DeltaSink.committedVersion(spark, path);
    assertTrue(v1 >= 0, "a committed version: " + v1);

    // A second run replacing one period: its own rows (200 of 600), one version more.
    Dataset<Row> feb = rows(spark, 600, "r2").filter(col(Cols.PERIOD).equalTo("2026-02"));
    assertEquals(200, DeltaSink.replacePeriods(spark, feb, path, List.of("2026-02"), "r2"));
    assertEquals(v1 + 1, DeltaSink.committedVersion(spark, path));
    assertEquals(200, DeltaSink.commitOutputRows(spark, path, "r2", v1));
    assertEquals(0, DeltaSink.commitOutputRows(spark, path, "r1", v1 + 1),
        "no commit of r1 after the latest version");
    assertEquals(600, spark.read().format("delta").load(path).count());
  }

  private static Map<String, Long> parquetFilesPerDirectory(Path table) throws IOException {
    try (Stream<Path> s = Files.walk(table)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .filter(p -> !p.toString().contains("_delta_log"))
          .collect(Collectors.groupingBy(p -> table.relativize(p.getParent()).toString(),
              Collectors.counting()));
    }
  }
}
