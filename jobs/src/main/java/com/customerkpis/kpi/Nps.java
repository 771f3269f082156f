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

/** nps (SPEC §4.6): Net Promoter Score, 100 × (promoters − detractors) / responses, by channel. */
public final class Nps {
  public static final String TABLE = "nps";
  public static final String RESPONSES = "responses";
  public static final String PROMOTERS = "promoters";
  public static final String PASSIVES = "passives";
  public static final String DETRACTORS = "detractors";
  public static final String NPS = "nps";

  /** The survey_type value this KPI reads (normalised). */
  public static final String SURVEY_TYPE = SurveyType.NPS.code();
  /** Lowest promoter score (9–10) on the 0–10 scale. */
  public static final int PROMOTER_MIN_SCORE = 9;
  /** Lowest passive score (7–8); anything lower is a detractor (0–6). */
  public static final int PASSIVE_MIN_SCORE = 7;

  /** The KPI's own columns. */
  static final StructType SCHEMA = new StructType().add(Cols.CHANNEL, STRING).add(RESPONSES, LONG)
      .add(PROMOTERS, LONG).add(PASSIVES, LONG).add(DETRACTORS, LONG).add(NPS, DOUBLE);

  /** The declaration of this KPI. */
  public static final Kpi KPI = new Kpi(TABLE,
      Set.of(InputTable.SURVEYS, InputTable.CUSTOMERS), Set.of(),
      Set.of(Shared.CUSTOMERS, Shared.SURVEY_SCORES), SCHEMA, Nps::compute);

  private Nps() {}

  static Dataset<Row> compute(Prepared p) {
    Dataset<Row> agg = SurveyScores.of(p, SurveyType.NPS,
        SurveyScores.responses().as(RESPONSES),
        SurveyScores.responses(col(Cols.SCORE).geq(PROMOTER_MIN_SCORE)).as(PROMOTERS),
        SurveyScores.responses(col(Cols.SCORE).between(PASSIVE_MIN_SCORE,
            PROMOTER_MIN_SCORE - 1)).as(PASSIVES),
        SurveyScores.responses(col(Cols.SCORE).lt(PASSIVE_MIN_SCORE)).as(DETRACTORS));
    // Passives are in the denominator only; the rate is scaled to [-100, 100].
    return agg.select(col(Cols.PERIOD), col(Cols.SEGMENT), col(Cols.CHANNEL),
        col(RESPONSES), col(PROMOTERS), col(PASSIVES),
        col(DETRACTORS),
        ratio(col(PROMOTERS).minus(col(DETRACTORS)), col(RESPONSES)).multiply(100.0).as(NPS));
  }
}
