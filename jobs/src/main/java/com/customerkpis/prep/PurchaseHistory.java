package com.customerkpis.prep;

import static org.apache.spark.sql.functions.*;

import com.customerkpis.schema.Cols;
import com.customerkpis.schema.Money;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Completed purchases and each buyer's history as of each run period's end (SPEC §4.5), the
 * input of repeat purchase, historical and predictive CLV.
 */
public final class PurchaseHistory {
  /** Column of {@link #purchaseDays}: completed amount of the day. */
  public static final String DAY_AMOUNT = "day_amount";
  /** Column of {@link #purchaseDays}: completed orders of the day. */
  public static final String DAY_ORDERS = "day_orders";
  /** Column of {@link #buyerStates}: distinct purchase days before P.end. */
  public static final String PURCHASE_DAY_COUNT = "purchase_days";
  /** Column of {@link #buyerStates}: completed orders before P.end. */
  public static final String ORDERS_TO_DATE = "orders_to_date";

  private PurchaseHistory() {}

  /** Completed orders with their local_date. */
  public static Dataset<Row> completedOrders(Dataset<Row> orders, RunScope scope) {
    return orders.filter(col(Cols.STATUS).equalTo("completed"))
        .withColumn(Cols.LOCAL_DATE, scope.localDate(col(Cols.ORDER_TS)));
  }

  /**
   * Completed purchases per customer and local day: customer_id, local_date, day_amount
   * (DECIMAL(38,2)), day_orders, segment (the customer's, or anonymous).
   */
  public static Dataset<Row> purchaseDays(Dataset<Row> completedOrders, Dataset<Row> customers) {
    // Partitioned by customer (one shuffle for the day aggregate), so that the buyer states'
    // window and clv_summary's per-customer sums read the cached days without a shuffle.
    return Segments.withSegment(completedOrders.repartition(col(Cols.CUSTOMER_ID))
        .groupBy(Cols.CUSTOMER_ID, Cols.LOCAL_DATE)
        .agg(sum(col(Cols.AMOUNT)).cast(Money.TOTAL).as(DAY_AMOUNT),
            count(lit(1)).as(DAY_ORDERS)), Cols.CUSTOMER_ID, customers);
  }

  /**
   * Each buyer's purchase history as of each run period's end (SPEC §4.5 "buyer"): period,
   * customer_id, segment, first_day, last_day, purchase_days, orders_to_date, revenue_to_date,
   * repeat_amount (all but the first day), t_end_day (P's last day). Built from a running window
   * over purchase days: each day's state is valid until the next purchase day, so it is joined
   * only to the periods that end in that gap.
   */
  public static Dataset<Row> buyerStates(Dataset<Row> purchaseDays, RunScope scope) {
    WindowSpec w = Window.partitionBy(Cols.CUSTOMER_ID).orderBy(Cols.LOCAL_DATE);
    WindowSpec running = w.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Dataset<Row> cum = purchaseDays
        .withColumn(PURCHASE_DAY_COUNT, row_number().over(w))
        .withColumn(ORDERS_TO_DATE, sum(col(DAY_ORDERS)).over(running))
        .withColumn(Cols.REVENUE_TO_DATE, sum(col(DAY_AMOUNT)).over(running).cast(Money.TOTAL))
        .withColumn("first_day", first(col(Cols.LOCAL_DATE)).over(running))
        .withColumn("_first_amount", first(col(DAY_AMOUNT)).over(running))
        .withColumn("_next_day", lead(col(Cols.LOCAL_DATE), 1).over(w));
    Column ped = col(Cols.P_END_DATE_EXCL);
    return scope.joinPeriodsIntersecting(cum, col(Cols.LOCAL_DATE), date_sub(col("_next_day"), 1))
        .filter(col(Cols.LOCAL_DATE).lt(ped)
            .and(col("_next_day").isNull().or(col("_next_day").geq(ped))))
        .select(col(Cols.PERIOD), col(Cols.CUSTOMER_ID), col(Cols.SEGMENT), col("first_day"),
            col(Cols.LOCAL_DATE).as("last_day"), col(PURCHASE_DAY_COUNT), col(ORDERS_TO_DATE),
            col(Cols.REVENUE_TO_DATE),
            col(Cols.REVENUE_TO_DATE).minus(col("_first_amount")).as("repeat_amount"),
            date_sub(ped, 1).as("t_end_day"));
  }

  /**
   * The RFM features of every buyer per period (SPEC §4.5, days as the unit): period,
   * customer_id, segment, frequency, recency_days, t_days, monetary_value, revenue_to_date,
   * orders_to_date.
   */
  public static Dataset<Row> buyerFeatures(Dataset<Row> buyerStates) {
    Column repeatDays = col(PURCHASE_DAY_COUNT).minus(1);
    return buyerStates.select(col(Cols.PERIOD), col(Cols.CUSTOMER_ID), col(Cols.SEGMENT),
        repeatDays.cast("int").as(Cols.FREQUENCY),
        datediff(col("last_day"), col("first_day")).as(Cols.RECENCY_DAYS),
        datediff(col("t_end_day"), col("first_day")).as(Cols.T_DAYS),
        when(repeatDays.gt(0), col("repeat_amount").cast("double").divide(repeatDays))
            .otherwise(lit(0.0)).as(Cols.MONETARY_VALUE),
        col(Cols.REVENUE_TO_DATE), col(ORDERS_TO_DATE));
  }
}
