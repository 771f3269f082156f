package com.customerkpis.kpi;

import static com.customerkpis.kpi.KpiSupport.*;
import static com.customerkpis.kpi.Rollup.*;
import static com.customerkpis.kpi.KpiSchema.*;
import static org.apache.spark.sql.functions.*;

import com.customerkpis.prep.Prepared;
import com.customerkpis.prep.PurchaseHistory;
import com.customerkpis.prep.Shared;
import com.customerkpis.schema.Cols;
import com.customerkpis.input.InputTable;
import com.customerkpis.schema.Money;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** clv_summary (SPEC §4.5): historical, formula and predicted CLV per segment as of P.end. */
public final class ClvSummary {
  public static final String TABLE = "clv_summary";

  /** Days of the trailing window of aov and purchase_frequency. */
  public static final int TRAILING_DAYS = 365;

  /** The KPI's own columns. */
  static final StructType SCHEMA = new StructType().add(Cols.CUSTOMERS, LONG)
      .add(Cols.BUYERS, LONG).add(Cols.ORDERS, LONG).add(Cols.REVENUE, Money.TOTAL)
      .add(Cols.AOV, DOUBLE).add(Cols.PURCHASE_FREQUENCY, DOUBLE).add(Cols.HISTORICAL_CLV, DOUBLE)
      .add(Cols.FORMULA_CLV, DOUBLE).add(Cols.PREDICTED_CLV, DOUBLE).add(Cols.P_ALIVE_AVG, DOUBLE)
      .add(Cols.AT_RISK, LONG);

  static Dataset<Row> compute(Prepared p) {
    Dataset<Row> periods = p.periods();
    // Customers signed up before P.end: a small (segment, signup day) count joined to periods.
    Dataset<Row> signups = withAll(p.customers(), Cols.SEGMENT)
        .groupBy(Cols.SEGMENT, Cols.LOCAL_DATE).agg(count(lit(1)).as("_n"));
    Dataset<Row> customers = signups.crossJoin(periods.select(Cols.PERIOD, Cols.P_END_DATE_EXCL))
        .filter(col(Cols.LOCAL_DATE).lt(col(Cols.P_END_DATE_EXCL)))
        .groupBy(Cols.PERIOD, Cols.SEGMENT).agg(sum(col("_n")).as(Cols.CUSTOMERS));

    Dataset<Row> buyers = withAll(p.clvScores(), Cols.SEGMENT)
        .groupBy(Cols.PERIOD, Cols.SEGMENT)
        .agg(count(lit(1)).as(Cols.BUYERS),
            sum(col(PurchaseHistory.ORDERS_TO_DATE)).as(Cols.ORDERS),
            sum(col(Cols.REVENUE_TO_DATE)).cast(Money.TOTAL).as(Cols.REVENUE),
            avg(col(Cols.PREDICTED_CLV)).as(Cols.PREDICTED_CLV),
            avg(col(Cols.P_ALIVE)).as(Cols.P_ALIVE_AVG),
            count(when(col(Cols.P_ALIVE).lt(0.5), 1)).as(Cols.AT_RISK));

    Column d = col(Cols.LOCAL_DATE);
    Column ped = col(Cols.P_END_DATE_EXCL);
    // Customers are counted as rows of a per-customer aggregate rather than with COUNT(DISTINCT),
    // which copies every row once more: the purchase days are partitioned by customer, so that
    // aggregate needs no shuffle, and a customer's one segment lets the roll-up add rows up.
    Dataset<Row> perCustomer = p.joinPeriodsIntersecting(p.purchaseDays(), d,
            date_add(d, TRAILING_DAYS - 1))
        .filter(d.geq(date_sub(ped, TRAILING_DAYS)).and(d.lt(ped)))
        .groupBy(Cols.PERIOD, Cols.SEGMENT, Cols.CUSTOMER_ID)
        .agg(sum(col(PurchaseHistory.DAY_ORDERS)).as("_orders_365"),
            sum(col(PurchaseHistory.DAY_AMOUNT)).as("_revenue_365"));
    Dataset<Row> trailing = withAll(perCustomer, Cols.SEGMENT)
        .groupBy(Cols.PERIOD, Cols.SEGMENT)
        .agg(sum(col("_orders_365")).as("_orders_365"),
            sum(col("_revenue_365")).as("_revenue_365"),
            count(col(Cols.CUSTOMER_ID)).as("_customers_365"));

    var keys = seq(Cols.PERIOD, Cols.SEGMENT);
    Dataset<Row> all = customers.join(buyers, keys, "full_outer").join(trailing, keys,
        "full_outer");
    Column aov = ratio(col("_revenue_365"), col("_orders_365"));
    Column frequency = ratio(col("_orders_365"), col("_customers_365"));
    return ensureAllRows(all, periods).select(col(Cols.PERIOD), col(Cols.SEGMENT),
        zeroIfNull(Cols.CUSTOMERS), zeroIfNull(Cols.BUYERS), zeroIfNull(Cols.ORDERS),
        coalesce(col(Cols.REVENUE), lit(0).cast(Money.TOTAL)).as(Cols.REVENUE),
        aov.as(Cols.AOV), frequency.as(Cols.PURCHASE_FREQUENCY),
        ratio(col(Cols.REVENUE), col(Cols.BUYERS)).as(Cols.HISTORICAL_CLV),
        aov.multiply(frequency).multiply(p.params().lifespanYears()).as(Cols.FORMULA_CLV),
        col(Cols.PREDICTED_CLV), col(Cols.P_ALIVE_AVG), zeroIfNull(Cols.AT_RISK));
  }

  /** The declaration of this KPI. */
  public static final Kpi KPI = new Kpi(TABLE, Set.of(InputTable.CUSTOMERS, InputTable.ORDERS),
      Set.of(),
      Set.of(Shared.CUSTOMERS, Shared.COMPLETED_ORDERS, Shared.PURCHASE_DAYS,
          Shared.BUYER_STATES, Shared.CLV_SCORES),
      SCHEMA, ClvSummary::compute);
}
