package com.customerkpis.kpi;

import static com.customerkpis.kpi.KpiSupport.*;
import static com.customerkpis.kpi.Rollup.*;
import static com.customerkpis.kpi.KpiSchema.*;
import static org.apache.spark.sql.functions.*;

import com.customerkpis.prep.Prepared;
import com.customerkpis.prep.Shared;
import com.customerkpis.schema.Cols;
import com.customerkpis.input.InputTable;
import com.customerkpis.schema.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** mrr (SPEC §4.13): MRR at P.start and P.end and its movements between them per customer. */
public final class Mrr {
  public static final String TABLE = "mrr";

  private static final String FIRST_PAID_TS = "_first_paid_ts";
  private static final List<String> MONEY_COLS = List.of(Cols.MRR_START, Cols.NEW_MRR,
      Cols.EXPANSION_MRR,
      Cols.CONTRACTION_MRR, Cols.CHURNED_MRR, Cols.REACTIVATION_MRR, Cols.MRR_END);

  /** The KPI's own columns. */
  static final StructType SCHEMA = schema();

  private static StructType schema() {
    StructType s = new StructType();
    for (String c : MONEY_COLS) {
      s = s.add(c, Money.TOTAL);
    }
    return s.add(Cols.PAYING_CUSTOMERS, LONG)
        .add(Cols.REVENUE_CHURN_RATE, DOUBLE)
        .add(Cols.NET_REVENUE_RETENTION, DOUBLE);
  }

  static Dataset<Row> compute(Prepared p) {
    Dataset<Row> subs = p.input(InputTable.SUBSCRIPTIONS);
    Column start = col(Cols.START_TS);
    Column end = col(Cols.END_TS);
    Column pStart = col(Cols.P_START_TS);
    Column pEnd = col(Cols.P_END_TS);
    Column liveAtStart = start.leq(pStart).and(end.isNull().or(end.gt(pStart)));
    Column liveAtEnd = start.leq(pEnd).and(end.isNull().or(end.gt(pEnd)));
    Column zero = lit(0).cast(Money.TOTAL);

    // Only intervals live at one of P's two boundary instants matter; the periods table is small
    // and broadcast, so this is a nested-loop join over subscriptions, all periods in one pass.
    Dataset<Row> perCustomer = subs.crossJoin(
            p.periods().select(Cols.PERIOD, Cols.P_START_TS, Cols.P_END_TS))
        .filter(liveAtStart.or(liveAtEnd))
        .groupBy(Cols.PERIOD, Cols.P_START_TS, Cols.CUSTOMER_ID)
        .agg(sum(when(liveAtStart, col(Cols.MRR)).otherwise(zero)).cast(Money.TOTAL)
                .as(Cols.MRR_START),
            sum(when(liveAtEnd, col(Cols.MRR)).otherwise(zero)).cast(Money.TOTAL).as(Cols.MRR_END))
        // Customers without MRR at either instant (free plans only) move nothing.
        .filter(col(Cols.MRR_START).gt(0).or(col(Cols.MRR_END).gt(0)));

    // Over all history, yet no look-ahead: "first paid start >= P.start" only asks whether a paid
    // interval started before P.start, which later subscriptions cannot change.
    // An empty interval (end_ts = start_ts) never has MRR, so it cannot be the first paid one.
    Dataset<Row> firstPaid = subs.filter(col(Cols.MRR).gt(0).and(end.isNull().or(end.gt(start))))
        .groupBy(Cols.CUSTOMER_ID).agg(min(start).as(FIRST_PAID_TS));

    Column s = col(Cols.MRR_START);
    Column e = col(Cols.MRR_END);
    Column starts = s.equalTo(0).and(e.gt(0));
    Column firstAfterStart = col(FIRST_PAID_TS).geq(pStart);
    Dataset<Row> moves = perCustomer.join(firstPaid, Cols.CUSTOMER_ID, "left")
        .select(col(Cols.PERIOD), col(Cols.CUSTOMER_ID), s, e,
            when(starts.and(firstAfterStart), e).otherwise(zero).as(Cols.NEW_MRR),
            when(starts.and(not(firstAfterStart)), e).otherwise(zero).as(Cols.REACTIVATION_MRR),
            when(s.gt(0).and(e.equalTo(0)), s).otherwise(zero).as(Cols.CHURNED_MRR),
            when(s.gt(0).and(e.gt(s)), e.minus(s)).otherwise(zero).as(Cols.EXPANSION_MRR),
            when(e.gt(0).and(e.lt(s)), s.minus(e)).otherwise(zero).as(Cols.CONTRACTION_MRR),
            e.gt(0).as("_paying"));

    List<Column> aggs = new ArrayList<>();
    for (String c : MONEY_COLS) {
      aggs.add(sum(col(c)).cast(Money.TOTAL).as(c));
    }
    aggs.add(count(when(col("_paying"), true)).as(Cols.PAYING_CUSTOMERS));
    Dataset<Row> agg = withAll(p.withSegment(moves, Cols.CUSTOMER_ID), Cols.SEGMENT)
        .groupBy(Cols.PERIOD, Cols.SEGMENT)
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));

    List<Column> out = new ArrayList<>();
    out.add(col(Cols.PERIOD));
    out.add(col(Cols.SEGMENT));
    for (String c : MONEY_COLS) {
      out.add(coalesce(col(c), zero).as(c));
    }
    out.add(zeroIfNull(Cols.PAYING_CUSTOMERS));
    Dataset<Row> rows = ensureAllRows(agg, p.periods()).select(out.toArray(new Column[0]));
    Column churnedOrShrunk = col(Cols.CHURNED_MRR).plus(col(Cols.CONTRACTION_MRR));
    Column retained = col(Cols.MRR_START).plus(col(Cols.EXPANSION_MRR))
        .minus(col(Cols.CONTRACTION_MRR))
        .minus(col(Cols.CHURNED_MRR));
    return rows.withColumn(Cols.REVENUE_CHURN_RATE, ratio(churnedOrShrunk, col(Cols.MRR_START)))
        .withColumn(Cols.NET_REVENUE_RETENTION, ratio(retained, col(Cols.MRR_START)));
  }

  /**
   * The declaration of this KPI. customers gives the segment; without it every customer would fall
   * into `anonymous`.
   */
  public static final Kpi KPI = new Kpi(TABLE,
      Set.of(InputTable.SUBSCRIPTIONS, InputTable.CUSTOMERS), Set.of(), Set.of(Shared.CUSTOMERS),
      SCHEMA, Mrr::compute);
}
