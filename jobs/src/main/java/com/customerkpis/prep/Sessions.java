package com.customerkpis.prep;

import static org.apache.spark.sql.functions.*;

import com.customerkpis.schema.Cols;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Sessions (SPEC §3): by session_id where present, else split per grouping key by an inactivity
 * gap strictly greater than the timeout, once and independently of any period.
 */
public final class Sessions {
  /** Internal struct column holding the session's first event. */
  public static final String FIRST = "first_event";

  // Internal columns of the sessionization without session_id.
  private static final String PV = "_pv";
  private static final String CONV = "_conv";
  private static final String START = "_start";
  private static final String END = "_end";
  private static final String RN = "_rn";
  private static final String CUM_PV = "_cum_pv";
  private static final String CUM_CONV = "_cum_conv";
  private static final String SESSION_NO = "_session_no";
  private static final String END_RN = "_end_rn";
  private static final String END_TS = "_end_ts";
  private static final String END_PV = "_end_pv";
  private static final String END_CONV = "_end_conv";

  private Sessions() {}

  /**
   * All sessions of the keyed events: session_key, first_event (struct of event_ts, event_id,
   * channel, page, device, customer_id, anonymous_id, link_ts, linked_customer), last_ts,
   * event_count, page_view_count, converted.
   */
  public static Dataset<Row> build(Dataset<Row> keyedEvents, Duration timeout,
      List<String> conversionEvents) {
    long timeoutMicros = timeout.toNanos() / 1000;
    Column first = struct(col(Cols.EVENT_TS), col(Cols.EVENT_ID), col(Cols.CHANNEL),
        col(Cols.PAGE), col(Cols.DEVICE), col(Cols.CUSTOMER_ID), col(Cols.ANONYMOUS_ID),
        col(Cols.LINK_TS), col(Cols.LINKED_CUSTOMER));
    Column[] aggs = {
        max(col(Cols.EVENT_TS)).as(Cols.LAST_TS),
        count(lit(1)).as(Cols.EVENT_COUNT),
        sum(when(col(Cols.EVENT_TYPE).equalTo("page_view"), 1).otherwise(0))
            .cast("long").as(Cols.PAGE_VIEW_COUNT),
        max(col(Cols.EVENT_TYPE).isin(conversionEvents.toArray())).as(Cols.CONVERTED)};

    Dataset<Row> withId = keyedEvents.filter(col(Cols.SESSION_ID).isNotNull())
        .groupBy(col(Cols.SESSION_ID))
        .agg(min(first).as(FIRST), aggs)
        .select(concat(lit("s:"), col(Cols.SESSION_ID)).as(Cols.SESSION_KEY), col(FIRST),
            col(Cols.LAST_TS), col(Cols.EVENT_COUNT), col(Cols.PAGE_VIEW_COUNT),
            col(Cols.CONVERTED));

    // Events without a session_id: one sort by (grouping key, time, id). A first window marks
    // each event that starts or ends a session (gap to the previous / next event) and carries
    // running counts; only those boundary rows go on, still in order (no re-sort), and a second
    // window reads each session's end values off the next boundary row. A session's first event
    // is its start row itself: ids are unique, so it is also the struct minimum that the
    // session_id path takes, and no struct is carried along the rows.
    WindowSpec w = Window.partitionBy(col(VisitorKeys.GROUPING_KEY))
        .orderBy(col(Cols.EVENT_TS), col(Cols.EVENT_ID));
    WindowSpec upTo = w.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Column ts = unix_micros(col(Cols.EVENT_TS));
    // Microsecond comparison: the gap must be strictly greater than the timeout.
    Column prev = unix_micros(lag(col(Cols.EVENT_TS), 1).over(w));
    Column next = unix_micros(lead(col(Cols.EVENT_TS), 1).over(w));
    Column start = col(START);
    Dataset<Row> boundaries = keyedEvents.filter(col(Cols.SESSION_ID).isNull())
        .withColumn(PV, when(col(Cols.EVENT_TYPE).equalTo("page_view"), 1L).otherwise(0L))
        .withColumn(CONV, when(col(Cols.EVENT_TYPE).isin(conversionEvents.toArray()), 1L)
            .otherwise(0L))
        .withColumn(START, prev.isNull().or(ts.minus(prev).gt(timeoutMicros)))
        .withColumn(END, next.isNull().or(next.minus(ts).gt(timeoutMicros)))
        .withColumn(RN, row_number().over(w))
        .withColumn(CUM_PV, sum(col(PV)).over(upTo))
        .withColumn(CUM_CONV, sum(col(CONV)).over(upTo))
        .filter(start.or(col(END)));
    // On a start row that does not end its session, the next boundary row is the session's end.
    Column endOf = col(END);
    Dataset<Row> noId = boundaries
        .withColumn(SESSION_NO, sum(when(start, 1L).otherwise(0L)).over(upTo))
        .withColumn(END_RN, when(endOf, col(RN)).otherwise(lead(col(RN), 1).over(w)))
        .withColumn(END_TS, when(endOf, col(Cols.EVENT_TS))
            .otherwise(lead(col(Cols.EVENT_TS), 1).over(w)))
        .withColumn(END_PV, when(endOf, col(CUM_PV)).otherwise(lead(col(CUM_PV), 1).over(w)))
        .withColumn(END_CONV, when(endOf, col(CUM_CONV))
            .otherwise(lead(col(CUM_CONV), 1).over(w)))
        .filter(start)
        .select(concat(lit("g:"), col(VisitorKeys.GROUPING_KEY), lit(":"),
                col(SESSION_NO).cast("string")).as(Cols.SESSION_KEY), first.as(FIRST),
            col(END_TS).as(Cols.LAST_TS),
            col(END_RN).minus(col(RN)).plus(1).cast("long").as(Cols.EVENT_COUNT),
            col(END_PV).minus(col(CUM_PV)).plus(col(PV)).as(Cols.PAGE_VIEW_COUNT),
            col(END_CONV).minus(col(CUM_CONV)).plus(col(CONV)).gt(0).as(Cols.CONVERTED));
    return withId.unionByName(noId);
  }

  /**
   * Sessions of the run periods (the period of their first event): period, first_ts, last_ts,
   * visitor_key, segment, channel, landing_page, device, event_count, page_view_count, converted,
   * duration_s, bounce. Not the session key: no KPI reads it, and a string per session made the
   * cached sessions much larger (docs/performance.md, fifth round).
   */
  public static Dataset<Row> ofRunPeriods(Dataset<Row> allSessions, RunScope scope,
      Dataset<Row> customers) {
    String f = FIRST + ".";
    Dataset<Row> s = scope.inRunPeriods(
            allSessions.withColumn(Cols.LOCAL_DATE, scope.localDate(col(f + Cols.EVENT_TS))),
            col(Cols.LOCAL_DATE))
        .join(scope.periods().select(Cols.PERIOD, Cols.P_END_TS), Cols.PERIOD)
        .select(col(Cols.PERIOD),
            col(f + Cols.EVENT_TS).as(Cols.FIRST_TS), col(Cols.LAST_TS),
            coalesce(col(f + Cols.CUSTOMER_ID),
                when(col(f + Cols.LINK_TS).lt(col(Cols.P_END_TS)), col(f + Cols.LINKED_CUSTOMER)),
                col(f + Cols.ANONYMOUS_ID)).as(Cols.VISITOR_KEY),
            col(f + Cols.CHANNEL).as(Cols.CHANNEL),
            col(f + Cols.PAGE).as(Cols.LANDING_PAGE),
            col(f + Cols.DEVICE).as(Cols.DEVICE),
            col(Cols.EVENT_COUNT), col(Cols.PAGE_VIEW_COUNT), col(Cols.CONVERTED),
            unix_micros(col(Cols.LAST_TS)).minus(unix_micros(col(f + Cols.EVENT_TS)))
                .cast("double").divide(1e6).as(Cols.DURATION_S),
            col(Cols.EVENT_COUNT).equalTo(1).as(Cols.BOUNCE));
    return Segments.withSegment(s, Cols.VISITOR_KEY, customers);
  }
}
