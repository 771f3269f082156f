package com.customerkpis.config;

import com.customerkpis.time.Period;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code kpi run} needs, built once from the command line and properties.
 *
 * @param input input root directory (one Parquet directory per table)
 * @param output output root directory (one Delta table per KPI)
 * @param locations per-table location overrides (table name → path)
 * @param periods run periods, in order
 * @param kpis requested KPI table names; empty = all
 * @param kpisByName true when the KPIs were named explicitly (a missing input is then exit 3)
 * @param segmentColumn customers column that defines the segment
 * @param params KPI definition parameters
 * @param runId this run's id
 * @param arguments the command line as given, for {@code _runs}
 * @param maxBadRowShare largest share of an input table's rows that may be quarantined before
 *     the run fails (exit 3), in [0, 1]
 * @param concurrentKpis KPIs computed and written at the same time, 1 to
 *     {@value #MAX_CONCURRENT_KPIS} (1: one after another)
 */
public record RunConfig(String input, String output, Map<String, String> locations,
    List<Period> periods, List<String> kpis, boolean kpisByName, String segmentColumn,
    KpiParams params, String runId, String arguments, double maxBadRowShare,
    int concurrentKpis) {

  /** The documented default of {@code --max-bad-row-share}. */
  public static final double DEFAULT_MAX_BAD_ROW_SHARE = 0.5;
  /**
   * The documented default of {@code --concurrent-kpis}: one KPI after another. Two at once were
   * 10 % faster on a small input, 2-6 % at 100k customers and no faster at 1M (2 local cores are
   * already 93 % busy); KPIs over the events run one at a time whatever the setting (see
   * performance.md, third and tenth rounds).
   */
  public static final int DEFAULT_CONCURRENT_KPIS = 1;
  /** The largest {@code --concurrent-kpis}. */
  public static final int MAX_CONCURRENT_KPIS = 32;

  /** A configuration with the default data-quality gate and KPI concurrency. */
  public RunConfig(String input, String output, Map<String, String> locations,
      List<Period> periods, List<String> kpis, boolean kpisByName, String segmentColumn,
      KpiParams params, String runId, String arguments) {
    this(input, output, locations, periods, kpis, kpisByName, segmentColumn, params, runId,
        arguments, DEFAULT_MAX_BAD_ROW_SHARE, DEFAULT_CONCURRENT_KPIS);
  }

  /** Copies collections so the record stays immutable. */
  public RunConfig {
    if (!(maxBadRowShare >= 0 && maxBadRowShare <= 1)) {
      throw new IllegalArgumentException("--max-bad-row-share must be between 0 and 1, got "
          + maxBadRowShare);
    }
    if (concurrentKpis < 1 || concurrentKpis > MAX_CONCURRENT_KPIS) {
      throw new IllegalArgumentException("--concurrent-kpis must be between 1 and "
          + MAX_CONCURRENT_KPIS + ", got " + concurrentKpis);
    }
    locations = Map.copyOf(locations);
    periods = List.copyOf(periods);
    kpis = List.copyOf(kpis);
    if (periods.isEmpty()) {
      throw new IllegalArgumentException("a run needs at least one period");
    }
  }

  /** This configuration with {@code n} KPIs computed at once. */
  public RunConfig withConcurrentKpis(int n) {
    return new RunConfig(input, output, locations, periods, kpis, kpisByName, segmentColumn,
        params, runId, arguments, maxBadRowShare, n);
  }

  /** Period labels in order. */
  public List<String> periodLabels() {
    return periods.stream().map(Period::label).toList();
  }
}
