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

/**
 * conversion_by_channel and conversion_by_landing_page (SPEC §4.3): sessions of P by their first
 * event's channel (or landing page), converted when any event is a conversion event.
 */
public final class Conversion {
  public static final String BY_CHANNEL = "conversion_by_channel";
  public static final String BY_LANDING_PAGE = "conversion_by_landing_page";
  public static final String SESSIONS = "sessions";
  public static final String CONVERTED_SESSIONS = "converted_sessions";
  public static final String VISITORS = "visitors";
  public static final String CONVERTED_VISITORS = "converted_visitors";
  public static final String SESSION_CONVERSION_RATE = "session_conversion_rate";
  public static final String CONVERSION_RATE = "conversion_rate";

  /** Own columns of conversion_by_channel. */
  static final StructType BY_CHANNEL_SCHEMA = schema(Cols.CHANNEL);
  /** Own columns of conversion_by_landing_page. */
  static final StructType BY_LANDING_PAGE_SCHEMA = schema(Cols.LANDING_PAGE);

  /** The declaration of conversion_by_channel. */
  public static final Kpi BY_CHANNEL_KPI = declare(BY_CHANNEL, Cols.CHANNEL, BY_CHANNEL_SCHEMA);
  /** The declaration of conversion_by_landing_page. */
  public static final Kpi BY_LANDING_PAGE_KPI =
      declare(BY_LANDING_PAGE, Cols.LANDING_PAGE, BY_LANDING_PAGE_SCHEMA);

  private Conversion() {}

  private static Kpi declare(String table, String dimension, StructType schema) {
    return new Kpi(table, Set.of(InputTable.EVENTS), Set.of(InputTable.CUSTOMERS),
        Set.of(Shared.SESSIONS, Shared.KEYED_EVENTS, Shared.CUSTOMERS), schema,
        p -> compute(p, dimension));
  }

  private static StructType schema(String dimension) {
    return new StructType().add(dimension, STRING).add(SESSIONS, LONG)
        .add(CONVERTED_SESSIONS, LONG).add(VISITORS, LONG).add(CONVERTED_VISITORS, LONG)
        .add(SESSION_CONVERSION_RATE, DOUBLE).add(CONVERSION_RATE, DOUBLE);
  }

  static Dataset<Row> compute(Prepared p, String dimension) {
    Dataset<Row> s = p.sessions().select(Cols.PERIOD, Cols.SEGMENT, dimension, Cols.VISITOR_KEY,
        Cols.CONVERTED);
    Dataset<Row> agg = withAll(s, Cols.SEGMENT, dimension)
        .groupBy(Cols.PERIOD, Cols.SEGMENT, dimension)
        .agg(count(lit(1)).as(SESSIONS),
            count(when(col(Cols.CONVERTED), 1)).as(CONVERTED_SESSIONS),
            countDistinct(col(Cols.VISITOR_KEY)).as(VISITORS),
            countDistinct(when(col(Cols.CONVERTED), col(Cols.VISITOR_KEY)))
                .as(CONVERTED_VISITORS));
    return ensureAllRows(agg, p.periods(), dimension).select(col(Cols.PERIOD),
        col(Cols.SEGMENT), col(dimension), zeroIfNull(SESSIONS), zeroIfNull(CONVERTED_SESSIONS),
        zeroIfNull(VISITORS), zeroIfNull(CONVERTED_VISITORS),
        ratio(col(CONVERTED_SESSIONS), col(SESSIONS)).as(SESSION_CONVERSION_RATE),
        ratio(col(CONVERTED_VISITORS), col(VISITORS)).as(CONVERSION_RATE));
  }
}
