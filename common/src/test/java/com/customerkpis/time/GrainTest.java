package com.customerkpis.time;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import com.customerkpis.testing.SharedSpark;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class GrainTest {

  @Test
  void labelsOfEveryGrain() {
    LocalDate d = LocalDate.of(2026, 10, 15);
    assertEquals("2026-10-15", Grain.DAY.labelOf(d));
    assertEquals("2026-W42", Grain.WEEK.labelOf(d));
    assertEquals("2026-10", Grain.MONTH.labelOf(d));
    assertEquals("2026-Q4", Grain.QUARTER.labelOf(d));
    assertEquals("2026", Grain.YEAR.labelOf(d));
  }

  @Test
  void isoWeekYearEdges() {
    // 2021-01-03 (Sunday) still belongs to 2020-W53; 2021-W01 starts on Monday 2021-01-04.
    assertEquals("2020-W53", Grain.WEEK.labelOf(LocalDate.of(2021, 1, 3)));
    assertEquals("2021-W01", Grain.WEEK.labelOf(LocalDate.of(2021, 1, 4)));
    assertEquals(LocalDate.of(2021, 1, 4), Grain.WEEK.parseLabel("2021-W01"));
    assertEquals(LocalDate.of(2020, 12, 28), Grain.WEEK.parseLabel("2020-W53"));
    // 2024-12-30 is in 2025-W01.
    assertEquals("2025-W01", Grain.WEEK.labelOf(LocalDate.of(2024, 12, 30)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Grain.WEEK.parseLabel("2021-W53"));
    assertTrue(e.getMessage().contains("2021-W53"), e.getMessage());
  }

  @Test
  void leapDays() {
    Period feb = RunWindow.ofLabel(Grain.MONTH, "2024-02", ZoneId.of("UTC"));
    assertEquals(LocalDate.of(2024, 2, 29), feb.lastDate());
    assertEquals("2024-02-29", Grain.DAY.labelOf(LocalDate.of(2024, 2, 29)));
    assertThrows(IllegalArgumentException.class, () -> Grain.DAY.parseLabel("2023-02-29"));
  }

  @Test
  void periodParsingErrorsNameTheValue() {
    for (String bad : new String[] {"2026-13", "2026/10", "26-10", "2026-W43", ""}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Grain.MONTH.parseLabel(bad));
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Grain.QUARTER.parseLabel("2026-Q5"));
    assertThrows(IllegalArgumentException.class, () -> Grain.parse("fortnight"));
  }

  @Test
  void dstBoundsAreFirstInstantsOfLocalDates() {
    // Berlin: 2026-03-29 02:00 -> 03:00; the month of March 2026 has 31 days minus one hour.
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    Period mar = RunWindow.ofLabel(Grain.MONTH, "2026-03", berlin);
    assertEquals(Instant.parse("2026-02-28T23:00:00Z"), mar.start());
    assertEquals(Instant.parse("2026-03-31T22:00:00Z"), mar.end());
    // Sao Paulo had DST in 2018: clocks jumped from 2018-11-04 00:00 to 01:00, so that day's
    // first instant is 01:00 local = 03:00Z.
    ZoneId sp = ZoneId.of("America/Sao_Paulo");
    Period day = RunWindow.ofLabel(Grain.DAY, "2018-11-04", sp);
    assertEquals(Instant.parse("2018-11-04T03:00:00Z"), day.start());
    assertEquals(Instant.parse("2018-11-05T02:00:00Z"), day.end());
  }

  @Test
  void windowCoversOverlappingPeriodsWhole() {
    List<Period> ps = RunWindow.periods(Grain.WEEK, LocalDate.of(2026, 10, 15),
        LocalDate.of(2026, 10, 20), ZoneId.of("UTC"));
    assertEquals(List.of("2026-W42", "2026-W43"), ps.stream().map(Period::label).toList());
    assertEquals(LocalDate.of(2026, 10, 12), ps.get(0).firstDate());
    assertThrows(IllegalArgumentException.class, () -> RunWindow.periods(Grain.DAY,
        LocalDate.of(2026, 10, 2), LocalDate.of(2026, 10, 1), ZoneId.of("UTC")));
  }

  @Test
  void columnExpressionsAgreeWithJavaOverManyDates() {
    List<java.sql.Date> dates = new ArrayList<>();
    for (LocalDate d = LocalDate.of(2019, 12, 20); d.isBefore(LocalDate.of(2027, 1, 10));
        d = d.plusDays(1)) {
      dates.add(java.sql.Date.valueOf(d));
    }
    Dataset<Row> df = SharedSpark.get().createDataset(dates, Encoders.DATE()).toDF("d");
    for (Grain g : Grain.values()) {
      List<Row> rows = df.select(col("d"), g.labelOf(col("d")), g.startOf(col("d"))).collectAsList();
      for (Row r : rows) {
        LocalDate d = r.getDate(0).toLocalDate();
        assertEquals(g.labelOf(d), r.getString(1), g + " label of " + d);
        assertEquals(g.startOf(d), r.getDate(2).toLocalDate(), g + " start of " + d);
      }
    }
  }

  @Test
  void localDateUsesBusinessZone() {
    Dataset<Row> df = SharedSpark.get().sql(
        "select timestamp'2026-10-31 23:30:00' as ts"); // session zone is UTC
    Row r = df.select(TimeColumns.localDate(col("ts"), ZoneId.of("America/Sao_Paulo")),
        TimeColumns.localDate(col("ts"), ZoneId.of("Europe/Berlin"))).first();
    assertEquals(LocalDate.of(2026, 10, 31), r.getDate(0).toLocalDate());
    assertEquals(LocalDate.of(2026, 11, 1), r.getDate(1).toLocalDate());
  }

  @Test
  void fixedOffsetLocalDatesAreTheZoneRulesDates() {
    // Instants at and around local midnights (before 1970 too, where the remainder is negative),
    // and random ones over the validated input range and beyond it.
    List<Long> micros = new ArrayList<>();
    java.util.Random rnd = new java.util.Random(12);
    long day = 86_400_000_000L;
    for (long d : new long[] {-3653, -1, 0, 1, 7305, 20454, 47482}) {
      for (long offsetHours = -14; offsetHours <= 14; offsetHours++) {
        for (long delta : new long[] {-1, 0, 1}) {
          micros.add(d * day - offsetHours * 3_600_000_000L + delta);
        }
      }
    }
    long from = Instant.parse("1900-01-01T00:00:00Z").toEpochMilli() * 1000;
    long to = Instant.parse("2200-01-01T00:00:00Z").toEpochMilli() * 1000;
    for (int i = 0; i < 2000; i++) {
      micros.add(from + (long) (rnd.nextDouble() * (to - from)));
    }
    micros.add(null);
    Dataset<Row> df = SharedSpark.get().createDataset(micros, Encoders.LONG()).toDF("m")
        .select(org.apache.spark.sql.functions.timestamp_micros(col("m")).as("ts"));
    for (String z : new String[] {"UTC", "Z", "+05:30", "-09:30", "+14:00", "-12:00",
        "Etc/GMT+5", "GMT"}) {
      ZoneId zone = ZoneId.of(z);
      assertTrue(zone.getRules().isFixedOffset(), z);
      Dataset<Row> fast = df.select(TimeColumns.localDate(col("ts"), zone).as("d"));
      Dataset<Row> rules = df.select(TimeColumns.zoneRulesLocalDate(col("ts"), zone).as("d"));
      assertEquals(0, fast.exceptAll(rules).count() + rules.exceptAll(fast).count(), z);
      assertEquals(micros.size(), fast.count(), z);
    }
  }
}
