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
    return new StructType().add(dimension, STRING).add(Cols.SESSIONS, LONG)
        .add(Cols.CONVERTED_SESSIONS, LONG).add(Cols.VISITORS, LONG)
        .add(Cols.CONVERTED_VISITORS, LONG)
        .add(Cols.SESSION_CONVERSION_RATE, DOUBLE).add(Cols.CONVERSION_RATE, DOUBLE);
  }

  private static final String ANY_CONVERTED = "_any_converted";

  static Dataset<Row> compute(Prepared p, String dimension) {
    // Visitors are counted as rows of a per-visitor aggregate, not with COUNT(DISTINCT), which
    // would copy every session once per distinct aggregate and roll-up. The dimension roll-up
    // merges a visitor's dimension values in that aggregate (sessions are read once); a visitor
    // belongs to one segment (that of its key), so the segment roll-up adds visitors up.
    // The sessions are shuffled by visitor before the roll-up copies: most (visitor, value)
    // pairs are unique within a split, so a partial aggregation would reduce little. Where the
    // cached sessions are already partitioned by visitor key (the segment's join by key at 1M),
    // Spark drops this shuffle.
    Dataset<Row> perVisitor = withAll(p.sessions().select(Cols.PERIOD, Cols.SEGMENT, dimension,
            Cols.VISITOR_KEY, Cols.CONVERTED).repartition(col(Cols.VISITOR_KEY)), dimension)
        .groupBy(col(Cols.PERIOD), col(Cols.SEGMENT), col(dimension), col(Cols.VISITOR_KEY))
        .agg(count(lit(1)).as(Cols.SESSIONS),
            count(when(col(Cols.CONVERTED), 1)).as(Cols.CONVERTED_SESSIONS),
            max(col(Cols.CONVERTED)).as(ANY_CONVERTED));
    Dataset<Row> agg = withAll(perVisitor, Cols.SEGMENT)
        .groupBy(Cols.PERIOD, Cols.SEGMENT, dimension)
        .agg(sum(col(Cols.SESSIONS)).as(Cols.SESSIONS),
            sum(col(Cols.CONVERTED_SESSIONS)).as(Cols.CONVERTED_SESSIONS),
            count(lit(1)).as(Cols.VISITORS),
            count(when(col(ANY_CONVERTED), 1)).as(Cols.CONVERTED_VISITORS));
    return ensureAllRows(agg, p.periods(), dimension).select(col(Cols.PERIOD),
        col(Cols.SEGMENT), col(dimension), zeroIfNull(Cols.SESSIONS),
        zeroIfNull(Cols.CONVERTED_SESSIONS),
        zeroIfNull(Cols.VISITORS), zeroIfNull(Cols.CONVERTED_VISITORS),
        ratio(col(Cols.CONVERTED_SESSIONS), col(Cols.SESSIONS)).as(Cols.SESSION_CONVERSION_RATE),
        ratio(col(Cols.CONVERTED_VISITORS), col(Cols.VISITORS)).as(Cols.CONVERSION_RATE));
  }
}
