package com.customerkpis.kpi;

import static com.customerkpis.kpi.KpiSupport.*;
import static com.customerkpis.kpi.Rollup.*;
import static com.customerkpis.kpi.KpiSchema.*;
import static org.apache.spark.sql.functions.*;

import com.customerkpis.prep.Prepared;
import com.customerkpis.prep.Shared;
import com.customerkpis.schema.Cols;
import com.customerkpis.input.InputTable;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;

/** repeat_purchase (SPEC §4.8): buyers of P and the share of them with two or more orders. */
public final class RepeatPurchase {
  public static final String TABLE = "repeat_purchase";

  /** The KPI's own columns. */
  static final StructType SCHEMA = new StructType().add(Cols.BUYERS, LONG)
      .add(Cols.REPEAT_BUYERS, LONG).add(Cols.REPEAT_CUSTOMER_RATE, DOUBLE).add(Cols.ORDERS, LONG)
      .add(Cols.ORDERS_PER_BUYER, DOUBLE);

  // Internal columns.
  private static final String ORDER_NO = "_order_no";
  private static final String ORDERS_TO_DATE = "_orders_to_date";

  static Dataset<Row> compute(Prepared p) {
    // Numbering each customer's completed orders over all history makes the largest number among
    // the orders in P equal to the count of orders before P.end (any later one would be in P too),
    // so one window replaces a join of buyers with their whole order history.
    Dataset<Row> numbered = p.completedOrders().withColumn(ORDER_NO, row_number().over(
        Window.partitionBy(Cols.CUSTOMER_ID).orderBy(Cols.ORDER_TS, Cols.ORDER_ID)));
    Dataset<Row> buyers = p.inRunPeriods(numbered, col(Cols.LOCAL_DATE))
        .groupBy(Cols.PERIOD, Cols.CUSTOMER_ID)
        .agg(count(lit(1)).as(Cols.ORDERS), max(col(ORDER_NO)).cast("long").as(ORDERS_TO_DATE));
    Dataset<Row> agg = withAll(p.withSegment(buyers, Cols.CUSTOMER_ID), Cols.SEGMENT)
        .groupBy(Cols.PERIOD, Cols.SEGMENT)
        .agg(count(lit(1)).as(Cols.BUYERS),
            count(when(col(ORDERS_TO_DATE).geq(2), true)).as(Cols.REPEAT_BUYERS),
            sum(col(Cols.ORDERS)).as(Cols.ORDERS));
    return ensureAllRows(agg, p.periods())
        .select(col(Cols.PERIOD), col(Cols.SEGMENT), zeroIfNull(Cols.BUYERS),
            zeroIfNull(Cols.REPEAT_BUYERS),
            zeroIfNull(Cols.ORDERS))
        .select(col(Cols.PERIOD), col(Cols.SEGMENT), col(Cols.BUYERS), col(Cols.REPEAT_BUYERS),
            ratio(col(Cols.REPEAT_BUYERS), col(Cols.BUYERS)).as(Cols.REPEAT_CUSTOMER_RATE),
            col(Cols.ORDERS),
            ratio(col(Cols.ORDERS), col(Cols.BUYERS)).as(Cols.ORDERS_PER_BUYER));
  }

  /**
   * The declaration of this KPI. customers gives the segment; without it every buyer would fall
   * into `anonymous`.
   */
  public static final Kpi KPI = new Kpi(TABLE, Set.of(InputTable.ORDERS, InputTable.CUSTOMERS),
      Set.of(), Set.of(Shared.COMPLETED_ORDERS, Shared.CUSTOMERS), SCHEMA, RepeatPurchase::compute);
}
