package com.customerkpis.kpi;

import static com.customerkpis.testing.Rows.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.customerkpis.config.KpiParams;
import com.customerkpis.prep.Prepared;
import com.customerkpis.input.InputTable;
import com.customerkpis.testing.Fixtures;
import com.customerkpis.time.Grain;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversionTest {
  static Prepared prepared() {
    Fixtures f = new Fixtures()
        .add(InputTable.CUSTOMERS, "c1", ts("2026-01-01T00:00:00Z"), "email", "smb")
        // anonymous first event, stitched 29 minutes later: one session, visitor c1
        .add(InputTable.EVENTS, "e1", ts("2026-01-10T12:00:00Z"), null, "a1", null, "page_view",
            "email", "/a", "mobile")
        .add(InputTable.EVENTS, "e2", ts("2026-01-10T12:29:00Z"), "c1", "a1", null, "login",
            "social", "/login", "mobile")
        // 31 minutes later: a new session, converted, channel null -> direct, page -> unknown
        .add(InputTable.EVENTS, "e3", ts("2026-01-10T13:00:00Z"), "c1", null, null, "purchase",
            null, null, "mobile")
        // 23:50 local on Jan 31 (Sao Paulo), converting 20 minutes later on Feb 1 local
        .add(InputTable.EVENTS, "e4", ts("2026-02-01T02:50:00Z"), null, "a2", null, "page_view",
            "email", "/b", "desktop")
        .add(InputTable.EVENTS, "e5", ts("2026-02-01T03:10:00Z"), null, "a2", null, " Purchase",
            "email", "/checkout", "desktop")
        // explicit session id: never split by time
        .add(InputTable.EVENTS, "e6", ts("2026-01-15T10:00:00Z"), "c1", null, "S1", "page_view",
            "email", "/a", "desktop")
        .add(InputTable.EVENTS, "e7", ts("2026-01-15T12:00:00Z"), "c1", null, "S1", "purchase",
            "social", "/checkout", "desktop");
    return f.prepare(KpiParams.defaults(ZoneId.of("America/Sao_Paulo"), Grain.MONTH),
        "2026-01-01", "2026-02-28");
  }

  static final String[] COLS = {"sessions", "converted_sessions", "visitors",
      "converted_visitors", "session_conversion_rate", "conversion_rate"};

  static String[] cols(String dim) {
    String[] out = new String[COLS.length + 3];
    out[0] = "period";
    out[1] = "segment";
    out[2] = dim;
    System.arraycopy(COLS, 0, out, 3, COLS.length);
    return out;
  }

  @Test
  void byChannel() {
    var out = Conversion.BY_CHANNEL_KPI.compute(prepared());
    assertEquals(List.of(
        "2026-01|ALL|ALL|4|3|2|2|0.7500|1.0000",
        "2026-01|ALL|direct|1|1|1|1|1.0000|1.0000",
        "2026-01|ALL|email|3|2|2|2|0.6667|1.0000",
        "2026-01|anonymous|ALL|1|1|1|1|1.0000|1.0000",
        "2026-01|anonymous|email|1|1|1|1|1.0000|1.0000",
        "2026-01|smb|ALL|3|2|1|1|0.6667|1.0000",
        "2026-01|smb|direct|1|1|1|1|1.0000|1.0000",
        "2026-01|smb|email|2|1|1|1|0.5000|1.0000",
        "2026-02|ALL|ALL|0|0|0|0|null|null"), Fixtures.render(out, cols("channel")));
  }

  @Test
  void byLandingPage() {
    var out = Conversion.BY_LANDING_PAGE_KPI.compute(prepared());
    assertEquals(List.of(
        "2026-01|ALL|/a|2|1|1|1|0.5000|1.0000",
        "2026-01|ALL|/b|1|1|1|1|1.0000|1.0000",
        "2026-01|ALL|ALL|4|3|2|2|0.7500|1.0000",
        "2026-01|ALL|unknown|1|1|1|1|1.0000|1.0000",
        "2026-01|anonymous|/b|1|1|1|1|1.0000|1.0000",
        "2026-01|anonymous|ALL|1|1|1|1|1.0000|1.0000",
        "2026-01|smb|/a|2|1|1|1|0.5000|1.0000",
        "2026-01|smb|ALL|3|2|1|1|0.6667|1.0000",
        "2026-01|smb|unknown|1|1|1|1|1.0000|1.0000",
        "2026-02|ALL|ALL|0|0|0|0|null|null"), Fixtures.render(out, cols("landing_page")));
  }
}
