package com.customerkpis.prep;

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
   * aggregation over all events to rebuild, so it is cached for the keyed events' users.
   */
  LINKS,
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
   * The shared preparations a user of this one also reads (the keyed events are built from the
   * links), counted as used by the same KPI.
   */
  public java.util.Set<Shared> parts() {
    return this == KEYED_EVENTS ? java.util.Set.of(LINKS) : java.util.Set.of();
  }

  /** True when persisting this preparation for a second user pays off. */
  public boolean cachedWhenReused() {
    return cached;
  }
}
