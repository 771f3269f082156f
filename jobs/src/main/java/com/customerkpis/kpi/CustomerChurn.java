package com.customerkpis.kpi;

import static com.customerkpis.kpi.KpiSupport.*;
import static com.customerkpis.kpi.Rollup.*;
import static com.customerkpis.kpi.KpiSchema.*;
import static org.apache.spark.sql.functions.*;

import com.customerkpis.config.ChurnModel;
import com.customerkpis.prep.Prepared;
import com.customerkpis.prep.Shared;
import com.customerkpis.schema.Cols;
import com.customerkpis.input.InputTable;
import com.customerkpis.time.TimeColumns;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * customer_churn (SPEC §4.2): customers live at P.start and P.end, by subscriptions or by
 * activity, split into churned, new and reactivated so that end = start − churned + new + react.
 */
public final class CustomerChurn {
  public static final String TABLE = "customer_churn";

  private static final String LIVE_START = "_live_start";
  private static final String LIVE_END = "_live_end";
  private static final String LIVE_BEFORE = "_live_before";

  /** The model in effect: the configured one, else subscription when that table exists. */
  public static ChurnModel model(Prepared p) {
    if (p.params().churnModel() != null) {
      return p.params().churnModel();
    }
    return p.has(InputTable.SUBSCRIPTIONS) ? ChurnModel.SUBSCRIPTION : ChurnModel.ACTIVITY;
  }

  /** The KPI's own columns. */
  static final StructType SCHEMA = new StructType().add(Cols.CUSTOMERS_START, LONG)
      .add(Cols.CHURNED, LONG).add(Cols.NEW, LONG).add(Cols.REACTIVATED, LONG)
      .add(Cols.CUSTOMERS_END, LONG).add(Cols.CHURN_RATE, DOUBLE).add(Cols.RETENTION_RATE, DOUBLE);

  static Dataset<Row> compute(Prepared p) {
    Dataset<Row> states = model(p) == ChurnModel.SUBSCRIPTION ? bySubscription(p) : byActivity(p);
    Dataset<Row> seg = p.customers().select(Cols.CUSTOMER_ID, Cols.SEGMENT);
    Column start = col(LIVE_START);
    Column end = col(LIVE_END);
    Dataset<Row> agg = withAll(states.join(seg, Cols.CUSTOMER_ID), Cols.SEGMENT)
        .groupBy(Cols.PERIOD, Cols.SEGMENT)
        .agg(count(when(start, 1)).as(Cols.CUSTOMERS_START),
            count(when(start.and(not(end)), 1)).as(Cols.CHURNED),
            count(when(end.and(not(start)).and(not(col(LIVE_BEFORE))), 1)).as(Cols.NEW),
            count(when(end.and(not(start)).and(col(LIVE_BEFORE)), 1)).as(Cols.REACTIVATED),
            count(when(end, 1)).as(Cols.CUSTOMERS_END));
    return ensureAllRows(agg, p.periods()).select(col(Cols.PERIOD), col(Cols.SEGMENT),
        zeroIfNull(Cols.CUSTOMERS_START), zeroIfNull(Cols.CHURNED), zeroIfNull(Cols.NEW),
        zeroIfNull(Cols.REACTIVATED), zeroIfNull(Cols.CUSTOMERS_END),
        ratio(col(Cols.CHURNED), col(Cols.CUSTOMERS_START)).as(Cols.CHURN_RATE),
        ratio(col(Cols.CUSTOMERS_START).minus(col(Cols.CHURNED)), col(Cols.CUSTOMERS_START))
            .as(Cols.RETENTION_RATE));
  }

  /**
   * Per (period, customer) with a subscription overlapping the period: live at start, at end,
   * and whether first_live (earliest subscription start) lies before P.start.
   */
  private static Dataset<Row> bySubscription(Prepared p) {
    if (!p.has(InputTable.SUBSCRIPTIONS)) {
      throw new IllegalStateException("--churn-model subscription needs the subscriptions table");
    }
    Column ps = col(Cols.P_START_TS);
    Column pe = col(Cols.P_END_TS);
    Column s = col(Cols.START_TS);
    Column e = col(Cols.END_TS);
    // An empty interval (end_ts = start_ts) is live at no instant: it neither makes a customer
    // live nor sets first_live.
    Dataset<Row> subs = p.input(InputTable.SUBSCRIPTIONS)
        .filter(e.isNull().or(e.gt(s)))
        .join(p.customers().select(Cols.CUSTOMER_ID), Cols.CUSTOMER_ID);
    Dataset<Row> firstStart = subs.groupBy(Cols.CUSTOMER_ID)
        .agg(min(s).as(Cols.FIRST_LIVE));
    // Only intervals live at some instant of [P.start, P.end] (closed: P.end's state counts)
    // decide the two states. Candidate periods are enumerated from the interval's local dates,
    // starting one day early: an interval that starts exactly at P.end has P.end's local date,
    // the first day of the next period, and must still meet P. The exact instant tests follow.
    Dataset<Row> touching = p.joinPeriodsIntersecting(
            subs.withColumn("_from", date_sub(p.localDate(s), 1))
                .withColumn("_to", p.localDate(e)),
            col("_from"), col("_to"))
        .filter(s.leq(pe).and(e.isNull().or(e.gt(ps))));
    return touching.groupBy(Cols.PERIOD, Cols.CUSTOMER_ID)
        .agg(max(s.leq(ps).and(e.isNull().or(e.gt(ps)))).as(LIVE_START),
            max(s.leq(pe).and(e.isNull().or(e.gt(pe)))).as(LIVE_END),
            first(ps).as("_ps"))
        .join(firstStart, Cols.CUSTOMER_ID)
        .withColumn(LIVE_BEFORE, col(Cols.FIRST_LIVE).lt(col("_ps")))
        .select(Cols.PERIOD, Cols.CUSTOMER_ID, LIVE_START, LIVE_END, LIVE_BEFORE);
  }

  /**
   * Per (period, customer) with activity in [P.start − N days, P.end): live at start (activity
   * in the N days before P.start), at end (the N days before P.end), and first_live < P.start.
   */
  private static Dataset<Row> byActivity(Prepared p) {
    int n = p.params().inactivityDays();
    Dataset<Row> days = p.activityDays();
    Column d = col(Cols.LOCAL_DATE);
    Column available = col(Cols.AVAILABLE_FROM).isNull()
        .or(col(Cols.AVAILABLE_FROM).lt(col(Cols.P_END_TS)));
    Column psd = col(Cols.P_START_DATE);
    Column ped = col(Cols.P_END_DATE_EXCL);
    Dataset<Row> windowed = p.joinPeriodsIntersecting(days, d, date_add(d, n))
        .filter(available.and(d.lt(ped)).and(d.geq(date_sub(psd, n))))
        .groupBy(Cols.PERIOD, Cols.CUSTOMER_ID)
        .agg(max(d.lt(psd)).as(LIVE_START),
            max(d.geq(date_sub(ped, n))).as(LIVE_END),
            first(psd).as("_psd"), first(col(Cols.P_END_TS)).as("_pe"));
    // first_live < P.start: any activity before P.start that P may count (direct activity, or
    // linked activity whose link precedes P.end). Per customer and link time, the earliest day.
    Dataset<Row> firsts = days.groupBy(Cols.CUSTOMER_ID, Cols.AVAILABLE_FROM)
        .agg(min(d).as("_first_day"));
    Dataset<Row> cand = windowed.filter(col(LIVE_END).and(not(col(LIVE_START))));
    Dataset<Row> before = cand.join(firsts, Cols.CUSTOMER_ID)
        .filter(col("_first_day").lt(col("_psd")).and(col(Cols.AVAILABLE_FROM).isNull()
            .or(col(Cols.AVAILABLE_FROM).lt(col("_pe")))))
        .select(Cols.PERIOD, Cols.CUSTOMER_ID).distinct().withColumn(LIVE_BEFORE, lit(true));
    return windowed.join(before, seq(Cols.PERIOD, Cols.CUSTOMER_ID), "left")
        .select(col(Cols.PERIOD), col(Cols.CUSTOMER_ID), col(LIVE_START), col(LIVE_END),
            coalesce(col(LIVE_BEFORE), lit(false)).as(LIVE_BEFORE));
  }

  /** The declaration of this KPI. */
  public static final Kpi KPI = new Kpi(TABLE, Set.of(InputTable.CUSTOMERS),
      Set.of(InputTable.SUBSCRIPTIONS, InputTable.EVENTS, InputTable.ORDERS),
      Set.of(Shared.CUSTOMERS, Shared.ACTIVITY_DAYS, Shared.VISITOR_DAYS, Shared.KEYED_EVENTS,
          Shared.COMPLETED_ORDERS),
      SCHEMA, CustomerChurn::compute);
}
