package com.customerkpis.kpi;

import static com.customerkpis.kpi.KpiSupport.*;
import static com.customerkpis.kpi.Rollup.*;
import static com.customerkpis.kpi.KpiSchema.*;
import static org.apache.spark.sql.functions.*;

import com.customerkpis.prep.Prepared;
import com.customerkpis.prep.Shared;
import com.customerkpis.schema.Cols;
import com.customerkpis.input.InputTable;
import com.customerkpis.time.TimeColumns;
import java.time.ZoneId;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * support (SPEC §4.10): tickets created and resolved per period and channel, first-contact
 * resolution, first-response and resolution times.
 */
public final class Support {
  public static final String TABLE = "support";

  /** Most agent replies a resolution may take to count as first-contact. */
  public static final int FCR_MAX_AGENT_REPLIES = 1;

  // internal columns
  private static final String FACT = "_fact";
  private static final String IS_CREATION = "created";
  private static final String FIRST_RESPONSE_H = "_first_response_h";
  private static final String RESOLUTION_H = "_resolution_h";
  private static final String FCR = "_fcr";
  private static final String FCR_COUNT = "_fcr_count";
  private static final double MICROS_PER_HOUR = 3_600_000_000.0;
  private static final String FIRST_RESPONSE_US = "_first_response_us";
  private static final String RESOLUTION_US = "_resolution_us";

  /** The KPI's own columns. */
  static final StructType SCHEMA = new StructType().add(Cols.CHANNEL, STRING)
      .add(Cols.TICKETS_CREATED, LONG).add(Cols.TICKETS_RESOLVED, LONG)
      .add(Cols.FIRST_CONTACT_RESOLUTION_RATE, DOUBLE).add(Cols.AVG_FIRST_RESPONSE_HOURS, DOUBLE)
      .add(Cols.AVG_RESOLUTION_HOURS, DOUBLE).add(Cols.MEDIAN_RESOLUTION_HOURS, DOUBLE);

  static Dataset<Row> compute(Prepared p) {
    Dataset<Row> tickets = p.withSegment(p.input(InputTable.TICKETS).select(
        col(Cols.CUSTOMER_ID), col(Cols.CHANNEL),
        hours(col(Cols.CREATED_TS), col(Cols.FIRST_RESPONSE_TS)).as(FIRST_RESPONSE_H),
        hours(col(Cols.CREATED_TS), col(Cols.RESOLVED_TS)).as(RESOLUTION_H),
        micros(col(Cols.CREATED_TS), col(Cols.FIRST_RESPONSE_TS)).as(FIRST_RESPONSE_US),
        micros(col(Cols.CREATED_TS), col(Cols.RESOLVED_TS)).as(RESOLUTION_US),
        // null agent_replies is not FCR (but stays in the denominator); null reopened = no.
        coalesce(col(Cols.AGENT_REPLIES).leq(FCR_MAX_AGENT_REPLIES), lit(false))
            .and(not(coalesce(col(Cols.REOPENED), lit(false)))).as(FCR),
        p.localDate(col(Cols.CREATED_TS)).as("_created_date"),
        p.localDate(col(Cols.RESOLVED_TS)).as("_resolved_date")),
        Cols.CUSTOMER_ID);
    // Each ticket is two facts, its creation and its resolution (none while open), each assigned
    // to the period of its own instant: one pass and one aggregation serve both.
    Dataset<Row> facts = tickets.withColumn(FACT, explode(array(
            struct(lit(true).as(IS_CREATION), col("_created_date").as(Cols.LOCAL_DATE)),
            struct(lit(false).as(IS_CREATION), col("_resolved_date").as(Cols.LOCAL_DATE)))))
        .filter(col(FACT + "." + Cols.LOCAL_DATE).isNotNull());
    Dataset<Row> inP = p.inRunPeriods(facts, col(FACT + "." + Cols.LOCAL_DATE));
    Column created = col(FACT + "." + IS_CREATION);
    Column resolved = not(created);
    // Seed rows have a null fact, so every aggregate below ignores them.
    return seeded(withAll(inP, Cols.SEGMENT, Cols.CHANNEL), p.periods(), Cols.CHANNEL)
        .groupBy(Cols.PERIOD, Cols.SEGMENT, Cols.CHANNEL)
        .agg(count(when(created, true)).as(Cols.TICKETS_CREATED),
            count(when(resolved, true)).as(Cols.TICKETS_RESOLVED),
            count(when(resolved.and(col(FCR)), true)).as(FCR_COUNT),
            // avg and percentile skip nulls: tickets without a first response, other facts.
            avgHours(when(created, col(FIRST_RESPONSE_US))).as(Cols.AVG_FIRST_RESPONSE_HOURS),
            avgHours(when(resolved, col(RESOLUTION_US))).as(Cols.AVG_RESOLUTION_HOURS),
            // exact, linearly interpolated median (percentile_approx would not interpolate).
            percentile(when(resolved, col(RESOLUTION_H)), lit(0.5))
                .as(Cols.MEDIAN_RESOLUTION_HOURS))
        .select(col(Cols.PERIOD), col(Cols.SEGMENT), col(Cols.CHANNEL),
            col(Cols.TICKETS_CREATED), col(Cols.TICKETS_RESOLVED),
            ratio(col(FCR_COUNT), col(Cols.TICKETS_RESOLVED))
                .as(Cols.FIRST_CONTACT_RESOLUTION_RATE),
            col(Cols.AVG_FIRST_RESPONSE_HOURS), col(Cols.AVG_RESOLUTION_HOURS),
            col(Cols.MEDIAN_RESOLUTION_HOURS));
  }

  /**
   * The mean of microsecond durations in hours, from their exact DECIMAL sum: the same value
   * whatever order the rows are added in (a sum of doubles is not), and never overflowing.
   */
  private static Column avgHours(Column durationMicros) {
    return sum(durationMicros.cast("decimal(20,0)")).cast("double")
        .divide(count(durationMicros)).divide(MICROS_PER_HOUR);
  }

  /** Microseconds from {@code from} to {@code to}; null when either is null. */
  private static Column micros(Column from, Column to) {
    return unix_micros(to).minus(unix_micros(from));
  }

  /** Hours from {@code from} to {@code to} at microsecond precision; null when either is null. */
  private static Column hours(Column from, Column to) {
    return unix_micros(to).minus(unix_micros(from)).cast("double").divide(MICROS_PER_HOUR);
  }

  /**
   * The declaration of this KPI. customers gives the segments; without it every row would silently
   * be anonymous.
   */
  public static final Kpi KPI = new Kpi(TABLE, Set.of(InputTable.TICKETS, InputTable.CUSTOMERS),
      Set.of(), Set.of(Shared.CUSTOMERS), SCHEMA, Support::compute);
}
