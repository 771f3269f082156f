package com.customerkpis.generate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A customer's orders: completed purchases from the BG/NBD process with Gamma-Gamma amounts, plus
 * refunded and cancelled orders beside them. Both the orders and the events tables use it.
 */
final class Orders {
  static final long STREAM = 0x4f5244455253L;
  private static final String[] COMPLETED_ODD = {" Completed ", "COMPLETED", "completed ", "Completed"};

  private Orders() {}

  /** One order; {@code sessionChannel} is the channel of the session it was placed in. */
  record Order(long seq, long ts, long cents, String status, int sessionChannel, boolean channelNull,
      boolean purchaseEvent) {}

  static List<Order> of(Plan plan, Profile p) {
    SplittableRandom r = Rand.of(plan.seed, STREAM, p.index);
    double[] w = p.trafficMix();
    for (int i = 0; i < w.length; i++) {
      w[i] *= Model.CONVERSION_PROPENSITY[i];
    }
    List<Order> out = new ArrayList<>();
    if (!Rand.chance(r, Model.BUYER_SHARE)) {
      return out;
    }
    double meanGapDays = 1.0 / Math.max(p.lambda, 1e-9);
    // The first purchase waits independently of lambda: buyers within the window are then an
    // unbiased sample of the Gamma(r, alpha) population (a lambda-driven wait would favour fast
    // buyers and bias a fitted r and alpha).
    long t = p.signup + (long) (Rand.exp(r, Model.FIRST_PURCHASE_DAYS_MEAN) * Span.DAY);
    int completed = 0;
    // The cap only guards against an extreme lambda draw.
    while (out.size() < 2000) {
      if (completed > 0) {
        t += (long) (Rand.exp(r, meanGapDays) * Span.DAY);
      }
      if (t >= plan.span.end || t < 0) {
        break;
      }
      t -= Math.floorMod(t, Span.SECOND);
      out.add(order(r, out.size(), t, p, w, "completed"));
      // Non-revenue orders live outside the process so the completed ones keep its law.
      if (Rand.chance(r, Model.REFUNDED_PER_COMPLETED)) {
        extra(r, out, t, p, w, "refunded", plan);
      }
      if (Rand.chance(r, Model.CANCELLED_PER_COMPLETED)) {
        extra(r, out, t, p, w, "cancelled", plan);
      }
      // As in BG/NBD, the first purchase opens the process: dropout follows repeat purchases only.
      completed++;
      if (completed > 1 && Rand.chance(r, p.dropout)) {
        break;
      }
    }
    out.sort(Comparator.comparingLong(Order::ts).thenComparingLong(Order::seq));
    return out;
  }

  private static void extra(SplittableRandom r, List<Order> out, long near, Profile p, double[] w,
      String status, Plan plan) {
    long t = near + Span.MINUTE + (long) (r.nextDouble() * 2 * Span.DAY);
    t -= Math.floorMod(t, Span.SECOND);
    if (t < plan.span.end) {
      out.add(order(r, out.size(), t, p, w, status));
    }
  }

  private static Order order(SplittableRandom r, int seq, long t, Profile p, double[] w,
      String status) {
    double amount = Rand.gamma(r, Model.GG_P, 1.0 / p.nu);
    long cents = Math.round(amount * 100);
    String written = status;
    if (status.equals("completed") && Rand.chance(r, Model.ODD_STATUS_SPELLING)) {
      written = Rand.pick(r, COMPLETED_ODD);
    }
    int ch = Rand.pick(r, w);
    boolean chNull = Rand.chance(r, Model.ORDER_CHANNEL_NULL);
    double eventShare = switch (status) {
      case "completed" -> Model.PURCHASE_EVENT_SHARE;
      case "refunded" -> 0.8;
      default -> 0.3;
    };
    return new Order(seq, t, cents, written, ch, chNull, Rand.chance(r, eventShare));
  }
}
