package com.customerkpis.kpi;

import static com.customerkpis.kpi.KpiSupport.*;
import static com.customerkpis.kpi.KpiSchema.*;
import static org.apache.spark.sql.functions.*;

import com.customerkpis.prep.Prepared;
import com.customerkpis.prep.Shared;
import com.customerkpis.input.SurveyType;
import com.customerkpis.schema.Cols;
import com.customerkpis.input.InputTable;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** csat_by_channel (SPEC §4.4): share of csat responses scoring 4 or 5, per touchpoint channel. */
public final class CsatByChannel {
  public static final String TABLE = "csat_by_channel";

  /** Lowest score that counts as a positive (satisfied) response on the 1–5 scale. */
  public static final int POSITIVE_MIN_SCORE = 4;

  /** The KPI's own columns. */
  static final StructType SCHEMA = new StructType().add(Cols.CHANNEL, STRING)
      .add(Cols.RESPONSES, LONG).add(Cols.POSITIVE_RESPONSES, LONG).add(Cols.CSAT, DOUBLE)
      .add(Cols.AVG_SCORE, DOUBLE);

  static Dataset<Row> compute(Prepared p) {
    Dataset<Row> agg = SurveyScores.of(p, SurveyType.CSAT,
        SurveyScores.responses().as(Cols.RESPONSES),
        SurveyScores.responses(col(Cols.SCORE).geq(POSITIVE_MIN_SCORE)).as(Cols.POSITIVE_RESPONSES),
        SurveyScores.meanScore().as(Cols.AVG_SCORE));
    return agg.select(col(Cols.PERIOD), col(Cols.SEGMENT), col(Cols.CHANNEL),
        col(Cols.RESPONSES), col(Cols.POSITIVE_RESPONSES),
        ratio(col(Cols.POSITIVE_RESPONSES), col(Cols.RESPONSES)).as(Cols.CSAT),
        col(Cols.AVG_SCORE));
  }

  /**
   * The declaration of this KPI. customers gives the segments; without it every row would silently
   * be anonymous.
   */
  public static final Kpi KPI = new Kpi(TABLE, Set.of(InputTable.SURVEYS, InputTable.CUSTOMERS),
      Set.of(), Set.of(Shared.CUSTOMERS, Shared.SURVEY_SCORES), SCHEMA, CsatByChannel::compute);
}
