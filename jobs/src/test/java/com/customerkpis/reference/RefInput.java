package com.customerkpis.reference;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Plain-Java input rows of the reference implementation (contract columns the KPIs read). */
public final class RefInput {
  /** A row of customers. */
  public record Customer(String id, Instant signup, String segment) {}

  /** A row of subscriptions; {@code end} null = still running. */
  public record Sub(String id, String customerId, BigDecimal mrr, Instant start, Instant end) {}

  /** A row of events. */
  public record Event(String id, Instant ts, String customerId, String anonymousId,
      String sessionId, String type) {}

  /** A row of orders. */
  public record Order(String id, String customerId, Instant ts, BigDecimal amount,
      String status) {}

  public final List<Customer> customers = new ArrayList<>();
  public final List<Sub> subs = new ArrayList<>();
  public final List<Event> events = new ArrayList<>();
  public final List<Order> orders = new ArrayList<>();

  /** Appends every row of {@code other}. */
  public void addAll(RefInput other) {
    customers.addAll(other.customers);
    subs.addAll(other.subs);
    events.addAll(other.events);
    orders.addAll(other.orders);
  }
}
