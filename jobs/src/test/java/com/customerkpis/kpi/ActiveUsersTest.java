package com.customerkpis.kpi;

import static com.customerkpis.testing.Rows.dec;
import static com.customerkpis.testing.Rows.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.customerkpis.config.KpiParams;
import com.customerkpis.prep.Prepared;
import com.customerkpis.input.InputTable;
import com.customerkpis.testing.Fixtures;
import com.customerkpis.testing.SchemaAssertions;
import com.customerkpis.time.Grain;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import com.customerkpis.output.OutputTables;

class ActiveUsersTest {
  // Sao Paulo is UTC-3 all year: 01:00Z on Mar 1 is still February 28 locally; 12:00Z events
  // are on the same date in both zones.
  static final ZoneId SP = ZoneId.of("America/Sao_Paulo");

  static final String[] COLS = {"period", "segment", "dau_avg", "wau_avg", "mau", "stickiness"};

  static Fixtures monthFixture() {
    return new Fixtures()
        .add(InputTable.CUSTOMERS, "c1", ts("2026-03-01T00:00:00Z"), null, "smb")
        .add(InputTable.CUSTOMERS, "c2", ts("2026-01-01T00:00:00Z"), null, "smb")
        .add(InputTable.CUSTOMERS, "c3", ts("2026-01-01T00:00:00Z"), null, "ent")
        .add(InputTable.CUSTOMERS, "c4", ts("2026-01-01T00:00:00Z"), null, "mid")
        .add(InputTable.CUSTOMERS, "c5", ts("2026-01-01T00:00:00Z"), null, "old")
        // c1 signs up in March: its earlier events still count
        .add(InputTable.EVENTS, "e1", ts("2026-01-30T12:00:00Z"), "c1", null, null, "login",
            null, null, null)
        .add(InputTable.EVENTS, "e2", ts("2026-02-01T12:00:00Z"), "c1", null, null, "login",
            null, null, null)
        .add(InputTable.EVENTS, "e3", ts("2026-02-02T12:00:00Z"), "c1", null, null, "login",
            null, null, null)
        .add(InputTable.EVENTS, "e3b", ts("2026-02-02T13:00:00Z"), "c1", "z1", null,
            "page_view", null, null, null)
        .add(InputTable.EVENTS, "e4", ts("2026-02-10T12:00:00Z"), "c2", null, null, "login",
            null, null, null)
        .add(InputTable.EVENTS, "e5", ts("2026-03-01T01:00:00Z"), "c2", null, null, "login",
            null, null, null)
        // a1 is anonymous on Feb 3, linked to c3 on Feb 4 (before Feb's end): c3 on both days,
        // once per day although Feb 4 has a linked and an anonymous event
        .add(InputTable.EVENTS, "e6", ts("2026-02-03T12:00:00Z"), null, "a1", null, "page_view",
            null, null, null)
        .add(InputTable.EVENTS, "e7", ts("2026-02-04T12:00:00Z"), "c3", "a1", null, "login",
            null, null, null)
        .add(InputTable.EVENTS, "e8", ts("2026-02-04T13:00:00Z"), null, "a1", null, "page_view",
            null, null, null)
        .add(InputTable.EVENTS, "e9", ts("2026-02-20T12:00:00Z"), null, "a2", null, "page_view",
            null, null, null)
        // c9 is not a customer: segment anonymous
        .add(InputTable.EVENTS, "e10", ts("2026-02-25T12:00:00Z"), "c9", null, null, "login",
            null, null, null)
        // after February's end: not read for February
        .add(InputTable.EVENTS, "e11", ts("2026-03-02T12:00:00Z"), "c3", null, null, "login",
            null, null, null)
        // mid only in February's weekly look-back, old only long before
        .add(InputTable.EVENTS, "e12", ts("2026-01-28T12:00:00Z"), "c4", null, null, "login",
            null, null, null)
        .add(InputTable.EVENTS, "e13", ts("2026-01-20T12:00:00Z"), "c5", null, null, "login",
            null, null, null)
        // orders are not activity here
        .add(InputTable.ORDERS, "o1", "c2", ts("2026-02-15T12:00:00Z"), dec("10.00"),
            "completed", null)
        .add(InputTable.ORDERS, "o2", "c5", ts("2026-02-15T12:00:00Z"), dec("10.00"),
            "completed", null);
  }

  @Test
  void monthGrainDailyWeeklyMonthlyAndStickiness() {
    Prepared p = monthFixture().prepare(KpiParams.defaults(SP, Grain.MONTH), "2026-01-01",
        "2026-02-28");
    // February (28 days). Key-days in P: c1 Feb 1, 2; c2 Feb 10, 28; c3 Feb 3, 4; a2 Feb 20;
    // c9 Feb 25. Days without any key count 0, so dau_avg = key-days / 28.
    // Weekly windows ending on Feb days: c1 (Jan 30, Feb 1, 2) covers Feb 1..8 = 8 days
    // (the windows of Feb 1..5 reach back to Jan 30); c2 Feb 10..16 + Feb 28 = 8;
    // c3 Feb 3..10 = 8; a2 Feb 20..26 = 7; c9 Feb 25..28 = 4; c4 (Jan 28) Feb 1..3 = 3.
    // January (31 days): c5 Jan 20 (7 windows), c4 Jan 28 (4), c1 Jan 30 (2).
    List<String> expected = List.of(
        "2026-01|ALL|0.0968|0.4194|3|0.0323",
        "2026-01|mid|0.0323|0.1290|1|0.0323",
        "2026-01|old|0.0323|0.2258|1|0.0323",
        "2026-01|smb|0.0323|0.0645|1|0.0323",
        // ALL: 8 key-days, 38 key-windows, 5 distinct keys; stickiness from ALL's own values
        "2026-02|ALL|0.2857|1.3571|5|0.0571",
        "2026-02|anonymous|0.0714|0.3929|2|0.0357",
        "2026-02|ent|0.0714|0.2857|1|0.0714",
        // a row from the look-back alone: no daily actives, no monthly actives
        "2026-02|mid|0.0000|0.1071|0|null",
        "2026-02|smb|0.1429|0.5714|2|0.0714");
    assertEquals(expected, Fixtures.render(ActiveUsers.KPI.compute(p), COLS));
  }

  static Fixtures shortGrainFixture() {
    return new Fixtures()
        .add(InputTable.CUSTOMERS, "c1", ts("2026-01-01T00:00:00Z"), null, "smb")
        .add(InputTable.CUSTOMERS, "c2", ts("2026-01-01T00:00:00Z"), null, "smb")
        .add(InputTable.CUSTOMERS, "c3", ts("2026-01-01T00:00:00Z"), null, "ent")
        // Feb 7 is the first day of the 30 days ending at W10's end (Mar 9 - 30)
        .add(InputTable.EVENTS, "e1", ts("2026-02-07T12:00:00Z"), "c1", null, null, "login",
            null, null, null)
        .add(InputTable.EVENTS, "e2", ts("2026-03-03T12:00:00Z"), "c1", null, null, "login",
            null, null, null)
        // Feb 6: one day too early for W10's 30 days
        .add(InputTable.EVENTS, "e3", ts("2026-02-06T12:00:00Z"), "c2", null, null, "login",
            null, null, null)
        .add(InputTable.EVENTS, "e4", ts("2026-03-14T12:00:00Z"), "c2", null, null, "login",
            null, null, null)
        // a1 on Mar 4, linked to c3 on Mar 10 at 12:00Z (09:00 local)
        .add(InputTable.EVENTS, "e5", ts("2026-03-04T12:00:00Z"), null, "a1", null, "page_view",
            null, null, null)
        .add(InputTable.EVENTS, "e6", ts("2026-03-10T12:00:00Z"), "c3", "a1", null, "login",
            null, null, null);
  }

  @Test
  void weekGrainThirtyDayMauAndStitching() {
    Prepared p = shortGrainFixture().prepare(KpiParams.defaults(SP, Grain.WEEK), "2026-03-02",
        "2026-03-15");
    // W10 = Mar 2..8, mau over Feb 7..Mar 8; a1's link (Mar 10) comes after W10: anonymous.
    // W11 = Mar 9..15, mau over Feb 14..Mar 15; a1's Mar 4 event is c3's now.
    List<String> expected = List.of(
        "2026-W10|ALL|0.2857|1.5714|2|0.1429",
        "2026-W10|anonymous|0.1429|0.7143|1|0.1429",
        "2026-W10|smb|0.1429|0.8571|1|0.1429",
        // c1: no day in W11, window of Mar 9 (from Mar 3), in the 30 days; c2: Mar 14, 15
        "2026-W11|ALL|0.2857|1.4286|3|0.0952",
        // c3: Mar 4 covers Mar 9, Mar 10 covers Mar 10..15: every window of W11
        "2026-W11|ent|0.1429|1.0000|1|0.1429",
        "2026-W11|smb|0.1429|0.4286|2|0.0714");
    assertEquals(expected, Fixtures.render(ActiveUsers.KPI.compute(p), COLS));
  }

  @Test
  void dayGrainThirtyDayMauAndLinkWithinTheDay() {
    Prepared p = shortGrainFixture().prepare(KpiParams.defaults(SP, Grain.DAY), "2026-03-09",
        "2026-03-10");
    // Mar 9: 30 days = Feb 8..Mar 9 (c1 Feb 7 out, Mar 3 in); a1 still anonymous.
    // Mar 10: the link at 09:00 local is before the day's end: a1's Mar 4 event is c3's.
    List<String> expected = List.of(
        "2026-03-09|ALL|0.0000|2.0000|2|0.0000",
        "2026-03-09|anonymous|0.0000|1.0000|1|0.0000",
        "2026-03-09|smb|0.0000|1.0000|1|0.0000",
        "2026-03-10|ALL|1.0000|1.0000|2|0.5000",
        "2026-03-10|ent|1.0000|1.0000|1|1.0000",
        "2026-03-10|smb|0.0000|0.0000|1|0.0000");
    assertEquals(expected, Fixtures.render(ActiveUsers.KPI.compute(p), COLS));
  }

  @Test
  void periodWithoutAnyEventHasOnlyTheAllRow() {
    Prepared p = shortGrainFixture().prepare(KpiParams.defaults(SP, Grain.WEEK), "2026-05-11",
        "2026-05-17");
    assertEquals(List.of("2026-W20|ALL|0.0000|0.0000|0|null"),
        Fixtures.render(ActiveUsers.KPI.compute(p), COLS));
  }

  @Test
  void outputSchemaMatchesSpec() {
    Kpi kpi = ActiveUsers.KPI;
    StructType expected = new StructType()
        .add("period", DataTypes.StringType)
        .add("segment", DataTypes.StringType)
        .add("grain", DataTypes.StringType)
        .add("period_start", DataTypes.DateType)
        .add("period_end", DataTypes.DateType)
        .add("run_id", DataTypes.StringType)
        .add("dau_avg", DataTypes.DoubleType)
        .add("wau_avg", DataTypes.DoubleType)
        .add("mau", DataTypes.LongType)
        .add("stickiness", DataTypes.DoubleType);
    assertEquals("active_users", kpi.table());
    assertEquals(expected, OutputTables.kpiSchema(kpi.schema()));
    Prepared p = shortGrainFixture().prepare(KpiParams.defaults(SP, Grain.MONTH), "2026-03-01",
        "2026-03-31");
    var rows = kpi.compute(p);
    assertEquals(List.of("period", "segment", "dau_avg", "wau_avg", "mau", "stickiness"),
        List.of(rows.columns()));
    StructType actual = KpiSupport.finish(rows, kpi.schema(), p.periods(), "r").schema();
    assertEquals(SchemaAssertions.namesAndTypes(expected), SchemaAssertions.namesAndTypes(actual));
  }
}
