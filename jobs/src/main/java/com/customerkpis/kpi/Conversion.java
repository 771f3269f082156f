package com.customerkpis.kpi;

import static com.customerkpis.kpi.KpiSupport.*;
import static org.apache.spark.sql.functions.*;

import com.customerkpis.prep.Prepared;
import com.customerkpis.prep.Shared;
import com.customerkpis.schema.Cols;
import com.customerkpis.input.InputTable;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * conversion_by_channel and conversion_by_landing_page (SPEC §4.3): sessions of P by their first
 * event's channel (or landing page), converted when any event is a conversion event.
 */
public final class Conversion implements Kpi {
  public static final String BY_CHANNEL = "conversion_by_channel";
  public static final String BY_LANDING_PAGE = "conversion_by_landing_page";
  public static final String SESSIONS = "sessions";
  public static final String CONVERTED_SESSIONS = "converted_sessions";
  public static final String VISITORS = "visitors";
  public static final String CONVERTED_VISITORS = "converted_visitors";
  public static final String SESSION_CONVERSION_RATE = "session_conversion_rate";
  public static final String CONVERSION_RATE = "conversion_rate";

  private final String table;
  private final String dimension;

  private Conversion(String table, String dimension) {
    this.table = table;
    this.dimension = dimension;
  }

  /** conversion_by_channel. */
  public static Conversion byChannel() {
    return new Conversion(BY_CHANNEL, Cols.CHANNEL);
  }

  /** conversion_by_landing_page. */
  public static Conversion byLandingPage() {
    return new Conversion(BY_LANDING_PAGE, Cols.LANDING_PAGE);
  }

  @Override
  public String table() {
    return table;
  }

  @Override
  public Set<InputTable> requires() {
    return Set.of(InputTable.EVENTS);
  }

  @Override
  public Set<InputTable> optional() {
    return Set.of(InputTable.CUSTOMERS);
  }

  @Override
  public Set<Shared> shares() {
    return Set.of(Shared.SESSIONS, Shared.KEYED_EVENTS, Shared.CUSTOMERS);
  }

  @Override
  public StructType schema() {
    return new StructType()
        .add(dimension, DataTypes.StringType)
        .add(SESSIONS, DataTypes.LongType)
        .add(CONVERTED_SESSIONS, DataTypes.LongType)
        .add(VISITORS, DataTypes.LongType)
        .add(CONVERTED_VISITORS, DataTypes.LongType)
        .add(SESSION_CONVERSION_RATE, DataTypes.DoubleType)
        .add(CONVERSION_RATE, DataTypes.DoubleType);
  }

  @Override
  public Dataset<Row> compute(Prepared p) {
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
