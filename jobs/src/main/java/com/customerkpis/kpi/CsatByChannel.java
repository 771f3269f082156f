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
  public static final String RESPONSES = "responses";
  public static final String POSITIVE_RESPONSES = "positive_responses";
  public static final String CSAT = "csat";
  public static final String AVG_SCORE = "avg_score";

  /** The survey_type value this KPI reads (normalised). */
  public static final String SURVEY_TYPE = SurveyType.CSAT.code();
  /** Lowest score that counts as a positive (satisfied) response on the 1–5 scale. */
  public static final int POSITIVE_MIN_SCORE = 4;

  /** The KPI's own columns. */
  static final StructType SCHEMA = new StructType().add(Cols.CHANNEL, STRING).add(RESPONSES, LONG)
      .add(POSITIVE_RESPONSES, LONG).add(CSAT, DOUBLE).add(AVG_SCORE, DOUBLE);

  /**
   * The declaration of this KPI. customers gives the segments; without it every row would silently
   * be anonymous.
   */
  public static final Kpi KPI = new Kpi(TABLE,
      Set.of(InputTable.SURVEYS, InputTable.CUSTOMERS), Set.of(),
      Set.of(Shared.CUSTOMERS, Shared.SURVEY_SCORES), SCHEMA, CsatByChannel::compute);

  private CsatByChannel() {}

  static Dataset<Row> compute(Prepared p) {
    Dataset<Row> agg = SurveyScores.of(p, SurveyType.CSAT,
        SurveyScores.responses().as(RESPONSES),
        SurveyScores.responses(col(Cols.SCORE).geq(POSITIVE_MIN_SCORE)).as(POSITIVE_RESPONSES),
        SurveyScores.meanScore().as(AVG_SCORE));
    return agg.select(col(Cols.PERIOD), col(Cols.SEGMENT), col(Cols.CHANNEL),
        col(RESPONSES), col(POSITIVE_RESPONSES),
        ratio(col(POSITIVE_RESPONSES), col(RESPONSES)).as(CSAT),
        col(AVG_SCORE));
  }
}
