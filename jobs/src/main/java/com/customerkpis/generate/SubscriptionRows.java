package com.customerkpis.generate;

import com.customerkpis.input.InputTable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Subscriptions as priced intervals: a customer starts on a plan of their segment's price list,
 * then expands, contracts, moves to the free plan or churns, and sometimes reactivates; some also
 * run a small add-on beside the main plan.
 */
final class SubscriptionRows implements TableRows {
  private static final long serialVersionUID = 1L;
  static final long STREAM = 0x5355425343524950L;

  @Override
  public InputTable table() {
    return InputTable.SUBSCRIPTIONS;
  }

  @Override
  public long entities(Plan plan) {
    return plan.customers;
  }

  @Override
  public double rowsPerEntity(Plan plan) {
    return 0.6 * (1 + plan.months / 6.0);
  }

  @Override
  public List<Row> rows(Plan plan, long entity) {
    Profile p = Profile.of(plan, entity);
    SplittableRandom r = Rand.of(plan.seed, STREAM, entity);
    List<Row> rows = new ArrayList<>();
    if (!Rand.chance(r, Model.SUBSCRIBE_SHARE[p.segmentKind])) {
      return rows;
    }
    double[] prices = Model.PLAN_MRR[p.segmentKind];
    long salt = Rand.mix(plan.seed ^ STREAM);
    long t = seconds(p.signup + (long) (Rand.exp(r, 7.0) * Span.DAY));
    // tier -1 is the free plan; seats scale the top tier when it expands further.
    int tier = Rand.chance(r, Model.FREE_PLAN_START_SHARE) ? -1 : Rand.chance(r, 0.7) ? 0 : 1;
    double seats = 1.0;
    long firstStart = t;
    double firstMrr = price(prices, tier, seats);
    int seq = 0;
    while (t < plan.span.end && seq < 500) {
      long e = seconds(t + (long) (Math.max(1.0, Rand.exp(r, Model.INTERVAL_DAYS_MEAN)) * Span.DAY));
      double mrr = price(prices, tier, seats);
      if (e >= plan.span.end) {
        // Still running: open, or with a cancellation already scheduled after the window.
        Long end = Rand.chance(r, Model.FUTURE_END_SHARE)
            ? Math.min(e, plan.span.end + 365 * Span.DAY) : null;
        rows.add(row(salt, entity, seq++, p.customerId, mrr, t, end));
        break;
      }
      rows.add(row(salt, entity, seq++, p.customerId, mrr, t, e));
      int change = tier < 0 ? (Rand.chance(r, 0.4) ? 0 : 3) : Rand.pick(r, Model.CHANGE_SHARE);
      t = e;
      switch (change) {
        case 0 -> {
          if (tier < prices.length - 1) {
            tier++;
          } else {
            seats *= 1.25;
          }
        }
        case 1 -> {
          if (seats > 1.0) {
            seats = 1.0;
          } else {
            tier--;
          }
        }
        case 2 -> tier = -1;
        default -> {
          if (!Rand.chance(r, Model.REACTIVATION_SHARE)) {
            t = Long.MAX_VALUE;
          } else {
            t = seconds(e + (long) (Rand.exp(r, Model.REACTIVATION_GAP_DAYS_MEAN) * Span.DAY));
            tier = Math.max(0, tier);
          }
        }
      }
    }
    if (firstMrr > 0 && Rand.chance(r, Model.ADDON_SHARE)) {
      long start = seconds(firstStart + (long) (r.nextDouble() * 30 * Span.DAY));
      long end = seconds(start + (long) (Rand.exp(r, 90.0) * Span.DAY));
      if (start < plan.span.end) {
        rows.add(row(salt, entity, seq, p.customerId, Model.ADDON_MRR[r.nextInt(Model.ADDON_MRR.length)],
            start, end >= plan.span.end ? null : end));
      }
    }
    return rows;
  }

  private static double price(double[] prices, int tier, double seats) {
    return tier < 0 ? 0.0 : prices[tier] * seats;
  }

  private static Row row(long salt, long entity, int seq, String customer, double mrr, long start,
      Long end) {
    return RowFactory.create("SUB" + Rand.hex16(Rand.mix(((entity << 12) | seq) ^ salt)),
        customer, BigDecimal.valueOf(Math.round(mrr * 100), 2), EventRows.ts(start),
        end == null ? null : EventRows.ts(end));
  }

  private static long seconds(long micros) {
    return micros - Math.floorMod(micros, Span.SECOND);
  }
}
