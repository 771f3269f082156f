package com.customerkpis.kpi;

import static com.customerkpis.testing.Rows.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.customerkpis.config.KpiParams;
import com.customerkpis.input.InputTable;
import com.customerkpis.testing.Fixtures;
import com.customerkpis.time.Grain;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed fixture for support. */
public class SupportTest {

  static Fixtures fixture() {
    return new Fixtures()
        .add(InputTable.CUSTOMERS, "c1", ts("2025-06-01T12:00:00Z"), "email", "smb")
        .add(InputTable.CUSTOMERS, "c2", ts("2025-06-01T12:00:00Z"), "email", "ent")
        // ticket_id, customer_id, channel, created, first_response, resolved, replies, reopened
        // FCR: 1 reply, not reopened; response 2 h, resolution 24 h
        .add(InputTable.TICKETS, "t1", "c1", "email", ts("2026-01-05T10:00:00Z"),
            ts("2026-01-05T12:00:00Z"), ts("2026-01-06T10:00:00Z"), 1, false)
        // FCR: null reopened = not reopened; response 1 h, resolution 6 h
        .add(InputTable.TICKETS, "t2", "c1", "chat", ts("2026-01-10T00:00:00Z"),
            ts("2026-01-10T01:00:00Z"), ts("2026-01-10T06:00:00Z"), 0, null)
        // created in January, first response (288 h) and resolution (312 h) in February
        .add(InputTable.TICKETS, "t3", "c2", "email", ts("2026-01-20T00:00:00Z"),
            ts("2026-02-01T00:00:00Z"), ts("2026-02-02T00:00:00Z"), 3, false)
        // no customer → anonymous; no first response; null agent_replies: not FCR, counted
        .add(InputTable.TICKETS, "t4", null, "chat", ts("2026-01-25T00:00:00Z"),
            null, ts("2026-01-25T12:00:00Z"), null, null)
        // open ticket, null channel → unknown; response 3 h
        .add(InputTable.TICKETS, "t5", "c2", null, ts("2026-01-28T00:00:00Z"),
            ts("2026-01-28T03:00:00Z"), null, null, null)
        // created before the run window, resolved in January after 312 h; reopened: not FCR
        .add(InputTable.TICKETS, "t6", "c1", "email", ts("2025-12-20T00:00:00Z"),
            ts("2025-12-20T01:00:00Z"), ts("2026-01-02T00:00:00Z"), 1, true)
        // February: no first response; resolution 1.5 h, FCR
        .add(InputTable.TICKETS, "t7", "c1", "email", ts("2026-02-10T00:00:00Z"),
            null, ts("2026-02-10T01:30:00Z"), 1, false);
  }

  @Test
  void handComputedTicketsAcrossPeriods() {
    KpiParams params = KpiParams.defaults(ZoneOffset.UTC, Grain.MONTH);
    var out = Support.KPI.compute(fixture().prepare(params, "2026-01-01", "2026-03-31"));
    // January resolutions: t6 312 h, t1 24 h, t4 12 h, t2 6 h → mean 88.5, median (12+24)/2 = 18.
    // January first responses of tickets created in January: t1 2, t2 1, t3 288, t5 3 → 73.5.
    assertEquals(List.of(
        "2026-01|ALL|ALL|5|4|0.5000|73.5000|88.5000|18.0000",
        "2026-01|ALL|chat|2|2|0.5000|1.0000|9.0000|9.0000",
        "2026-01|ALL|email|2|2|0.5000|145.0000|168.0000|168.0000",
        "2026-01|ALL|unknown|1|0|null|3.0000|null|null",
        "2026-01|anonymous|ALL|1|1|0.0000|null|12.0000|12.0000",
        "2026-01|anonymous|chat|1|1|0.0000|null|12.0000|12.0000",
        "2026-01|ent|ALL|2|0|null|145.5000|null|null",
        "2026-01|ent|email|1|0|null|288.0000|null|null",
        "2026-01|ent|unknown|1|0|null|3.0000|null|null",
        "2026-01|smb|ALL|2|3|0.6667|1.5000|114.0000|24.0000",
        "2026-01|smb|chat|1|1|1.0000|1.0000|6.0000|6.0000",
        "2026-01|smb|email|1|2|0.5000|2.0000|168.0000|168.0000",
        "2026-02|ALL|ALL|1|2|0.5000|null|156.7500|156.7500",
        "2026-02|ALL|email|1|2|0.5000|null|156.7500|156.7500",
        "2026-02|ent|ALL|0|1|0.0000|null|312.0000|312.0000",
        "2026-02|ent|email|0|1|0.0000|null|312.0000|312.0000",
        "2026-02|smb|ALL|1|1|1.0000|null|1.5000|1.5000",
        "2026-02|smb|email|1|1|1.0000|null|1.5000|1.5000",
        "2026-03|ALL|ALL|0|0|null|null|null|null"),
        Fixtures.render(out, "period", "segment", "channel", "tickets_created",
            "tickets_resolved", "first_contact_resolution_rate", "avg_first_response_hours",
            "avg_resolution_hours", "median_resolution_hours"));
  }
}
