package com.customerkpis.generate;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The generated time window in epoch microseconds (UTC) and its signup-growth curve. */
final class Span implements Serializable {
  private static final long serialVersionUID = 1L;
  static final long SECOND = 1_000_000L;
  static final long MINUTE = 60 * SECOND;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;

  final long start;
  final long end;
  final int days;

  Span(LocalDate startDate, int months) {
    this.start = micros(startDate);
    this.end = micros(startDate.plusMonths(months));
    this.days = (int) ((end - start) / DAY);
  }

  static long micros(LocalDate d) {
    return d.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * SECOND;
  }

  long length() {
    return end - start;
  }

  /** Share of signups before fraction x of the window: CDF of the density 1 + g x. */
  static double growthCdf(double x) {
    double g = Model.SIGNUP_GROWTH;
    return (x + g * x * x / 2) / (1 + g / 2);
  }

  /** Inverse of {@link #growthCdf}. */
  static double growthQuantile(double u) {
    double g = Model.SIGNUP_GROWTH;
    return (-1 + Math.sqrt(1 + 2 * g * u * (1 + g / 2))) / g;
  }

  /** An instant drawn from the growth curve between {@code lo} and {@code hi}. */
  long growthInstant(double u, long lo, long hi) {
    return lo + (long) (growthQuantile(u) * (hi - lo));
  }
}
