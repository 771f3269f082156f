package com.customerkpis.kpi;

import static com.customerkpis.testing.Rows.dec;
import static com.customerkpis.testing.Rows.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.customerkpis.config.KpiParams;
import com.customerkpis.input.InputTable;
import com.customerkpis.testing.Fixtures;
import com.customerkpis.testing.SchemaAssertions;
import com.customerkpis.time.Grain;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdvocacyTest {
  static Fixtures fixture() {
    return new Fixtures()
        .add(InputTable.CUSTOMERS, "r1", ts("2025-12-01T12:00:00Z"), "email", "smb")
        .add(InputTable.CUSTOMERS, "r2", ts("2025-12-01T12:00:00Z"), "email", "ent")
        .add(InputTable.CUSTOMERS, "n1", ts("2026-02-20T12:00:00Z"), "referral", "ent")
        .add(InputTable.CUSTOMERS, "n2", ts("2026-03-10T12:00:00Z"), "referral", "smb")
        .add(InputTable.CUSTOMERS, "n3", ts("2026-01-15T12:00:00Z"), "referral", "smb")
        // converted in February (n1 signed up Feb 20)
        .add(InputTable.REFERRALS, "f1", "r1", ts("2026-02-05T12:00:00Z"), "n1")
        // not converted in February: n2 signs up only in March
        .add(InputTable.REFERRALS, "f2", "r1", ts("2026-02-10T12:00:00Z"), "n2")
        // never converted
        .add(InputTable.REFERRALS, "f3", "r2", ts("2026-02-12T12:00:00Z"), null)
        // n1 referred a second time: its revenue still counts once
        .add(InputTable.REFERRALS, "f4", "r2", ts("2026-02-25T12:00:00Z"), "n1")
        // referrer not in customers (anonymous); n3 is referred after its February purchase
        .add(InputTable.REFERRALS, "f5", "zz", ts("2026-03-20T12:00:00Z"), "n3")
        .add(InputTable.ORDERS, "o1", "n1", ts("2026-02-22T12:00:00Z"), dec("100.00"),
            "completed", "web")
        .add(InputTable.ORDERS, "o2", "n1", ts("2026-02-23T12:00:00Z"), dec("50.00"),
            "completed", "web")
        .add(InputTable.ORDERS, "o3", "n1", ts("2026-02-24T12:00:00Z"), dec("30.00"),
            "refunded", "web")
        .add(InputTable.ORDERS, "o4", "n3", ts("2026-02-14T12:00:00Z"), dec("40.00"),
            "completed", "web")
        .add(InputTable.ORDERS, "o5", "n3", ts("2026-03-05T12:00:00Z"), dec("60.00"),
            "completed", "web")
        .add(InputTable.ORDERS, "o6", "r2", ts("2026-02-15T12:00:00Z"), dec("200.00"),
            "completed", "web")
        .add(InputTable.ORDERS, "o7", "r1", ts("2026-03-03T12:00:00Z"), dec("80.00"),
            "completed", "web")
        .add(InputTable.ORDERS, "o8", "n2", ts("2026-03-12T12:00:00Z"), dec("20.00"),
            "completed", "web")
        .add(InputTable.ORDERS, "o9", "y9", ts("2026-02-08T12:00:00Z"), dec("10.00"),
            "completed", "web");
  }

  @Test
  void handComputedReferralsAndReferredRevenue() {
    Kpi kpi = Advocacy.KPI;
    var out = kpi.compute(fixture().prepare(KpiParams.defaults(ZoneOffset.UTC, Grain.MONTH),
        "2026-02-01", "2026-04-30"));
    SchemaAssertions.assertComputedTypes(kpi, out);
    List<String> expected = List.of(
        "2026-02|ALL|4|2|0.5000|150.00|0.3750",
        // revenue only: zero referrals, NULL conversion rate
        "2026-02|anonymous|0|0|null|0.00|0.0000",
        "2026-02|ent|2|1|0.5000|150.00|0.4286",
        "2026-02|smb|2|1|0.5000|0.00|0.0000",
        "2026-03|ALL|1|1|1.0000|80.00|0.5000",
        // referrals only: zero referred revenue, NULL share
        "2026-03|anonymous|1|1|1.0000|0.00|null",
        "2026-03|smb|0|0|null|80.00|0.5000",
        "2026-04|ALL|0|0|null|0.00|null");
    assertEquals(expected, Fixtures.render(out, "period", "segment", "referrals",
        "converted_referrals", "referral_conversion_rate", "referred_revenue",
        "referred_revenue_share"));
  }
}
