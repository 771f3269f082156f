package com.customerkpis.kpi;

import static com.customerkpis.testing.Rows.date;
import static com.customerkpis.testing.Rows.dec;
import static com.customerkpis.testing.Rows.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.customerkpis.config.KpiParams;
import com.customerkpis.input.InputTable;
import com.customerkpis.testing.Fixtures;
import com.customerkpis.testing.SchemaAssertions;
import com.customerkpis.time.Grain;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcquisitionTest {
  // Sao Paulo is UTC-3 all year: 01:00Z on Mar 1 is still February 28 locally.
  static final ZoneId SP = ZoneId.of("America/Sao_Paulo");

  static Fixtures fixture() {
    return new Fixtures()
        .add(InputTable.CUSTOMERS, "c0", ts("2026-01-20T12:00:00Z"), "email", "smb")
        .add(InputTable.CUSTOMERS, "c1", ts("2026-02-03T12:00:00Z"), "email", "smb")
        .add(InputTable.CUSTOMERS, "c2", ts("2026-02-05T12:00:00Z"), "email", "ent")
        .add(InputTable.CUSTOMERS, "c3", ts("2026-02-07T12:00:00Z"), null, "smb")
        .add(InputTable.CUSTOMERS, "c4", ts("2026-03-01T01:00:00Z"), "social", "smb")
        .add(InputTable.MARKETING_SPEND, date("2026-01-31"), "email", dec("999.00"))
        // one day and channel twice: the rows add up
        .add(InputTable.MARKETING_SPEND, date("2026-02-01"), "email", dec("50.00"))
        .add(InputTable.MARKETING_SPEND, date("2026-02-01"), "email", dec("30.00"))
        // null and blank channels are `unknown`, like customers' null acquisition_channel
        .add(InputTable.MARKETING_SPEND, date("2026-02-15"), null, dec("20.00"))
        .add(InputTable.MARKETING_SPEND, date("2026-02-20"), "  ", dec("10.00"))
        // spend without new customers
        .add(InputTable.MARKETING_SPEND, date("2026-02-28"), "tv", dec("40.00"))
        .add(InputTable.MARKETING_SPEND, date("2026-03-02"), "email", dec("100.00"));
  }

  @Test
  void handComputedNewCustomersSharesSpendAndCac() {
    Kpi kpi = Acquisition.KPI;
    var out = kpi.compute(fixture().prepare(KpiParams.defaults(SP, Grain.MONTH), "2026-02-01",
        "2026-04-30"));
    SchemaAssertions.assertComputedTypes(kpi, out);
    List<String> expected = List.of(
        "2026-02|ALL|ALL|4|1.0000|150.00|37.5000",
        "2026-02|ALL|email|2|0.5000|80.00|40.0000",
        "2026-02|ALL|social|1|0.2500|0.00|0.0000",
        "2026-02|ALL|tv|0|0.0000|40.00|null",
        "2026-02|ALL|unknown|1|0.2500|30.00|30.0000",
        "2026-02|ent|ALL|1|1.0000|null|null",
        "2026-02|ent|email|1|1.0000|null|null",
        "2026-02|smb|ALL|3|1.0000|null|null",
        "2026-02|smb|email|1|0.3333|null|null",
        "2026-02|smb|social|1|0.3333|null|null",
        "2026-02|smb|unknown|1|0.3333|null|null",
        // spend only: no new customers, so share and cac are NULL
        "2026-03|ALL|ALL|0|null|100.00|null",
        "2026-03|ALL|email|0|null|100.00|null",
        "2026-04|ALL|ALL|0|null|0.00|null");
    assertEquals(expected, Fixtures.render(out, "period", "segment", "channel", "new_customers",
        "share_of_new", "spend", "cac"));
  }
}
