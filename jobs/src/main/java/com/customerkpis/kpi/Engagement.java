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
import org.apache.spark.sql.types.StructType;

/** engagement (SPEC §4.11): sessions, page views, duration and bounces per channel × device. */
public final class Engagement {
  public static final String TABLE = "engagement";

  private static final String BOUNCE = Cols.BOUNCE;
  private static final String BOUNCES = "_bounces";
  private static final String DURATION_SUM = "_duration_sum";
  private static final String DURATION_US = "_duration_us";
  private static final double MICROS_PER_SECOND = 1e6;

  /** The KPI's own columns. */
  static final StructType SCHEMA = new StructType().add(Cols.CHANNEL, STRING)
      .add(Cols.DEVICE, STRING).add(Cols.SESSIONS, LONG).add(Cols.PAGE_VIEWS, LONG)
      .add(Cols.PAGES_PER_SESSION, DOUBLE).add(Cols.AVG_SESSION_DURATION_S, DOUBLE)
      .add(Cols.BOUNCE_RATE, DOUBLE);

  static Dataset<Row> compute(Prepared p) {
    Dataset<Row> sessions = p.sessions().select(col(Cols.PERIOD), col(Cols.SEGMENT),
        col(Cols.CHANNEL), col(Cols.DEVICE), col(Cols.PAGE_VIEW_COUNT),
        // Microseconds as an exact DECIMAL: the sum, hence the mean, is the same whatever order
        // and partitioning the rows are added in (a sum of doubles is not).
        unix_micros(col(Cols.LAST_TS)).minus(unix_micros(col(Cols.FIRST_TS)))
            .cast("decimal(20,0)").as(DURATION_US),
        col(BOUNCE));
    // Sessions are added up per cell first; only those few rows are exploded into the
    // segment × channel × device cube, whose roll-ups add the cells' exact sums (counts, and
    // durations as DECIMAL microseconds), never rates.
    Dataset<Row> cells = sessions.groupBy(Cols.PERIOD, Cols.SEGMENT, Cols.CHANNEL, Cols.DEVICE)
        .agg(count(lit(1)).as(Cols.SESSIONS),
            sum(col(Cols.PAGE_VIEW_COUNT)).cast("long").as(Cols.PAGE_VIEWS),
            sum(col(DURATION_US)).as(DURATION_SUM),
            sum(when(col(BOUNCE), 1L).otherwise(0L)).as(BOUNCES));
    Dataset<Row> agg = withAll(cells, Cols.SEGMENT, Cols.CHANNEL, Cols.DEVICE)
        .groupBy(Cols.PERIOD, Cols.SEGMENT, Cols.CHANNEL, Cols.DEVICE)
        .agg(sum(col(Cols.SESSIONS)).as(Cols.SESSIONS),
            sum(col(Cols.PAGE_VIEWS)).as(Cols.PAGE_VIEWS),
            sum(col(DURATION_SUM)).as(DURATION_SUM),
            sum(col(BOUNCES)).as(BOUNCES));
    return ensureAllRows(agg, p.periods(), Cols.CHANNEL, Cols.DEVICE)
        .select(col(Cols.PERIOD), col(Cols.SEGMENT), col(Cols.CHANNEL), col(Cols.DEVICE),
            zeroIfNull(Cols.SESSIONS), zeroIfNull(Cols.PAGE_VIEWS),
            ratio(col(Cols.PAGE_VIEWS), col(Cols.SESSIONS)).as(Cols.PAGES_PER_SESSION),
            ratio(col(DURATION_SUM).cast("double").divide(MICROS_PER_SECOND), col(Cols.SESSIONS))
                .as(Cols.AVG_SESSION_DURATION_S),
            ratio(col(BOUNCES), col(Cols.SESSIONS)).as(Cols.BOUNCE_RATE));
  }

  /**
   * The declaration of this KPI. customers only gives segments; without it every visitor is
   * anonymous.
   */
  public static final Kpi KPI = new Kpi(TABLE, Set.of(InputTable.EVENTS), Set.of(),
      Set.of(Shared.KEYED_EVENTS, Shared.SESSIONS, Shared.CUSTOMERS), SCHEMA, Engagement::compute);
}
