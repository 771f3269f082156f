package com.customerkpis.kpi;

import static com.customerkpis.testing.Rows.dec;
import static com.customerkpis.testing.Rows.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.customerkpis.config.CohortBy;
import com.customerkpis.config.KpiParams;
import com.customerkpis.input.InputTable;
import com.customerkpis.testing.Fixtures;
import com.customerkpis.time.Grain;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class CohortRetentionTest {
  // Sao Paulo is UTC-3 all year since 2019: 02:00Z on Feb 1 is still January 31 locally.
  static final ZoneId SP = ZoneId.of("America/Sao_Paulo");

  @Test
  void handComputedCohortsSegmentsAndTimeZone() {
    KpiParams params = KpiParams.defaults(SP, Grain.MONTH);
    var out = CohortRetention.KPI.compute(Fixtures.cohortRetention()
        .prepare(params, "2026-01-01", "2026-03-31"));
    List<String> expected = List.of(
        "2026-01|ALL|2026-01|0|2|1|0.5000",
        "2026-01|smb|2026-01|0|1|1|1.0000",
        "2026-01|unknown|2026-01|0|1|0|0.0000",
        "2026-02|ALL|2026-01|1|2|2|1.0000",
        "2026-02|ALL|2026-02|0|2|1|0.5000",
        "2026-02|ent|2026-02|0|1|1|1.0000",
        "2026-02|smb|2026-01|1|1|1|1.0000",
        "2026-02|smb|2026-02|0|1|0|0.0000",
        "2026-02|unknown|2026-01|1|1|1|1.0000",
        "2026-03|ALL|2026-01|2|2|0|0.0000",
        "2026-03|ALL|2026-02|1|2|1|0.5000",
        "2026-03|ent|2026-02|1|1|1|1.0000",
        "2026-03|smb|2026-01|2|1|0|0.0000",
        "2026-03|smb|2026-02|1|1|0|0.0000",
        "2026-03|unknown|2026-01|2|1|0|0.0000");
    assertEquals(expected, Fixtures.render(out, "period", "segment", "cohort", "period_offset",
        "cohort_size", "active_customers", "retention_rate"));
  }

  @Test
  void maxCohortAgeAndFirstOrderCohorts() {
    KpiParams params = new KpiParams(SP, Grain.MONTH, CohortBy.FIRST_ORDER, 1, null, 90,
        java.time.Duration.ofMinutes(30), List.of("purchase"), 12, 0.01, 3);
    var out = CohortRetention.KPI.compute(Fixtures.cohortRetention()
        .prepare(params, "2026-03-01", "2026-03-31"));
    // Only c3 has a completed order (March): cohort 2026-03, active in March through o1.
    assertEquals(List.of("2026-03|ALL|2026-03|0|1|1", "2026-03|ent|2026-03|0|1|1"),
        Fixtures.render(out, "period", "segment", "cohort", "period_offset", "cohort_size",
            "active_customers"));
    KpiParams signup = KpiParams.defaults(SP, Grain.MONTH);
    signup = new KpiParams(SP, Grain.MONTH, CohortBy.SIGNUP, 1, null, 90,
        java.time.Duration.ofMinutes(30), List.of("purchase"), 12, 0.01, 3);
    var aged = CohortRetention.KPI.compute(Fixtures.cohortRetention()
        .prepare(signup, "2026-03-01", "2026-03-31"));
    // The 2026-01 cohort is 2 months old in March: beyond --max-cohort-age 1.
    assertEquals(List.of("2026-02", "2026-02", "2026-02"),
        Fixtures.render(aged, "cohort"));
  }
}
