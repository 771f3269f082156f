package com.customerkpis.generate;

import com.customerkpis.input.InputTable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Referrals sent by some customers after their signup; converted ones name a customer who signed
 * up after the referral (preferably one acquired through the referral channel).
 */
final class ReferralRows implements TableRows {
  private static final long serialVersionUID = 1L;
  static final long STREAM = 0x524546455252L;
  /** How far past the earliest eligible customer the referred one is looked for. */
  private static final int SCAN = 30;

  @Override
  public InputTable table() {
    return InputTable.REFERRALS;
  }

  @Override
  public long entities(Plan plan) {
    return plan.customers;
  }

  @Override
  public double rowsPerEntity(Plan plan) {
    return Model.REFERRER_SHARE * 1.8;
  }

  @Override
  public List<Row> rows(Plan plan, long entity) {
    SplittableRandom r = Rand.of(plan.seed, STREAM, entity);
    List<Row> rows = new ArrayList<>();
    if (!Rand.chance(r, Model.REFERRER_SHARE)) {
      return rows;
    }
    Profile p = Profile.of(plan, entity);
    int n = 1 + Rand.poisson(r, 0.8);
    long salt = Rand.mix(plan.seed ^ STREAM);
    for (int i = 0; i < n; i++) {
      long from = p.signup + Span.DAY;
      if (from >= plan.span.end) {
        break;
      }
      long t = from + (long) (r.nextDouble() * (plan.span.end - from));
      t -= Math.floorMod(t, Span.SECOND);
      String referred = null;
      if (Rand.chance(r, Model.REFERRAL_CONVERSION)) {
        long signupAfter = t + (long) (Rand.exp(r, Model.REFERRAL_SIGNUP_LAG_DAYS_MEAN) * Span.DAY);
        long j = plan.firstCustomerSignedUpAfter(Math.max(t, signupAfter));
        if (j >= 0) {
          referred = Plan.customerId(referredCustomer(plan, j));
        }
      }
      rows.add(RowFactory.create("F" + Rand.hex16(Rand.mix(((entity << 12) | i) ^ salt)),
          p.customerId, EventRows.ts(t), referred));
    }
    return rows;
  }

  /** The first referral-channel customer from {@code first} on, else {@code first} itself. */
  private static long referredCustomer(Plan plan, long first) {
    for (long j = first; j < Math.min(plan.customers, first + SCAN); j++) {
      if (Profile.of(plan, j).channel == Model.REFERRAL) {
        return j;
      }
    }
    return first;
  }
}
