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

  /** Lowest promoter score (9–10) on the 0–10 scale. */
  public static final int PROMOTER_MIN_SCORE = 9;
  /** Lowest passive score (7–8); anything lower is a detractor (0–6). */
  public static final int PASSIVE_MIN_SCORE = 7;

  /** The KPI's own columns. */
  static final StructType SCHEMA = new StructType().add(Cols.CHANNEL, STRING)
      .add(Cols.RESPONSES, LONG).add(Cols.PROMOTERS, LONG).add(Cols.PASSIVES, LONG)
      .add(Cols.DETRACTORS, LONG).add(Cols.NPS, DOUBLE);

  static Dataset<Row> compute(Prepared p) {
    Dataset<Row> agg = SurveyScores.of(p, SurveyType.NPS,
        SurveyScores.responses().as(Cols.RESPONSES),
        SurveyScores.responses(col(Cols.SCORE).geq(PROMOTER_MIN_SCORE)).as(Cols.PROMOTERS),
        SurveyScores.responses(col(Cols.SCORE).between(PASSIVE_MIN_SCORE,
            PROMOTER_MIN_SCORE - 1)).as(Cols.PASSIVES),
        SurveyScores.responses(col(Cols.SCORE).lt(PASSIVE_MIN_SCORE)).as(Cols.DETRACTORS));
    // Passives are in the denominator only; the rate is scaled to [-100, 100].
    return agg.select(col(Cols.PERIOD), col(Cols.SEGMENT), col(Cols.CHANNEL),
        col(Cols.RESPONSES), col(Cols.PROMOTERS), col(Cols.PASSIVES),
        col(Cols.DETRACTORS),
        ratio(col(Cols.PROMOTERS).minus(col(Cols.DETRACTORS)), col(Cols.RESPONSES))
            .multiply(100.0).as(Cols.NPS));
  }

  /** The declaration of this KPI. */
  public static final Kpi KPI = new Kpi(TABLE, Set.of(InputTable.SURVEYS, InputTable.CUSTOMERS),
      Set.of(), Set.of(Shared.CUSTOMERS, Shared.SURVEY_SCORES), SCHEMA, Nps::compute);
}
