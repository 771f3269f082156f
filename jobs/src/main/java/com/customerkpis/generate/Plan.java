package com.customerkpis.generate;

import java.io.Serializable;

/** What every executor needs to regenerate any entity: seed, population sizes and window. */
final class Plan implements Serializable {
  private static final long serialVersionUID = 1L;

  final long seed;
  final long customers;
  final long anonymousVisitors;
  final int months;
  final Span span;
  final double badRowShare;
  /** Earliest and latest signup instants: room for the signup session and a first look around. */
  final long signupFrom;
  final long signupTo;

  Plan(GeneratorConfig config) {
    this.seed = config.seed();
    this.customers = config.customers();
    this.anonymousVisitors = Math.round(config.customers() * Model.ANONYMOUS_VISITORS_PER_CUSTOMER);
    this.months = config.months();
    this.span = new Span(config.start(), config.months());
    this.badRowShare = config.badRowShare();
    this.signupFrom = span.start + Span.HOUR;
    this.signupTo = span.end - 2 * Span.DAY;
  }

  /** The customer id of index {@code i}: sequential, so ids sort in signup order. */
  static String customerId(long i) {
    String s = Long.toString(i);
    return "C" + "0000000000".substring(Math.min(10, s.length())) + s;
  }

  /**
   * The first customer index whose signup is strictly after {@code t}, or -1 when none: signups
   * are stratified by index, so the growth CDF inverts the search.
   */
  long firstCustomerSignedUpAfter(long t) {
    if (t < signupFrom) {
      return 0;
    }
    if (t >= signupTo) {
      return -1;
    }
    double x = (double) (t - signupFrom) / (signupTo - signupFrom);
    long j = (long) Math.floor(Span.growthCdf(x) * customers);
    j = Math.max(0, j - 1);
    // Correct floating error and second truncation with exact profiles.
    while (j < customers && Profile.signup(this, j) <= t) {
      j++;
    }
    return j < customers ? j : -1;
  }
}
