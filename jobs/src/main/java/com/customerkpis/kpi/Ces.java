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

/** ces (SPEC §4.7): Customer Effort Score on the 1–7 scale, per touchpoint channel. */
public final class Ces {
  public static final String TABLE = "ces";

  /** Lowest score counted as low effort (SPEC: scores 5–7, 7 = easiest). */
  public static final int LOW_EFFORT_MIN_SCORE = 5;

  private static final String LOW_EFFORT = "_low_effort";

  /** The KPI's own columns. */
  static final StructType SCHEMA = new StructType().add(Cols.CHANNEL, STRING)
      .add(Cols.RESPONSES, LONG).add(Cols.AVG_EFFORT, DOUBLE).add(Cols.LOW_EFFORT_SHARE, DOUBLE);

  static Dataset<Row> compute(Prepared p) {
    Dataset<Row> agg = SurveyScores.of(p, SurveyType.CES,
        SurveyScores.responses().as(Cols.RESPONSES),
        SurveyScores.responses(col(Cols.SCORE).geq(LOW_EFFORT_MIN_SCORE)).as(LOW_EFFORT),
        SurveyScores.meanScore().as(Cols.AVG_EFFORT));
    return agg.select(col(Cols.PERIOD), col(Cols.SEGMENT), col(Cols.CHANNEL),
        col(Cols.RESPONSES), col(Cols.AVG_EFFORT),
        ratio(col(LOW_EFFORT), col(Cols.RESPONSES)).as(Cols.LOW_EFFORT_SHARE));
  }

  /** The declaration of this KPI. */
  public static final Kpi KPI = new Kpi(TABLE, Set.of(InputTable.SURVEYS, InputTable.CUSTOMERS),
      Set.of(), Set.of(Shared.CUSTOMERS, Shared.SURVEY_SCORES), SCHEMA, Ces::compute);
}
