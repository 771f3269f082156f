package com.customerkpis.time;

import static org.apache.spark.sql.functions.*;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;

/** A period grain: day, ISO week, month, quarter or year, with labels that never collide. */
public enum Grain {
  DAY, WEEK, MONTH, QUARTER, YEAR;

  private static final Pattern DAY_LABEL = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
  private static final Pattern WEEK_LABEL = Pattern.compile("(\\d{4})-W(\\d{2})");
  private static final Pattern MONTH_LABEL = Pattern.compile("(\\d{4})-(\\d{2})");
  private static final Pattern QUARTER_LABEL = Pattern.compile("(\\d{4})-Q([1-4])");
  private static final Pattern YEAR_LABEL = Pattern.compile("(\\d{4})");

  /** Lower-case name as used on the command line and in the {@code grain} column. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code day|week|month|quarter|year}, naming the bad value otherwise. */
  public static Grain parse(String s) {
    for (Grain g : values()) {
      if (g.label().equals(s == null ? null : s.trim().toLowerCase(Locale.ROOT))) {
        return g;
      }
    }
    throw new IllegalArgumentException(
        "invalid grain '" + s + "': expected one of day, week, month, quarter, year");
  }

  /** First local date of the period containing {@code d}. */
  public LocalDate startOf(LocalDate d) {
    return switch (this) {
      case DAY -> d;
      case WEEK -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> d.withDayOfMonth(1);
      case QUARTER -> LocalDate.of(d.getYear(), ((d.getMonthValue() - 1) / 3) * 3 + 1, 1);
      case YEAR -> LocalDate.of(d.getYear(), 1, 1);
    };
  }

  /** First local date of the period after the one starting at {@code start}. */
  public LocalDate next(LocalDate start) {
    return switch (this) {
      case DAY -> start.plusDays(1);
      case WEEK -> start.plusWeeks(1);
      case MONTH -> start.plusMonths(1);
      case QUARTER -> start.plusMonths(3);
      case YEAR -> start.plusYears(1);
    };
  }

  /** The label of the period containing {@code d}. */
  public String labelOf(LocalDate d) {
    return switch (this) {
      case DAY -> d.toString();
      case WEEK -> String.format(Locale.ROOT, "%04d-W%02d",
          d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
      case MONTH -> String.format(Locale.ROOT, "%04d-%02d", d.getYear(), d.getMonthValue());
      case QUARTER -> String.format(Locale.ROOT, "%04d-Q%d", d.getYear(),
          (d.getMonthValue() - 1) / 3 + 1);
      case YEAR -> String.format(Locale.ROOT, "%04d", d.getYear());
    };
  }

  /** Number of whole grains from the period starting at {@code from} to the one at {@code to}. */
  public long between(LocalDate fromStart, LocalDate toStart) {
    return switch (this) {
      case DAY -> ChronoUnit.DAYS.between(fromStart, toStart);
      case WEEK -> ChronoUnit.WEEKS.between(fromStart, toStart);
      case MONTH -> ChronoUnit.MONTHS.between(fromStart, toStart);
      case QUARTER -> ChronoUnit.MONTHS.between(fromStart, toStart) / 3;
      case YEAR -> ChronoUnit.YEARS.between(fromStart, toStart);
    };
  }

  /**
   * First local date of the period with this label; the label must be of this grain.
   *
   * @throws IllegalArgumentException naming the label when it is malformed or of another grain
   */
  public LocalDate parseLabel(String label) {
    String s = label == null ? "" : label.trim();
    try {
      Matcher m;
      switch (this) {
        case DAY -> {
          m = DAY_LABEL.matcher(s);
          if (m.matches()) {
            return LocalDate.parse(s);
          }
        }
        case WEEK -> {
          m = WEEK_LABEL.matcher(s);
          if (m.matches()) {
            int year = Integer.parseInt(m.group(1));
            int week = Integer.parseInt(m.group(2));
            LocalDate jan4 = LocalDate.of(year, 1, 4);
            long weeks = jan4.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum();
            if (week < 1 || week > weeks) {
              throw new IllegalArgumentException("invalid period '" + label + "': ISO year "
                  + year + " has " + weeks + " weeks");
            }
            return jan4.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
          }
        }
        case MONTH -> {
          m = MONTH_LABEL.matcher(s);
          if (m.matches()) {
            return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), 1);
          }
        }
        case QUARTER -> {
          m = QUARTER_LABEL.matcher(s);
          if (m.matches()) {
            return LocalDate.of(Integer.parseInt(m.group(1)),
                (Integer.parseInt(m.group(2)) - 1) * 3 + 1, 1);
          }
        }
        case YEAR -> {
          m = YEAR_LABEL.matcher(s);
          if (m.matches()) {
            return LocalDate.of(Integer.parseInt(m.group(1)), 1, 1);
          }
        }
      }
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException("invalid period '" + label + "': " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("invalid period '" + label + "' for grain " + label()
        + ": expected " + example());
  }

  /** An example label of this grain, for messages. */
  public String example() {
    return switch (this) {
      case DAY -> "YYYY-MM-DD, e.g. 2026-10-15";
      case WEEK -> "YYYY-Www, e.g. 2026-W43";
      case MONTH -> "YYYY-MM, e.g. 2026-10";
      case QUARTER -> "YYYY-Qn, e.g. 2026-Q4";
      case YEAR -> "YYYY, e.g. 2026";
    };
  }

  /** Column: first local date of the period containing the DATE column {@code d}. */
  public Column startOf(Column d) {
    return switch (this) {
      case DAY -> d;
      // dayofweek: Sunday = 1 … Saturday = 7; (dow + 5) % 7 is 0 on Monday.
      case WEEK -> date_sub(d, pmod(dayofweek(d).plus(5), lit(7)));
      case MONTH -> trunc(d, "MM");
      case QUARTER -> trunc(d, "quarter");
      case YEAR -> trunc(d, "year");
    };
  }

  /** Column: the label of the period containing the DATE column {@code d}. */
  public Column labelOf(Column d) {
    return switch (this) {
      case DAY -> date_format(d, "yyyy-MM-dd");
      // The ISO week-year is the year of the week's Thursday.
      case WEEK -> format_string("%04d-W%02d",
          year(date_add(startOf(d), 3)), weekofyear(d));
      case MONTH -> date_format(d, "yyyy-MM");
      case QUARTER -> format_string("%04d-Q%d", year(d), quarter(d));
      case YEAR -> format_string("%04d", year(d));
    };
  }

  /** Column: whole grains between two period-start DATE columns. */
  public Column between(Column fromStart, Column toStart) {
    return switch (this) {
      case DAY -> datediff(toStart, fromStart);
      case WEEK -> datediff(toStart, fromStart).divide(7).cast("int");
      case MONTH -> months_between(toStart, fromStart).cast("int");
      case QUARTER -> months_between(toStart, fromStart).divide(3).cast("int");
      case YEAR -> months_between(toStart, fromStart).divide(12).cast("int");
    };
  }
}
