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
 * @param segments segment values found in the tables, {@code ALL} first
 * @param tables every KPI table, present or not
 * @param heatmaps cohort retention, one per segment (empty when cohort_retention is absent)
 * @param sections one per present KPI table other than cohort_retention, in catalog order
 * @param clvNotIdentified periods whose BG/NBD fit did not converge (clv_model.converged false)
 * @param quality the data-quality panel
 */
public record Report(String outputDir, Instant generatedAt, List<String> segments,
    List<TableInfo> tables, List<Heatmap> heatmaps, List<Section> sections,
    List<String> clvNotIdentified, Quality quality) {

  /** Copies lists so the record stays immutable. */
  public Report {
    segments = List.copyOf(segments);
    tables = List.copyOf(tables);
    heatmaps = List.copyOf(heatmaps);
    sections = List.copyOf(sections);
    clvNotIdentified = List.copyOf(clvNotIdentified);
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
   * Cohort × period_offset retention of one segment and grain.
   *
   * @param segment the segment shown
   * @param grain the grain shown
   * @param cohorts cohort labels shown, oldest first
   * @param maxOffset largest period_offset among the cells
   * @param cells one per cohort_retention row (this segment and grain, shown cohorts)
   * @param omittedCohorts older cohorts left out to keep the page readable
   */
  public record Heatmap(String segment, String grain, List<String> cohorts, int maxOffset,
      List<Cell> cells, int omittedCohorts) {}

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

  /** How a value is formatted and what its axis says. */
  public enum Unit {
    /** A fraction shown as a percentage. */
    PERCENT("%"),
    /** An amount in the currency of the input (the job does not convert currencies). */
    MONEY("money, input currency"),
    /** A count of things. */
    COUNT("count"),
    /** A plain number (an average, a ratio of counts, a model parameter). */
    NUMBER("number"),
    /** NPS points on the scale −100 … 100. */
    POINTS("points, −100 … 100"),
    /** A duration in hours. */
    HOURS("hours"),
    /** A duration in seconds. */
    SECONDS("seconds"),
    /** A yes / no flag (1 / 0). */
    FLAG("yes / no");

    private final String axis;

    Unit(String axis) {
      this.axis = axis;
    }

    /** The unit as an axis title says it. */
    public String axis() {
      return axis;
    }
  }

  /**
   * A rendered line chart over periods (built by the renderer from a {@link Section}).
   *
   * @param table source table
   * @param title heading
   * @param grain grain shown
   * @param unit value format
   * @param yTitle y-axis title
   * @param periods x axis, oldest first
   * @param series lines
   */
  public record Chart(String table, String title, String grain, Unit unit, String yTitle,
      List<String> periods, List<Series> series) {}

  /**
   * One line: a value per period label (null or missing where undefined), and the sample size
   * behind each value where the value is a rate.
   *
   * @param name legend label
   * @param values value by period label
   * @param n sample size by period label (empty when the value has none)
   */
  public record Series(String name, Map<String, Double> values, Map<String, Double> n) {}

  /**
   * The rows of one KPI table at one grain, reduced to what the report shows: segment × period ×
   * the dimension values drawn, with the catalog's columns as doubles.
   *
   * @param spec what the table shows (see {@link Catalog})
   * @param grain grain shown
   * @param periods period labels, oldest first
   * @param dimValues dimension values kept (ALL first when the table has a roll-up), or empty
   * @param omittedDimValues dimension values left out (the smallest by the spec's weight)
   * @param points the rows
   * @param missingColumns catalog columns absent from the table (not shown)
   */
  public record Section(Catalog.Spec spec, String grain, List<String> periods,
      List<String> dimValues, int omittedDimValues, List<Point> points,
      List<String> missingColumns) {

    /** Copies lists so the record stays immutable. */
    public Section {
      periods = List.copyOf(periods);
      dimValues = List.copyOf(dimValues);
      points = List.copyOf(points);
      missingColumns = List.copyOf(missingColumns);
    }
  }

  /**
   * One row of a section: the values of the catalog's columns (a null value is NULL in the table;
   * a column absent from the map is not in the table).
   *
   * @param period period label
   * @param segment segment
   * @param dim dimension value, or null when the table has no dimension
   * @param values value by column
   */
  public record Point(String period, String segment, String dim, Map<String, Double> values) {}

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
