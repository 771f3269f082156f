package com.customerkpis.generate;

import com.customerkpis.input.InputTable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Support tickets of each customer: first response after hours (faster on chat and phone),
 * resolution after hours to days, some still open at the end of the window.
 */
final class TicketRows implements TableRows {
  private static final long serialVersionUID = 1L;
  static final long STREAM = 0x5449434b4554L;

  @Override
  public InputTable table() {
    return InputTable.TICKETS;
  }

  @Override
  public long entities(Plan plan) {
    return plan.customers;
  }

  @Override
  public double rowsPerEntity(Plan plan) {
    return Model.TICKETS_PER_CUSTOMER_MONTH * plan.months / 2.0;
  }

  @Override
  public List<Row> rows(Plan plan, long entity) {
    Profile p = Profile.of(plan, entity);
    SplittableRandom r = Rand.of(plan.seed, STREAM, entity);
    double tenureMonths = (plan.span.end - p.signup) / (30.0 * Span.DAY);
    int n = Rand.poisson(r, Model.TICKETS_PER_CUSTOMER_MONTH * tenureMonths);
    long salt = Rand.mix(plan.seed ^ STREAM);
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long created = p.signup + (long) (r.nextDouble() * (plan.span.end - p.signup));
      created -= Math.floorMod(created, Span.SECOND);
      int channel = Rand.pick(r, Model.TICKET_CHANNEL_SHARE);
      long firstResponse = created + seconds(
          Rand.logNormal(r, Model.FIRST_RESPONSE_MEDIAN_HOURS[channel], 1.0) * Span.HOUR);
      long resolved = firstResponse + seconds(
          Rand.logNormal(r, Model.RESOLUTION_MEDIAN_HOURS, 1.2) * Span.HOUR);
      boolean neverResolved = Rand.chance(r, Model.TICKET_NEVER_RESOLVED);
      boolean noResponse = neverResolved && Rand.chance(r, 0.3);
      // Anything after the window has not happened yet: the ticket is still open.
      Long fr = noResponse || firstResponse >= plan.span.end ? null : firstResponse;
      Long res = neverResolved || resolved >= plan.span.end ? null : resolved;
      Integer replies = Rand.chance(r, 0.05) ? null
          : res == null ? Rand.chance(r, 0.5) ? 0 : 1 : 1 + (int) Rand.exp(r, 1.2);
      double u = r.nextDouble();
      // Only a resolved ticket can have been reopened; most sources leave the flag unset.
      Boolean reopened = res == null || u < 0.8 ? null : u < 0.92 ? Boolean.TRUE : Boolean.FALSE;
      String customer = Rand.chance(r, 0.03) ? null : p.customerId;
      rows.add(RowFactory.create("T" + Rand.hex16(Rand.mix(((entity << 12) | i) ^ salt)),
          customer, Model.TICKET_CHANNELS[channel], EventRows.ts(created),
          fr == null ? null : EventRows.ts(fr), res == null ? null : EventRows.ts(res), replies,
          reopened));
    }
    return rows;
  }

  private static long seconds(double micros) {
    long m = Math.max(Span.SECOND, (long) micros);
    return m - m % Span.SECOND;
  }
}
