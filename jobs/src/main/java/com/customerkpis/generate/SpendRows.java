package com.customerkpis.generate;

import com.customerkpis.input.InputTable;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Marketing spend per day and channel: the channel's cost per acquisition times the customers it
 * is expected to bring that day, with noise; display spends without acquiring anyone, direct
 * never spends, and some spend has no channel. A day's spend is sometimes split over two rows.
 */
final class SpendRows implements TableRows {
  private static final long serialVersionUID = 1L;
  static final long STREAM = 0x5350454e44L;
  /** Spend slots per day: the acquisition channels, the spend-only channel, and null. */
  private static final String[] SLOTS = {
      "organic_search", "paid_search", "email", "social", "referral", Model.SPEND_ONLY_CHANNEL, null};
  private static final int[] SLOT_CHANNEL = {0, 1, 2, 3, 4, -1, -1};

  @Override
  public InputTable table() {
    return InputTable.MARKETING_SPEND;
  }

  @Override
  public long entities(Plan plan) {
    return (long) plan.span.days * SLOTS.length;
  }

  @Override
  public double rowsPerEntity(Plan plan) {
    return 1;
  }

  @Override
  public List<Row> rows(Plan plan, long entity) {
    int day = (int) (entity / SLOTS.length);
    int slot = (int) (entity % SLOTS.length);
    SplittableRandom r = Rand.of(plan.seed, STREAM, entity);
    double noise = Rand.logNormal(r, 1.0, 0.25);
    double amount;
    if (SLOT_CHANNEL[slot] >= 0) {
      amount = Model.CAC[SLOT_CHANNEL[slot]] * expectedSignups(plan, day)
          * Model.ACQUISITION_SHARE[SLOT_CHANNEL[slot]] * noise;
    } else if (SLOTS[slot] != null) {
      amount = Model.SPEND_ONLY_DAILY_PER_1K_CUSTOMERS * plan.customers / 1000.0 * noise;
    } else {
      amount = Rand.chance(r, 0.3) ? 5 + r.nextDouble() * 45 : 0;
    }
    long cents = Math.round(amount * 100);
    List<Row> rows = new ArrayList<>(2);
    if (cents <= 0) {
      return rows;
    }
    Date date = Date.valueOf(LocalDate.ofEpochDay(Math.floorDiv(plan.span.start, Span.DAY) + day));
    if (cents > 1 && Rand.chance(r, 0.15)) {
      long first = 1 + (long) (r.nextDouble() * (cents - 1));
      rows.add(RowFactory.create(date, SLOTS[slot], BigDecimal.valueOf(first, 2)));
      rows.add(RowFactory.create(date, SLOTS[slot], BigDecimal.valueOf(cents - first, 2)));
    } else {
      rows.add(RowFactory.create(date, SLOTS[slot], BigDecimal.valueOf(cents, 2)));
    }
    return rows;
  }

  /** Customers expected to sign up on the given day of the window, from the growth curve. */
  static double expectedSignups(Plan plan, int day) {
    double from = (double) (plan.span.start + day * Span.DAY - plan.signupFrom)
        / (plan.signupTo - plan.signupFrom);
    double to = from + (double) Span.DAY / (plan.signupTo - plan.signupFrom);
    return plan.customers * (Span.growthCdf(clamp(to)) - Span.growthCdf(clamp(from)));
  }

  private static double clamp(double x) {
    return Math.max(0, Math.min(1, x));
  }
}
