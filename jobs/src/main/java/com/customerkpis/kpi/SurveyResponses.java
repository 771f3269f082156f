package com.customerkpis.kpi;

import static com.customerkpis.kpi.KpiSupport.*;
import static org.apache.spark.sql.functions.*;

import com.customerkpis.prep.Prepared;
import com.customerkpis.schema.Cols;
import com.customerkpis.input.InputTable;
import com.customerkpis.time.TimeColumns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The aggregation shared by the survey KPIs (csat_by_channel, nps, ces): responses of one
 * survey_type answered in a run period, grouped by (period, segment, channel) with ALL roll-ups.
 */
final class SurveyResponses {
  private SurveyResponses() {}

  /**
   * One row per (period, segment, channel) with responses of {@code surveyType} in the period,
   * roll-ups included, plus the ALL×ALL row of every run period. Surveys are read once; one
   * segment join and one aggregation. The aggregates must ignore the {@link AllRowSeeds} rows,
   * whose score is null: count {@code score}, never rows.
   */
  static Dataset<Row> aggregate(Prepared p, String surveyType, Column first, Column... rest) {
    // survey_type is already trimmed and lower-cased by the reader; channel null/blank → unknown.
    Dataset<Row> responses = p.input(InputTable.SURVEYS)
        .filter(col(Cols.SURVEY_TYPE).equalTo(surveyType))
        .select(Cols.CUSTOMER_ID, Cols.CHANNEL, Cols.SCORE, Cols.RESPONDED_TS);
    Dataset<Row> inP = p.inRunPeriods(responses,
        TimeColumns.localDate(col(Cols.RESPONDED_TS), p.params().zone()));
    // A null customer_id matches no customer, so surveys without a customer are anonymous.
    Dataset<Row> segmented = p.withSegment(inP, Cols.CUSTOMER_ID);
    return AllRowSeeds.seeded(withAll(segmented, Cols.SEGMENT, Cols.CHANNEL), p.periods(),
            Cols.CHANNEL)
        .groupBy(Cols.PERIOD, Cols.SEGMENT, Cols.CHANNEL)
        .agg(first, rest);
  }
}
