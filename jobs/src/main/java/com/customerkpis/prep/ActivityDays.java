package com.customerkpis.prep;

import static org.apache.spark.sql.functions.*;

import com.customerkpis.schema.Cols;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Customer activity (SPEC §3) per local day: an event of the customer (or of an anonymous id
 * linked to it) or a completed order, at or after signup.
 */
public final class ActivityDays {
  private ActivityDays() {}

  /**
   * customer_id, local_date, available_from. An anonymous event counts for the customer its id is
   * linked to only in periods ending after the link ({@code available_from < P.end}; null =
   * always). Either source may be absent (null); with neither the result is empty.
   *
   * @param visitorDays the events as {@link VisitorDays}: a day's latest event per identity is
   *     all that "an event at or after signup that day" needs
   */
  public static Dataset<Row> build(SparkSession spark, Dataset<Row> visitorDays,
      Dataset<Row> completedOrders, Dataset<Row> customers) {
    Column never = to_timestamp(lit("1900-01-01 00:00:00"));
    List<Dataset<Row>> parts = new ArrayList<>();
    if (visitorDays != null) {
      parts.add(visitorDays
          .filter(col(Cols.CUSTOMER_ID).isNotNull().or(col(Cols.LINKED_CUSTOMER).isNotNull()))
          .select(coalesce(col(Cols.CUSTOMER_ID), col(Cols.LINKED_CUSTOMER)).as(Cols.CUSTOMER_ID),
              col(Cols.EVENT_TS).as("ts"), col(Cols.LOCAL_DATE),
              when(col(Cols.CUSTOMER_ID).isNull(), col(Cols.LINK_TS)).as(Cols.AVAILABLE_FROM)));
    }
    if (completedOrders != null) {
      parts.add(completedOrders.select(col(Cols.CUSTOMER_ID), col(Cols.ORDER_TS).as("ts"),
          col(Cols.LOCAL_DATE), lit(null).cast("timestamp").as(Cols.AVAILABLE_FROM)));
    }
    if (parts.isEmpty()) {
      return spark.createDataFrame(List.of(), new StructType()
          .add(Cols.CUSTOMER_ID, "string").add(Cols.LOCAL_DATE, "date")
          .add(Cols.AVAILABLE_FROM, "timestamp"));
    }
    // One shuffle by customer for both aggregations below, and the cached days stay partitioned
    // by customer: the readers' aggregations and joins by customer (cohort_retention's active
    // customers per period, customer_churn's) then need no shuffle of their own.
    Dataset<Row> all = parts.stream().reduce(Dataset::unionByName).orElseThrow()
        .repartition(col(Cols.CUSTOMER_ID));
    Dataset<Row> signups = customers.select(Cols.CUSTOMER_ID, Cols.SIGNUP_TS);
    // Pre-aggregate to one row per (customer, day, link) before the join: "an event at or after
    // signup that day" is "the day's latest event is at or after signup".
    Dataset<Row> days = all.groupBy(Cols.CUSTOMER_ID, Cols.LOCAL_DATE, Cols.AVAILABLE_FROM)
        .agg(max(col("ts")).as("ts"))
        .join(signups, Cols.CUSTOMER_ID)
        .filter(col("ts").geq(col(Cols.SIGNUP_TS)))
        .groupBy(Cols.CUSTOMER_ID, Cols.LOCAL_DATE)
        .agg(min(coalesce(col(Cols.AVAILABLE_FROM), never)).as(Cols.AVAILABLE_FROM));
    return days.withColumn(Cols.AVAILABLE_FROM,
        when(col(Cols.AVAILABLE_FROM).equalTo(never), lit(null).cast("timestamp"))
            .otherwise(col(Cols.AVAILABLE_FROM)));
  }
}
