package com.customerkpis.prep;

import static org.apache.spark.sql.functions.*;

import com.customerkpis.schema.Cols;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The segment of a row's customer (SPEC §1): the customer's segment, else {@code anonymous}. */
public final class Segments {
  private Segments() {}

  /** Customers with their local signup date: customer_id, signup_ts, …, segment, local_date. */
  public static Dataset<Row> customers(Dataset<Row> customers, RunScope scope) {
    return customers.withColumn(Cols.LOCAL_DATE, scope.localDate(col(Cols.SIGNUP_TS)));
  }

  /**
   * Adds {@code segment}: the customer's segment when {@code keyCol} is a customer of
   * {@code customers}, else {@code anonymous}; every row is anonymous without customers (null).
   */
  public static Dataset<Row> withSegment(Dataset<Row> df, String keyCol,
      Dataset<Row> customers) {
    if (customers == null) {
      return df.withColumn(Cols.SEGMENT, lit(Cols.ANONYMOUS));
    }
    Dataset<Row> seg = customers.select(col(Cols.CUSTOMER_ID).as("_seg_key"),
        col(Cols.SEGMENT).as("_seg"));
    return df.join(seg, df.col(keyCol).equalTo(seg.col("_seg_key")), "left")
        .withColumn(Cols.SEGMENT, coalesce(col("_seg"), lit(Cols.ANONYMOUS)))
        .drop("_seg_key", "_seg");
  }
}
