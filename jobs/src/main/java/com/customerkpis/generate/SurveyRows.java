package com.customerkpis.generate;

import com.customerkpis.input.InputTable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Survey responses of each customer: csat, nps and ces scores from a latent satisfaction whose
 * mean depends on the touchpoint channel.
 */
final class SurveyRows implements TableRows {
  private static final long serialVersionUID = 1L;
  static final long STREAM = 0x5355525645595fL;
  private static final String[][] ODD_TYPES = {{" CSAT", "Csat"}, {"NPS ", "Nps"}, {" CES", "Ces"}};
  /** Latent scale per type: centre and spread in score units, and the score range. */
  static final double[][] SCALE = {{3.9, 0.9, 1, 5}, {7.6, 2.0, 0, 10}, {5.0, 1.3, 1, 7}};

  @Override
  public InputTable table() {
    return InputTable.SURVEYS;
  }

  @Override
  public long entities(Plan plan) {
    return plan.customers;
  }

  @Override
  public double rowsPerEntity(Plan plan) {
    return Model.SURVEYS_PER_CUSTOMER_MONTH * plan.months / 2.0;
  }

  @Override
  public List<Row> rows(Plan plan, long entity) {
    Profile p = Profile.of(plan, entity);
    SplittableRandom r = Rand.of(plan.seed, STREAM, entity);
    double tenureMonths = (plan.span.end - p.signup) / (30.0 * Span.DAY);
    int n = Rand.poisson(r, Model.SURVEYS_PER_CUSTOMER_MONTH * tenureMonths);
    long salt = Rand.mix(plan.seed ^ STREAM);
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long t = p.signup + (long) (r.nextDouble() * (plan.span.end - p.signup));
      t -= Math.floorMod(t, Span.SECOND);
      int type = Rand.pick(r, Model.SURVEY_TYPE_SHARE);
      int channel = Rand.pick(r, Model.SURVEY_CHANNEL_SHARE);
      double[] sc = SCALE[type];
      double latent = Model.SURVEY_CHANNEL_SHIFT[channel] + r.nextGaussian();
      int score = (int) Math.max(sc[2], Math.min(sc[3], Math.round(sc[0] + sc[1] * latent)));
      String typeName = Rand.chance(r, 0.03) ? Rand.pick(r, ODD_TYPES[type])
          : Model.SURVEY_TYPES[type];
      String customer = Rand.chance(r, Model.SURVEY_ANONYMOUS_SHARE) ? null : p.customerId;
      rows.add(RowFactory.create("R" + Rand.hex16(Rand.mix(((entity << 12) | i) ^ salt)),
          customer, typeName, score, Model.SURVEY_CHANNELS[channel], EventRows.ts(t)));
    }
    return rows;
  }
}
