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
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * sentiment (SPEC §4.14): mentions per platform by sentiment label, segment ALL only; mentions
 * without a usable label are scored by {@link LexiconSentiment}.
 */
public final class Sentiment {
  public static final String TABLE = "sentiment";

  private static final String LABEL = "_label";

  /** The KPI's own columns. */
  static final StructType SCHEMA = new StructType().add(Cols.PLATFORM, STRING)
      .add(Cols.MENTIONS, LONG).add(Cols.POSITIVE, LONG).add(Cols.NEUTRAL, LONG)
      .add(Cols.NEGATIVE, LONG).add(Cols.NET_SENTIMENT, DOUBLE);

  static Dataset<Row> compute(Prepared p) {
    Dataset<Row> mentions = p.input(InputTable.MENTIONS)
        .select(Cols.MENTION_TS, Cols.PLATFORM, Cols.TEXT, Cols.SENTIMENT);
    Dataset<Row> inP = p.inRunPeriods(mentions,
        p.localDate(col(Cols.MENTION_TS)));
    // The reader trims and lower-cases the label; a blank or unrecognised label counts as
    // missing, so every mention is exactly one of positive, neutral, negative.
    Column given = col(Cols.SENTIMENT);
    Dataset<Row> labelled = inP.withColumn(LABEL,
        when(given.isin(Cols.POSITIVE, Cols.NEUTRAL, Cols.NEGATIVE), given)
            .otherwise(LexiconSentiment.label(col(Cols.TEXT))));
    // Seed rows have a null label, so the counts below ignore them.
    Dataset<Row> rows = seeded(
        withAll(labelled.withColumn(Cols.SEGMENT, lit(Cols.ALL)), Cols.PLATFORM), p.periods(),
        Cols.PLATFORM);
    return rows.groupBy(Cols.PERIOD, Cols.SEGMENT, Cols.PLATFORM)
        .agg(count(col(LABEL)).as(Cols.MENTIONS),
            count(when(col(LABEL).equalTo(Cols.POSITIVE), true)).as(Cols.POSITIVE),
            count(when(col(LABEL).equalTo(Cols.NEUTRAL), true)).as(Cols.NEUTRAL),
            count(when(col(LABEL).equalTo(Cols.NEGATIVE), true)).as(Cols.NEGATIVE))
        .withColumn(Cols.NET_SENTIMENT,
            ratio(col(Cols.POSITIVE).minus(col(Cols.NEGATIVE)), col(Cols.MENTIONS)));
  }

  /** The declaration of this KPI. */
  public static final Kpi KPI = new Kpi(TABLE, Set.of(InputTable.MENTIONS), Set.of(), Set.of(),
      SCHEMA, Sentiment::compute);
}
