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

/** Hand-computed fixtures for csat_by_channel, nps and ces. */
public class SurveyKpisTest {
  // Sao Paulo is UTC-3: 02:00Z on Mar 1 is still February 28 locally.
  static final ZoneId SP = ZoneId.of("America/Sao_Paulo");

  static Fixtures customers() {
    return new Fixtures()
        .add(InputTable.CUSTOMERS, "c1", ts("2025-06-01T12:00:00Z"), "email", "smb")
        .add(InputTable.CUSTOMERS, "c2", ts("2025-06-01T12:00:00Z"), "email", "ent");
  }

  static Prepared prepare(Fixtures f) {
    return f.prepare(KpiParams.defaults(SP, Grain.MONTH), "2026-01-01", "2026-03-31");
  }

  @Test
  void csatByChannel() {
    Fixtures f = customers()
        .add(InputTable.SURVEYS, "r1", "c1", "csat", 5, "email", ts("2026-01-05T12:00:00Z"))
        .add(InputTable.SURVEYS, "r2", "c1", "csat", 4, "chat", ts("2026-01-06T12:00:00Z"))
        .add(InputTable.SURVEYS, "r3", "c2", "csat", 2, "email", ts("2026-01-07T12:00:00Z"))
        // no customer → anonymous; null channel → unknown
        .add(InputTable.SURVEYS, "r4", null, "csat", 3, null, ts("2026-01-08T12:00:00Z"))
        // customer absent from customers → anonymous; blank channel → unknown
        .add(InputTable.SURVEYS, "r5", "cX", "csat", 5, "  ", ts("2026-01-09T12:00:00Z"))
        // other survey types are ignored
        .add(InputTable.SURVEYS, "r6", "c1", "nps", 10, "email", ts("2026-01-05T12:00:00Z"))
        .add(InputTable.SURVEYS, "r6b", "c1", "ces", 2, "email", ts("2026-01-05T12:00:00Z"))
        // type matched after trim + lower-case; February in the business zone
        .add(InputTable.SURVEYS, "r7", "c1", " CSAT ", 1, "email", ts("2026-03-01T02:00:00Z"))
        // after the run window
        .add(InputTable.SURVEYS, "r8", "c1", "csat", 5, "email", ts("2026-04-02T12:00:00Z"));
    var out = CsatByChannel.KPI.compute(prepare(f));
    assertEquals(List.of(
        "2026-01|ALL|ALL|5|3|0.6000|3.8000",
        "2026-01|ALL|chat|1|1|1.0000|4.0000",
        "2026-01|ALL|email|2|1|0.5000|3.5000",
        "2026-01|ALL|unknown|2|1|0.5000|4.0000",
        "2026-01|anonymous|ALL|2|1|0.5000|4.0000",
        "2026-01|anonymous|unknown|2|1|0.5000|4.0000",
        "2026-01|ent|ALL|1|0|0.0000|2.0000",
        "2026-01|ent|email|1|0|0.0000|2.0000",
        "2026-01|smb|ALL|2|2|1.0000|4.5000",
        "2026-01|smb|chat|1|1|1.0000|4.0000",
        "2026-01|smb|email|1|1|1.0000|5.0000",
        "2026-02|ALL|ALL|1|0|0.0000|1.0000",
        "2026-02|ALL|email|1|0|0.0000|1.0000",
        "2026-02|smb|ALL|1|0|0.0000|1.0000",
        "2026-02|smb|email|1|0|0.0000|1.0000",
        // no data: the ALL×ALL row with zero counts and NULL rates
        "2026-03|ALL|ALL|0|0|null|null"),
        Fixtures.render(out, "period", "segment", "channel", "responses", "positive_responses",
            "csat", "avg_score"));
  }

  @Test
  void npsWithPassivesInTheDenominatorAndNegativeScores() {
    Fixtures f = customers()
        .add(InputTable.SURVEYS, "n1", "c1", "nps", 10, "email", ts("2026-01-05T12:00:00Z"))
        .add(InputTable.SURVEYS, "n2", "c1", "nps", 9, "email", ts("2026-01-06T12:00:00Z"))
        .add(InputTable.SURVEYS, "n3", "c2", "nps", 7, "chat", ts("2026-01-07T12:00:00Z"))
        .add(InputTable.SURVEYS, "n4", "c2", "nps", 8, "chat", ts("2026-01-08T12:00:00Z"))
        .add(InputTable.SURVEYS, "n5", null, "nps", 6, "chat", ts("2026-01-09T12:00:00Z"))
        .add(InputTable.SURVEYS, "n6", "c2", "nps", 0, "email", ts("2026-01-10T12:00:00Z"))
        .add(InputTable.SURVEYS, "n7", "c1", "nps", 3, "email", ts("2026-01-11T12:00:00Z"))
        .add(InputTable.SURVEYS, "x1", "c1", "csat", 5, "email", ts("2026-01-11T12:00:00Z"));
    var out = Nps.KPI.compute(prepare(f));
    // ALL: 2 promoters, 2 passives, 3 detractors of 7 → 100 × (2 − 3) / 7 = −14.2857
    assertEquals(List.of(
        "2026-01|ALL|ALL|7|2|2|3|-14.2857",
        "2026-01|ALL|chat|3|0|2|1|-33.3333",
        "2026-01|ALL|email|4|2|0|2|0.0000",
        "2026-01|anonymous|ALL|1|0|0|1|-100.0000",
        "2026-01|anonymous|chat|1|0|0|1|-100.0000",
        "2026-01|ent|ALL|3|0|2|1|-33.3333",
        "2026-01|ent|chat|2|0|2|0|0.0000",
        "2026-01|ent|email|1|0|0|1|-100.0000",
        "2026-01|smb|ALL|3|2|0|1|33.3333",
        "2026-01|smb|email|3|2|0|1|33.3333",
        "2026-02|ALL|ALL|0|0|0|0|null",
        "2026-03|ALL|ALL|0|0|0|0|null"),
        Fixtures.render(out, "period", "segment", "channel", "responses", "promoters",
            "passives", "detractors", "nps"));
  }

  @Test
  void cesAverageEffortAndLowEffortShare() {
    Fixtures f = customers()
        .add(InputTable.SURVEYS, "e1", "c1", "ces", 7, "web", ts("2026-02-05T12:00:00Z"))
        .add(InputTable.SURVEYS, "e2", "c1", "ces", 5, "web", ts("2026-02-06T12:00:00Z"))
        .add(InputTable.SURVEYS, "e3", "c2", "ces", 4, "phone", ts("2026-02-07T12:00:00Z"))
        .add(InputTable.SURVEYS, "e4", null, "ces", 2, "phone", ts("2026-02-08T12:00:00Z"))
        .add(InputTable.SURVEYS, "e5", "c1", "ces", 6, "phone", ts("2026-02-09T12:00:00Z"))
        .add(InputTable.SURVEYS, "x1", "c1", "nps", 9, "web", ts("2026-02-09T12:00:00Z"));
    var out = Ces.KPI.compute(prepare(f));
    // low effort = scores 5–7: e1, e2, e5
    assertEquals(List.of(
        "2026-01|ALL|ALL|0|null|null",
        "2026-02|ALL|ALL|5|4.8000|0.6000",
        "2026-02|ALL|phone|3|4.0000|0.3333",
        "2026-02|ALL|web|2|6.0000|1.0000",
        "2026-02|anonymous|ALL|1|2.0000|0.0000",
        "2026-02|anonymous|phone|1|2.0000|0.0000",
        "2026-02|ent|ALL|1|4.0000|0.0000",
        "2026-02|ent|phone|1|4.0000|0.0000",
        "2026-02|smb|ALL|3|6.0000|1.0000",
        "2026-02|smb|phone|1|6.0000|1.0000",
        "2026-02|smb|web|2|6.0000|1.0000",
        "2026-03|ALL|ALL|0|null|null"),
        Fixtures.render(out, "period", "segment", "channel", "responses", "avg_effort",
            "low_effort_share"));
  }
}
