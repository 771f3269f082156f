package com.customerkpis.testing;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** Small builders for hand-written fixture rows. */
public final class Rows {
  private Rows() {}

  /** An instant from ISO-8601, e.g. {@code 2026-10-01T00:00:00Z}. */
  public static Timestamp ts(String iso) {
    return Timestamp.from(Instant.parse(iso));
  }

  /** A DATE from {@code yyyy-MM-dd}. */
  public static Date date(String iso) {
    return Date.valueOf(LocalDate.parse(iso));
  }

  /** A DECIMAL value with scale 2. */
  public static BigDecimal dec(String v) {
    return new BigDecimal(v).setScale(2);
  }

  /** One row. */
  public static Row row(Object... values) {
    return RowFactory.create(values);
  }

  /** A Dataset of the given rows with a declared schema. */
  public static Dataset<Row> df(StructType schema, Row... rows) {
    return SharedSpark.get().createDataFrame(Arrays.asList(rows), schema);
  }

  /** A Dataset of the given rows with a declared schema. */
  public static Dataset<Row> df(StructType schema, List<Row> rows) {
    return SharedSpark.get().createDataFrame(rows, schema);
  }
}
