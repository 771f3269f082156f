package com.customerkpis.kpi;

import static com.customerkpis.testing.SchemaAssertions.namesAndTypes;
import static com.customerkpis.testing.Rows.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.customerkpis.config.KpiParams;
import com.customerkpis.prep.Prepared;
import com.customerkpis.input.InputTable;
import com.customerkpis.testing.Fixtures;
import com.customerkpis.time.Grain;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import com.customerkpis.output.OutputTables;

class EngagementTest {
  // Sao Paulo is UTC-3 all year: 02:50Z on Mar 1 is still February 28 locally.
  static final ZoneId SP = ZoneId.of("America/Sao_Paulo");

  static Fixtures fixture() {
    return new Fixtures()
        .add(InputTable.CUSTOMERS, "c1", ts("2026-01-01T00:00:00Z"), "email", "smb")
        .add(InputTable.CUSTOMERS, "c2", ts("2026-01-01T00:00:00Z"), "email", "ent")
        // A: c1, 3 events, first email × desktop, 2 page views, 1230.5 s
        .add(InputTable.EVENTS, "a1", ts("2026-03-02T12:00:00Z"), "c1", null, null,
            "page_view", "email", "/home", "desktop")
        .add(InputTable.EVENTS, "a2", ts("2026-03-02T12:10:00Z"), "c1", null, null,
            "page_view", null, "/p", "mobile")
        .add(InputTable.EVENTS, "a3", ts("2026-03-02T12:20:30.500Z"), "c1", null, null,
            "purchase", "email", "/p", "desktop")
        // B: c1, one event: a bounce of duration 0, email × mobile
        .add(InputTable.EVENTS, "b1", ts("2026-03-05T10:00:00Z"), "c1", null, "s1",
            "page_view", "email", "/home", "mobile")
        // C: c2, a tie on time: "e10" < "e9" as strings, so social × tablet; 300 s
        .add(InputTable.EVENTS, "e9", ts("2026-03-06T10:00:00Z"), "c2", null, "s2",
            " PAGE_VIEW", "email", "/b", "desktop")
        .add(InputTable.EVENTS, "e10", ts("2026-03-06T10:00:00Z"), "c2", null, "s2",
            "page_view", "social", "/a", "tablet")
        .add(InputTable.EVENTS, "e11", ts("2026-03-06T10:05:00Z"), "c2", null, "s2",
            "login", "email", "/b", "desktop")
        // D, E: an unlinked anonymous visitor, 45 min apart: two bounces, direct × unknown
        .add(InputTable.EVENTS, "d1", ts("2026-03-07T10:00:00Z"), null, "x9", null,
            "page_view", null, null, null)
        .add(InputTable.EVENTS, "d2", ts("2026-03-07T10:45:00Z"), null, "x9", null,
            "page_view", " ", null, " ")
        // F: starts Feb 28 23:50 local, ends in March: a February session of 1200 s
        .add(InputTable.EVENTS, "f1", ts("2026-03-01T02:50:00Z"), "c2", null, null,
            "page_view", "referral", "/r", "desktop")
        .add(InputTable.EVENTS, "f2", ts("2026-03-01T03:10:00Z"), "c2", null, null,
            "page_view", "email", "/r2", "mobile");
  }

  static final String[] COLS = {"period", "segment", "channel", "device", "sessions",
      "page_views", "pages_per_session", "avg_session_duration_s", "bounce_rate"};

  @Test
  void handComputedCubeWithRollUpsAndEmptyPeriod() {
    Prepared p = fixture().prepare(KpiParams.defaults(SP, Grain.MONTH), "2026-01-01",
        "2026-03-31");
    List<String> expected = List.of(
        // January has no session: only ALL × ALL × ALL, zero counts and NULL rates
        "2026-01|ALL|ALL|ALL|0|0|null|null|null",
        "2026-02|ALL|ALL|ALL|1|2|2.0000|1200.0000|0.0000",
        "2026-02|ALL|ALL|desktop|1|2|2.0000|1200.0000|0.0000",
        "2026-02|ALL|referral|ALL|1|2|2.0000|1200.0000|0.0000",
        "2026-02|ALL|referral|desktop|1|2|2.0000|1200.0000|0.0000",
        "2026-02|ent|ALL|ALL|1|2|2.0000|1200.0000|0.0000",
        "2026-02|ent|ALL|desktop|1|2|2.0000|1200.0000|0.0000",
        "2026-02|ent|referral|ALL|1|2|2.0000|1200.0000|0.0000",
        "2026-02|ent|referral|desktop|1|2|2.0000|1200.0000|0.0000",
        // all March sessions: A, B, C, D, E = 5 sessions, 7 page views, 1530.5 s, 3 bounces
        "2026-03|ALL|ALL|ALL|5|7|1.4000|306.1000|0.6000",
        "2026-03|ALL|ALL|desktop|1|2|2.0000|1230.5000|0.0000",
        "2026-03|ALL|ALL|mobile|1|1|1.0000|0.0000|1.0000",
        "2026-03|ALL|ALL|tablet|1|2|2.0000|300.0000|0.0000",
        "2026-03|ALL|ALL|unknown|2|2|1.0000|0.0000|1.0000",
        "2026-03|ALL|direct|ALL|2|2|1.0000|0.0000|1.0000",
        "2026-03|ALL|direct|unknown|2|2|1.0000|0.0000|1.0000",
        "2026-03|ALL|email|ALL|2|3|1.5000|615.2500|0.5000",
        "2026-03|ALL|email|desktop|1|2|2.0000|1230.5000|0.0000",
        "2026-03|ALL|email|mobile|1|1|1.0000|0.0000|1.0000",
        "2026-03|ALL|social|ALL|1|2|2.0000|300.0000|0.0000",
        "2026-03|ALL|social|tablet|1|2|2.0000|300.0000|0.0000",
        "2026-03|anonymous|ALL|ALL|2|2|1.0000|0.0000|1.0000",
        "2026-03|anonymous|ALL|unknown|2|2|1.0000|0.0000|1.0000",
        "2026-03|anonymous|direct|ALL|2|2|1.0000|0.0000|1.0000",
        "2026-03|anonymous|direct|unknown|2|2|1.0000|0.0000|1.0000",
        "2026-03|ent|ALL|ALL|1|2|2.0000|300.0000|0.0000",
        "2026-03|ent|ALL|tablet|1|2|2.0000|300.0000|0.0000",
        "2026-03|ent|social|ALL|1|2|2.0000|300.0000|0.0000",
        "2026-03|ent|social|tablet|1|2|2.0000|300.0000|0.0000",
        "2026-03|smb|ALL|ALL|2|3|1.5000|615.2500|0.5000",
        "2026-03|smb|ALL|desktop|1|2|2.0000|1230.5000|0.0000",
        "2026-03|smb|ALL|mobile|1|1|1.0000|0.0000|1.0000",
        "2026-03|smb|email|ALL|2|3|1.5000|615.2500|0.5000",
        "2026-03|smb|email|desktop|1|2|2.0000|1230.5000|0.0000",
        "2026-03|smb|email|mobile|1|1|1.0000|0.0000|1.0000");
    assertEquals(expected, Fixtures.render(Engagement.KPI.compute(p), COLS));
  }

  @Test
  void outputSchemaMatchesSpec() {
    Kpi kpi = Engagement.KPI;
    StructType expected = new StructType()
        .add("period", DataTypes.StringType)
        .add("segment", DataTypes.StringType)
        .add("grain", DataTypes.StringType)
        .add("period_start", DataTypes.DateType)
        .add("period_end", DataTypes.DateType)
        .add("run_id", DataTypes.StringType)
        .add("channel", DataTypes.StringType)
        .add("device", DataTypes.StringType)
        .add("sessions", DataTypes.LongType)
        .add("page_views", DataTypes.LongType)
        .add("pages_per_session", DataTypes.DoubleType)
        .add("avg_session_duration_s", DataTypes.DoubleType)
        .add("bounce_rate", DataTypes.DoubleType);
    assertEquals("engagement", kpi.table());
    assertEquals(expected, OutputTables.kpiSchema(kpi.schema()));
    // The computed rows, once finished by the job, carry exactly these names and types.
    Prepared p = fixture().prepare(KpiParams.defaults(SP, Grain.MONTH), "2026-03-01",
        "2026-03-31");
    var rows = kpi.compute(p);
    assertEquals(List.of("period", "segment", "channel", "device", "sessions", "page_views",
        "pages_per_session", "avg_session_duration_s", "bounce_rate"), List.of(rows.columns()));
    StructType actual = KpiSupport.finish(rows, kpi.schema(), p.periods(), "r").schema();
    assertEquals(namesAndTypes(expected), namesAndTypes(actual));
  }
}
