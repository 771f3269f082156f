package com.customerkpis.kpi;

import static com.customerkpis.kpi.KpiSupport.*;
import static com.customerkpis.kpi.Rollup.*;
import static org.apache.spark.sql.functions.*;

import com.customerkpis.input.InputTable;
import com.customerkpis.input.SurveyType;
import com.customerkpis.prep.Prepared;
import com.customerkpis.prep.Shared;
import com.customerkpis.schema.Cols;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The one survey aggregation that csat_by_channel, nps and ces read: responses answered in a run
 * period counted per (period, segment, channel, survey_type, score), roll-ups included. Surveys
 * are read, segmented and shuffled once; each KPI then sums its type's few histogram rows.
 */
final class SurveyScores {
  /** Histogram column: responses with this score. */
  static final String N = "_responses_at_score";

  private SurveyScores() {}

  /**
   * The shared histogram, plus one {@code ALL × ALL} seed row per run period (survey_type and
   * score null, {@link #N} 0) so that every KPI has that row even without responses.
   */
  static Dataset<Row> histogram(Prepared p) {
    return p.shared(Shared.SURVEY_SCORES, () -> {
      // survey_type is already trimmed and lower-cased by the reader; channel null → unknown.
      Dataset<Row> responses = p.input(InputTable.SURVEYS)
          .select(Cols.CUSTOMER_ID, Cols.CHANNEL, Cols.SURVEY_TYPE, Cols.SCORE, Cols.RESPONDED_TS);
      Dataset<Row> inP = p.inRunPeriods(responses, p.localDate(col(Cols.RESPONDED_TS)));
      // A null customer_id matches no customer, so surveys without a customer are anonymous.
      Dataset<Row> rows = withAll(p.withSegment(inP, Cols.CUSTOMER_ID), Cols.SEGMENT, Cols.CHANNEL)
          .select(Cols.PERIOD, Cols.SEGMENT, Cols.CHANNEL, Cols.SURVEY_TYPE, Cols.SCORE);
      return seeded(rows, p.periods(), Cols.CHANNEL)
          .groupBy(Cols.PERIOD, Cols.SEGMENT, Cols.CHANNEL, Cols.SURVEY_TYPE, Cols.SCORE)
          .agg(count(col(Cols.SCORE)).as(N));
    });
  }

  /** One row per (period, segment, channel) of {@code type}'s responses, aggregated by aggs. */
  static Dataset<Row> of(Prepared p, SurveyType type, Column first, Column... rest) {
    return histogram(p)
        .filter(col(Cols.SURVEY_TYPE).equalTo(type.code()).or(col(Cols.SURVEY_TYPE).isNull()))
        .groupBy(Cols.PERIOD, Cols.SEGMENT, Cols.CHANNEL)
        .agg(first, rest);
  }

  /** Aggregate: all responses (0 for a seed-only group). */
  static Column responses() {
    return sum(col(N));
  }

  /** Aggregate: responses whose score satisfies {@code condition} (0 when none). */
  static Column responses(Column condition) {
    return sum(when(condition, col(N)).otherwise(lit(0L)));
  }

  /** Aggregate: the mean score as DOUBLE, NULL without responses. */
  static Column meanScore() {
    return ratio(sum(col(Cols.SCORE).cast("long").multiply(col(N))), sum(col(N)));
  }
}
