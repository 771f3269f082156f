package com.customerkpis.job;

import static org.junit.jupiter.api.Assertions.*;

import com.customerkpis.config.KpiParams;
import com.customerkpis.config.RunConfig;
import com.customerkpis.kpi.CohortRetentionTest;
import com.customerkpis.kpi.KpiRegistry;
import com.customerkpis.spark.JobCounter;
import com.customerkpis.testing.SharedSpark;
import com.customerkpis.time.Grain;
import com.customerkpis.time.RunWindow;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counts Spark jobs so that shared scans cannot silently regress: KPIs run together must cost
 * fewer jobs than the same KPIs run one by one, and a run's job count is pinned.
 */
class ScanSharingTest {
  @TempDir
  static Path tmp;
  static Path input;

  @BeforeAll
  static void writeInput() {
    input = tmp.resolve("in");
    EndToEndTest.write(CohortRetentionTest.fixture(), input);
  }

  static int jobs(List<String> kpis) {
    ZoneId zone = ZoneId.of("America/Sao_Paulo");
    RunConfig cfg = new RunConfig(input.toString(), tmp.resolve("out-" + String.join("-", kpis))
        .toString(), Map.of(), RunWindow.periods(Grain.MONTH, LocalDate.of(2026, 1, 1),
        LocalDate.of(2026, 3, 31), zone), kpis, true, "segment",
        KpiParams.defaults(zone, Grain.MONTH), "test-run", "test");
    var spark = SharedSpark.get();
    // Warm-up so that one-off jobs (first Delta table creation) are not counted.
    KpiJob.run(spark, cfg);
    try (JobCounter counter = JobCounter.start(spark)) {
      KpiJob.run(spark, cfg);
      return counter.jobs();
    }
  }

  @Test
  void kpisSharingPreparationsCostFewerJobsTogether() {
    List<String> core = List.of("cohort_retention", "customer_churn", "conversion_by_channel",
        "conversion_by_landing_page", "clv_customer", "clv_summary");
    assertTrue(KpiRegistry.names().containsAll(core));
    int together = jobs(core);
    int alone = 0;
    for (String k : core) {
      alone += jobs(List.of(k));
    }
    System.out.println("spark jobs: together=" + together + " one-by-one=" + alone);
    assertTrue(together < alone, "together=" + together + " alone=" + alone);
    // Each run of k KPIs re-reads inputs once and writes k tables (+ _runs); regressions that add
    // scans per KPI push this above the measured value.
    assertTrue(together <= PINNED_JOBS, "together=" + together + " > pinned " + PINNED_JOBS);
    assertTrue(SharedSpark.get().sharedState().cacheManager().isEmpty(),
        "a run must unpersist what it persisted");
  }

  /** Measured on the fixture (see the printed line); raise only with a reason. */
  // measured 117 on 2026-11-23; 131 on 2026-11-28, after the writer started documenting new
  // tables (description and column comments) and finding its own commit in the history.
  static final int PINNED_JOBS = 133;
}
