package com.customerkpis.reference;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reference's own period arithmetic, written from the contract with java.time only (it shares
 * nothing with {@code Grain}/{@code Period}, so a bug there cannot hide in both).
 */
public final class RefCalendar {
  /** One period: [start, end) with its first local date and the next period's first date. */
  public record P(String label, LocalDate first, LocalDate nextFirst, Instant start, Instant end) {
    LocalDate last() {
      return nextFirst.minusDays(1);
    }
  }

  final String grain;
  final ZoneId zone;

  /** @param grain day, week, month, quarter or year */
  public RefCalendar(String grain, ZoneId zone) {
    this.grain = grain;
    this.zone = zone;
  }

  /** The local date of an instant in the business zone. */
  LocalDate localDate(Instant t) {
    return LocalDateTime.ofInstant(t, zone).toLocalDate();
  }

  /** The first instant of a local date (a missing midnight maps to the date's first instant). */
  Instant startOfDay(LocalDate d) {
    return d.atStartOfDay(zone).toInstant();
  }

  LocalDate firstOf(LocalDate d) {
    switch (grain) {
      case "day":
        return d;
      case "week":
        LocalDate x = d;
        while (x.getDayOfWeek() != DayOfWeek.MONDAY) {
          x = x.minusDays(1);
        }
        return x;
      case "month":
        return LocalDate.of(d.getYear(), d.getMonth(), 1);
      case "quarter":
        int m = d.getMonthValue();
        return LocalDate.of(d.getYear(), m <= 3 ? 1 : m <= 6 ? 4 : m <= 9 ? 7 : 10, 1);
      case "year":
        return LocalDate.of(d.getYear(), 1, 1);
      default:
        throw new IllegalArgumentException(grain);
    }
  }

  LocalDate nextFirst(LocalDate first) {
    LocalDate d = first;
    // Walk day by day until the period changes: slow and obviously right.
    while (firstOf(d).equals(first)) {
      d = d.plusDays(1);
    }
    return d;
  }

  String label(LocalDate d) {
    LocalDate f = firstOf(d);
    switch (grain) {
      case "day":
        return f.toString();
      case "week":
        // ISO week: the week-year is that of the week's Thursday.
        LocalDate thu = f.plusDays(3);
        return String.format(Locale.ROOT, "%04d-W%02d", thu.getYear(),
            thu.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
      case "month":
        return String.format(Locale.ROOT, "%04d-%02d", f.getYear(), f.getMonthValue());
      case "quarter":
        return String.format(Locale.ROOT, "%04d-Q%d", f.getYear(), (f.getMonthValue() + 2) / 3);
      default:
        return String.format(Locale.ROOT, "%04d", f.getYear());
    }
  }

  P periodOf(LocalDate d) {
    LocalDate f = firstOf(d);
    LocalDate n = nextFirst(f);
    return new P(label(f), f, n, startOfDay(f), startOfDay(n));
  }

  /** Every period overlapping the inclusive local-date window. */
  List<P> periods(LocalDate from, LocalDate to) {
    List<P> out = new ArrayList<>();
    P p = periodOf(from);
    while (!p.first().isAfter(to)) {
      out.add(p);
      p = periodOf(p.nextFirst());
    }
    return out;
  }

  /** Whole grains from the period starting {@code a} to the one starting {@code b} (a ≤ b). */
  long grainsBetween(LocalDate a, LocalDate b) {
    long n = 0;
    LocalDate x = a;
    while (x.isBefore(b)) {
      x = nextFirst(x);
      n++;
    }
    return n;
  }
}
