package com.customerkpis.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * One period of a grain in the business zone: the half-open instant interval [start, end).
 *
 * @param grain the grain
 * @param label the period label, e.g. {@code 2026-10}
 * @param firstDate first local date
 * @param nextFirstDate first local date of the next period (exclusive end)
 * @param start first instant of {@code firstDate} in the zone
 * @param end first instant of {@code nextFirstDate} in the zone
 */
public record Period(Grain grain, String label, LocalDate firstDate, LocalDate nextFirstDate,
    Instant start, Instant end) {

  /** The period of {@code grain} that contains local date {@code d}. */
  public static Period containing(Grain grain, LocalDate d, ZoneId zone) {
    LocalDate first = grain.startOf(d);
    LocalDate next = grain.next(first);
    // atStartOfDay maps a midnight that does not exist (DST gap) to the first instant of the date.
    return new Period(grain, grain.labelOf(first), first, next,
        first.atStartOfDay(zone).toInstant(), next.atStartOfDay(zone).toInstant());
  }

  /** Last local date included in the period. */
  public LocalDate lastDate() {
    return nextFirstDate.minusDays(1);
  }
}
