package com.customerkpis.kpi;

import static com.customerkpis.kpi.KpiSupport.*;
import static com.customerkpis.kpi.Rollup.*;
import static com.customerkpis.kpi.KpiSchema.*;
import static org.apache.spark.sql.functions.*;

import com.customerkpis.prep.Prepared;
import com.customerkpis.prep.Shared;
import com.customerkpis.prep.VisitorKeys;
import com.customerkpis.schema.Cols;
import com.customerkpis.input.InputTable;
import com.customerkpis.time.Grain;
import com.customerkpis.time.Period;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;

/** active_users (SPEC §4.12): average daily and weekly active visitor keys, monthly actives. */
public final class ActiveUsers {
  public static final String TABLE = "active_users";

  /** A weekly window is the day itself and the 6 days before it. */
  static final int WEEK_LOOKBACK_DAYS = 6;
  /** The 30-day window of day and week grains. */
  static final int MAU_WINDOW_DAYS = 30;

  private static final String LOOKBACK_FROM = "_lookback_from";
  private static final String MAU_FROM = "_mau_from";
  private static final String P_LAST_DATE = "_p_last_date";
  private static final String DAYS = "_days";
  private static final String NEXT_DATE = "_next_date";
  private static final String DAY_IN_P = "_day_in_p";
  private static final String WEEK_DAYS = "_week_days";
  private static final String IN_MAU = "_in_mau";
  private static final String DAU_SUM = "_dau_sum";
  private static final String WAU_SUM = "_wau_sum";

  /** The KPI's own columns. */
  static final StructType SCHEMA = new StructType().add(Cols.DAU_AVG, DOUBLE)
      .add(Cols.WAU_AVG, DOUBLE).add(Cols.MAU, LONG).add(Cols.STICKINESS, DOUBLE);

  static Dataset<Row> compute(Prepared p) {
    boolean shortGrain = p.params().grain() == Grain.DAY || p.params().grain() == Grain.WEEK;
    Column start = col(Cols.P_START_DATE);
    Column endExcl = col(Cols.P_END_DATE_EXCL);
    Column weekFrom = date_sub(start, WEEK_LOOKBACK_DAYS);
    Column mauFrom = shortGrain ? date_sub(endExcl, MAU_WINDOW_DAYS) : start;
    Dataset<Row> periods = p.periods().select(col(Cols.PERIOD), col(Cols.P_END_TS),
        start, endExcl, least(weekFrom, mauFrom).as(LOOKBACK_FROM), mauFrom.as(MAU_FROM),
        date_sub(endExcl, 1).as(P_LAST_DATE), datediff(endExcl, start).as(DAYS));

    // The visitor days are one row per day and identity (the identity columns stay because the
    // visitor key depends on the period's end); only the dates some period reads.
    Dataset<Row> visitorDays = p.visitorDays()
        .filter(col(Cols.LOCAL_DATE).geq(lit(Date.valueOf(earliestLookback(p, shortGrain))))
            .and(col(Cols.LOCAL_DATE).lt(lit(Date.valueOf(latestEnd(p))))));
    // Range join with the tiny broadcast periods table: only dates P reads are paired with P.
    // Two identities of a day may share a visitor key in P; the copies are not removed here (a
    // shuffle of every row) but ignored by the sums below, which count each date's last copy.
    Dataset<Row> keyed = visitorDays
        .join(periods, col(Cols.LOCAL_DATE).geq(col(LOOKBACK_FROM))
            .and(col(Cols.LOCAL_DATE).lt(endExcl)))
        .select(col(Cols.PERIOD), col(Cols.LOCAL_DATE),
            VisitorKeys.visitorKey(col(Cols.P_END_TS)).as(Cols.VISITOR_KEY));
    // A visitor key has one segment, so its dates (and the windows below) are the same under its
    // segment and under ALL: the window and the per-visitor sums run once per key, and the
    // segment roll-up adds visitors up (no COUNT DISTINCT, no doubled sort). The period's dates
    // are joined after the segment's shuffle (broadcast), so that it moves three columns.
    Dataset<Row> rows = p.withSegment(keyed, Cols.VISITOR_KEY)
        .join(broadcast(periods.select(col(Cols.PERIOD), start, col(MAU_FROM),
            col(P_LAST_DATE))), Cols.PERIOD);

    // A key's event on date e covers the weekly windows ending on e..e+6; attributing each
    // covered day to the key's latest event date on or before it counts every day once.
    Column nextDate = lead(col(Cols.LOCAL_DATE), 1).over(
        Window.partitionBy(Cols.PERIOD, Cols.SEGMENT, Cols.VISITOR_KEY)
            .orderBy(Cols.LOCAL_DATE));
    Column coveredTo = least(date_add(col(Cols.LOCAL_DATE), WEEK_LOOKBACK_DAYS),
        date_sub(col(NEXT_DATE), 1), col(P_LAST_DATE));
    Column coveredFrom = greatest(col(Cols.LOCAL_DATE), start);
    // Grouping by the window's partition key reuses its partitioning: no further shuffle.
    Dataset<Row> perVisitor = rows.withColumn(NEXT_DATE, nextDate)
        .select(col(Cols.PERIOD), col(Cols.SEGMENT), col(Cols.VISITOR_KEY),
            // A date's copies are adjacent: all but the last have the same date next.
            col(Cols.LOCAL_DATE).geq(start).and(coalesce(col(NEXT_DATE)
                .notEqual(col(Cols.LOCAL_DATE)), lit(true))).cast("long").as(DAY_IN_P),
            // least/greatest skip nulls: the last event date is bounded by e+6 and P's end; a
            // copy followed by the same date covers nothing (to < from).
            greatest(datediff(coveredTo, coveredFrom).plus(1), lit(0)).cast("long")
                .as(WEEK_DAYS),
            col(Cols.LOCAL_DATE).geq(col(MAU_FROM)).as(IN_MAU))
        .groupBy(Cols.PERIOD, Cols.SEGMENT, Cols.VISITOR_KEY)
        .agg(sum(col(DAY_IN_P)).as(DAY_IN_P), sum(col(WEEK_DAYS)).as(WEEK_DAYS),
            max(col(IN_MAU)).as(IN_MAU));
    Dataset<Row> agg = withAll(perVisitor, Cols.SEGMENT).groupBy(Cols.PERIOD, Cols.SEGMENT)
        .agg(sum(col(DAY_IN_P)).as(DAU_SUM),
            sum(col(WEEK_DAYS)).as(WAU_SUM),
            count(when(col(IN_MAU), 1)).as(Cols.MAU));

    // The segment ALL row exists for every period, with zeros, even without any event.
    Dataset<Row> complete = ensureAllRows(agg, p.periods())
        .join(periods.select(Cols.PERIOD, DAYS), Cols.PERIOD);
    Column dauAvg = coalesce(col(DAU_SUM), lit(0L)).cast("double").divide(col(DAYS));
    return complete.select(col(Cols.PERIOD), col(Cols.SEGMENT),
        dauAvg.as(Cols.DAU_AVG),
        coalesce(col(WAU_SUM), lit(0L)).cast("double").divide(col(DAYS)).as(Cols.WAU_AVG),
        zeroIfNull(Cols.MAU),
        ratio(dauAvg, coalesce(col(Cols.MAU), lit(0L))).as(Cols.STICKINESS));
  }

  /** The first local date any run period reads: a bound that prunes events early. */
  private static LocalDate earliestLookback(Prepared p, boolean shortGrain) {
    Period first = p.periodList().stream().min(Comparator.comparing(Period::firstDate))
        .orElseThrow();
    LocalDate week = first.firstDate().minusDays(WEEK_LOOKBACK_DAYS);
    LocalDate mau = shortGrain
        ? first.nextFirstDate().minusDays(MAU_WINDOW_DAYS) : first.firstDate();
    return week.isBefore(mau) ? week : mau;
  }

  /** The first local date after every run period. */
  private static LocalDate latestEnd(Prepared p) {
    return p.periodList().stream().map(Period::nextFirstDate).max(Comparator.naturalOrder())
        .orElseThrow();
  }

  /**
   * The declaration of this KPI. customers only gives segments; without it every visitor key is
   * anonymous.
   */
  public static final Kpi KPI = new Kpi(TABLE, Set.of(InputTable.EVENTS), Set.of(),
      Set.of(Shared.VISITOR_DAYS, Shared.KEYED_EVENTS, Shared.CUSTOMERS), SCHEMA,
      ActiveUsers::compute);
}
