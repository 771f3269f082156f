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

    // Events without a session_id: one sort by (grouping key, time, id) computes everything as
    // running values, read at each session's last row; no aggregation re-sorts them (an
    // aggregate of the first-event struct cannot be hashed). The first event is the session's
    // start row: ids are unique, so it is also the struct minimum that the session_id path takes.
    WindowSpec w = Window.partitionBy(col(VisitorKeys.GROUPING_KEY))
        .orderBy(col(Cols.EVENT_TS), col(Cols.EVENT_ID));
    WindowSpec upTo = w.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Column prev = lag(col(Cols.EVENT_TS), 1).over(w);
    // Microsecond comparison: the gap must be strictly greater than the timeout.
    Column starts = when(prev.isNull()
        .or(unix_micros(col(Cols.EVENT_TS)).minus(unix_micros(prev)).gt(timeoutMicros)), 1)
        .otherwise(0);
    Column isStart = col("_start").equalTo(1);
    Dataset<Row> noId = keyedEvents.filter(col(Cols.SESSION_ID).isNull())
        .withColumn("_start", starts)
        .withColumn("_pv", when(col(Cols.EVENT_TYPE).equalTo("page_view"), 1L).otherwise(0L))
        .withColumn("_conv", when(col(Cols.EVENT_TYPE).isin(conversionEvents.toArray()), 1L)
            .otherwise(0L))
        .withColumn("_n", sum(col("_start")).over(upTo))
        .withColumn("_rn", row_number().over(w))
        .withColumn("_cum_pv", sum(col("_pv")).over(upTo))
        .withColumn("_cum_conv", sum(col("_conv")).over(upTo))
        .withColumn("_first", last(when(isStart, first), true).over(upTo))
        .withColumn("_next_start", lead(col("_start"), 1).over(w))
        // Running values at the session's start row (before it, for the sums): non-decreasing,
        // so the running maximum is the current session's.
        .withColumn("_rn0", max(when(isStart, col("_rn"))).over(upTo))
        .withColumn("_pv0", max(when(isStart, col("_cum_pv").minus(col("_pv")))).over(upTo))
        .withColumn("_conv0", max(when(isStart, col("_cum_conv").minus(col("_conv"))))
            .over(upTo))
        .filter(col("_next_start").isNull().or(col("_next_start").equalTo(1)))
        .select(concat(lit("g:"), col(VisitorKeys.GROUPING_KEY), lit(":"),
                col("_n").cast("string")).as(Cols.SESSION_KEY), col("_first").as(FIRST),
            col(Cols.EVENT_TS).as(Cols.LAST_TS),
            col("_rn").minus(col("_rn0")).plus(1).cast("long").as(Cols.EVENT_COUNT),
            col("_cum_pv").minus(col("_pv0")).as(Cols.PAGE_VIEW_COUNT),
            col("_cum_conv").minus(col("_conv0")).gt(0).as(Cols.CONVERTED));
    return withId.unionByName(noId);
  }

  /**
   * Sessions of the run periods (the period of their first event): period, session_key, first_ts,
   * last_ts, visitor_key, segment, channel, landing_page, device, event_count, page_view_count,
   * converted, duration_s, bounce.
   */
  public static Dataset<Row> ofRunPeriods(Dataset<Row> allSessions, RunScope scope,
      Dataset<Row> customers) {
    String f = FIRST + ".";
    Dataset<Row> s = scope.inRunPeriods(
            allSessions.withColumn(Cols.LOCAL_DATE, scope.localDate(col(f + Cols.EVENT_TS))),
            col(Cols.LOCAL_DATE))
        .join(scope.periods().select(Cols.PERIOD, Cols.P_END_TS), Cols.PERIOD)
        .select(col(Cols.PERIOD), col(Cols.SESSION_KEY),
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
