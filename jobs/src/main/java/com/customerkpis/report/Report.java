package com.customerkpis.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the HTML report shows: small, already aggregated values read from an output root (no
 * Spark types), so that rendering is a pure function that tests can feed by hand.
 *
 * @param outputDir the output root the report describes
 * @param generatedAt when the report was made
 * @param tables every SPEC §4 table, present or not
 * @param heatmap cohort retention for segment ALL, or null when cohort_retention is absent
 * @param charts trend charts of the tables that are present
 * @param quality the data-quality panel
 */
public record Report(String outputDir, Instant generatedAt, List<TableInfo> tables,
    Heatmap heatmap, List<Chart> charts, Quality quality) {

  /** Copies lists so the record stays immutable. */
  public Report {
    tables = List.copyOf(tables);
    charts = List.copyOf(charts);
  }

  /**
   * One output table: present or not, and when present its size and period range.
   *
   * @param name table name
   * @param present whether a Delta table exists under the output root
   * @param rows row count
   * @param grains grain labels found
   * @param firstPeriod earliest period label
   * @param lastPeriod latest period label
   */
  public record TableInfo(String name, boolean present, long rows, List<String> grains,
      String firstPeriod, String lastPeriod) {}

  /**
   * Cohort × period_offset retention for segment ALL of one grain.
   *
   * @param grain the grain shown
   * @param cohorts cohort labels shown, oldest first
   * @param maxOffset largest period_offset among the cells
   * @param cells one per cohort_retention row (segment ALL, this grain, shown cohorts)
   * @param omittedCohorts older cohorts left out to keep the page readable
   */
  public record Heatmap(String grain, List<String> cohorts, int maxOffset, List<Cell> cells,
      int omittedCohorts) {}

  /**
   * One cohort_retention row.
   *
   * @param cohort cohort label
   * @param offset period_offset
   * @param period activity period label
   * @param cohortSize cohort_size
   * @param active active_customers
   * @param rate retention_rate, null when undefined
   */
  public record Cell(String cohort, int offset, String period, long cohortSize, long active,
      Double rate) {}

  /** How a chart's values are formatted. */
  public enum Unit { PERCENT, MONEY, NUMBER }

  /**
   * A line chart over periods.
   *
   * @param table source table
   * @param title heading
   * @param grain grain shown
   * @param unit value format
   * @param periods x axis, oldest first
   * @param series lines
   * @param note a remark shown under the chart (e.g. channels left out), or null
   */
  public record Chart(String table, String title, String grain, Unit unit, List<String> periods,
      List<Series> series, String note) {}

  /**
   * One line: a value per period label (null or missing where undefined).
   *
   * @param name legend label
   * @param values value by period label
   */
  public record Series(String name, Map<String, Double> values) {}

  /**
   * The data-quality panel.
   *
   * @param lastRun the latest row of {@code _runs}, or null when there is none
   * @param quarantine quarantined rows by table and reason
   */
  public record Quality(LastRun lastRun, List<QuarantineCount> quarantine) {}

  /**
   * The latest run.
   *
   * @param runId run id
   * @param status succeeded or failed
   * @param startedAt start
   * @param finishedAt end
   * @param grain grain label
   * @param periods period labels
   * @param arguments command line
   * @param error failure message or null
   * @param inputs row accounting per input table
   * @param outputs rows written per table
   * @param skipped KPIs skipped, with the reason
   */
  public record LastRun(String runId, String status, Instant startedAt, Instant finishedAt,
      String grain, List<String> periods, String arguments, String error,
      List<InputCounts> inputs, Map<String, Long> outputs, Map<String, String> skipped) {}

  /**
   * Row accounting of one input table in a run.
   *
   * @param table input table
   * @param read rows read
   * @param kept rows kept
   * @param quarantined quarantined rows by reason
   * @param duplicatesDropped duplicate keys dropped
   */
  public record InputCounts(String table, long read, long kept, Map<String, Long> quarantined,
      long duplicatesDropped) {}

  /**
   * Quarantined rows of one table and reason.
   *
   * @param table input table
   * @param reason quarantine reason
   * @param lastRun rows quarantined by the latest run
   * @param allRuns rows quarantined by all runs
   */
  public record QuarantineCount(String table, String reason, long lastRun, long allRuns) {}
}
