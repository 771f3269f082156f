package com.customerkpis.prep;

import java.util.Set;

/**
 * Shared preparations a KPI may use; one used by two or more KPIs of a run is persisted once,
 * unless re-reading its inputs is cheaper than caching it.
 */
public enum Shared {
  CUSTOMERS,
  /**
   * One row per event: building Spark's in-memory cache of it costs several times a re-read of
   * the events' Parquet (measured in docs/performance.md), so it is rebuilt by each user instead.
   */
  KEYED_EVENTS(false),
  /**
   * One row per linked anonymous_id, which every build of the keyed events joins: small, and an
   * aggregation over all events to rebuild, so it is cached for the keyed events' users; the
   * cache's measured size decides whether the links are sent to every task.
   */
  LINKS,
  /**
   * One row per local day and identity of the keyed events, read by active users and by the
   * activity days (which are cached themselves when reused).
   */
  VISITOR_DAYS,
  SESSIONS, ACTIVITY_DAYS, COMPLETED_ORDERS, PURCHASE_DAYS, BUYER_STATES,
  CLV_SCORES,
  SURVEY_SCORES;

  private final boolean cached;

  Shared() {
    this(true);
  }

  Shared(boolean cached) {
    this.cached = cached;
  }

  /**
   * The shared preparations a user of this one also reads, directly or not (the keyed events
   * are built from the links, visitor days from the keyed events, activity days from visitor
   * days), counted as used by the same KPI.
   */
  public Set<Shared> parts() {
    return switch (this) {
      case KEYED_EVENTS -> Set.of(LINKS);
      case VISITOR_DAYS -> Set.of(KEYED_EVENTS, LINKS);
      case ACTIVITY_DAYS -> Set.of(VISITOR_DAYS, KEYED_EVENTS, LINKS);
      default -> Set.of();
    };
  }

  /** True when persisting this preparation for a second user pays off. */
  public boolean cachedWhenReused() {
    return cached;
  }
}
