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
  public static final String SESSIONS = "sessions";
  public static final String PAGE_VIEWS = "page_views";
  public static final String PAGES_PER_SESSION = "pages_per_session";
  public static final String AVG_SESSION_DURATION_S = "avg_session_duration_s";
  public static final String BOUNCE_RATE = "bounce_rate";

  private static final String BOUNCE = Cols.BOUNCE;
  private static final String BOUNCES = "_bounces";
  private static final String DURATION_SUM = "_duration_sum";

  /** The KPI's own columns. */
  static final StructType SCHEMA = new StructType().add(Cols.CHANNEL, STRING)
      .add(Cols.DEVICE, STRING).add(SESSIONS, LONG).add(PAGE_VIEWS, LONG)
      .add(PAGES_PER_SESSION, DOUBLE).add(AVG_SESSION_DURATION_S, DOUBLE).add(BOUNCE_RATE, DOUBLE);

  /**
   * The declaration of this KPI. customers only gives segments; without it every visitor is
   * anonymous.
   */
  public static final Kpi KPI = new Kpi(TABLE,
      Set.of(InputTable.EVENTS), Set.of(),
      Set.of(Shared.KEYED_EVENTS, Shared.SESSIONS, Shared.CUSTOMERS), SCHEMA, Engagement::compute);

  private Engagement() {}

  static Dataset<Row> compute(Prepared p) {
    Dataset<Row> sessions = p.sessions().select(col(Cols.PERIOD), col(Cols.SEGMENT),
        col(Cols.CHANNEL), col(Cols.DEVICE), col(Cols.PAGE_VIEW_COUNT), col(Cols.DURATION_S),
        col(BOUNCE));
    // One pass over the exploded rows gives every cell of the segment × channel × device cube.
    Dataset<Row> agg = withAll(sessions, Cols.SEGMENT, Cols.CHANNEL, Cols.DEVICE)
        .groupBy(Cols.PERIOD, Cols.SEGMENT, Cols.CHANNEL, Cols.DEVICE)
        .agg(count(lit(1)).as(SESSIONS),
            sum(col(Cols.PAGE_VIEW_COUNT)).cast("long").as(PAGE_VIEWS),
            sum(col(Cols.DURATION_S)).as(DURATION_SUM),
            sum(when(col(BOUNCE), 1L).otherwise(0L)).as(BOUNCES));
    return ensureAllRows(agg, p.periods(), Cols.CHANNEL, Cols.DEVICE)
        .select(col(Cols.PERIOD), col(Cols.SEGMENT), col(Cols.CHANNEL), col(Cols.DEVICE),
            zeroIfNull(SESSIONS), zeroIfNull(PAGE_VIEWS),
            ratio(col(PAGE_VIEWS), col(SESSIONS)).as(PAGES_PER_SESSION),
            ratio(col(DURATION_SUM), col(SESSIONS)).as(AVG_SESSION_DURATION_S),
            ratio(col(BOUNCES), col(SESSIONS)).as(BOUNCE_RATE));
  }
}
