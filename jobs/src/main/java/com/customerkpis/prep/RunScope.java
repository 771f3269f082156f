package com.customerkpis.prep;

import static org.apache.spark.sql.functions.*;

import com.customerkpis.config.KpiParams;
import com.customerkpis.schema.Cols;
import com.customerkpis.time.Period;
import com.customerkpis.time.TimeColumns;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One run's frame of time: its periods, grain and zone. The only place that turns instants into
 * local dates and joins rows to run periods, so every KPI reads time the same way.
 */
public final class RunScope {
  private final SparkSession spark;
  private final KpiParams params;
  private final List<Period> periods;
  private Dataset<Row> periodsTable;

  /** A scope over the run periods, which must not be empty. */
  public RunScope(SparkSession spark, KpiParams params, List<Period> periods) {
    if (periods.isEmpty()) {
      throw new IllegalArgumentException("a run needs at least one period");
    }
    this.spark = spark;
    this.params = params;
    this.periods = List.copyOf(periods);
  }

  /** The session the run's relations belong to. */
  public SparkSession spark() {
    return spark;
  }

  /** The KPI parameters of the run. */
  public KpiParams params() {
    return params;
  }

  /** The run periods in order. */
  public List<Period> periodList() {
    return periods;
  }

  /** Run period labels in order. */
  public List<String> periodLabels() {
    return periods.stream().map(Period::label).toList();
  }

  /**
   * The periods table (see {@link TimeColumns#PERIODS_SCHEMA}); a small local relation that
   * Spark broadcasts in joins on its own (no hint, so full outer joins with it stay legal).
   */
  public synchronized Dataset<Row> periods() {
    if (periodsTable == null) {
      periodsTable = TimeColumns.periodsTable(spark, periods);
    }
    return periodsTable;
  }

  /** The local date of an instant column in the run's time zone. */
  public Column localDate(Column instant) {
    return TimeColumns.localDate(instant, params.zone());
  }

  /** Adds the {@code period} label of a local-date column and keeps only run periods. */
  public Dataset<Row> inRunPeriods(Dataset<Row> df, Column localDate) {
    return df.withColumn(Cols.PERIOD, params.grain().labelOf(localDate))
        .filter(col(Cols.PERIOD).isin(periodLabels().toArray()));
  }

  /**
   * Joins each row to the run periods whose local dates intersect [from, to] (DATE columns; a
   * null {@code to} means "no end"). Rows gain the periods table's columns. Candidate periods are
   * enumerated per row with a grain-stepped sequence and matched by label (a broadcast hash join),
   * so no row is compared with every period.
   */
  public Dataset<Row> joinPeriodsIntersecting(Dataset<Row> df, Column from, Column to) {
    LocalDate first = periods.get(0).firstDate();
    LocalDate last = periods.get(periods.size() - 1).lastDate();
    Column lo = greatest(from, lit(Date.valueOf(first)));
    Column hi = to == null ? lit(Date.valueOf(last))
        : least(coalesce(to, lit(Date.valueOf(last))), lit(Date.valueOf(last)));
    String step = switch (params.grain()) {
      case DAY -> "interval 1 day";
      case WEEK -> "interval 1 week";
      case MONTH -> "interval 1 month";
      case QUARTER -> "interval 3 months";
      case YEAR -> "interval 1 year";
    };
    Column starts = when(lo.leq(hi), sequence(params.grain().startOf(lo),
        params.grain().startOf(hi), expr(step)));
    return df.withColumn("_p_start", explode(starts))
        .withColumn(Cols.PERIOD, params.grain().labelOf(col("_p_start")))
        .drop("_p_start")
        .join(periods(), Cols.PERIOD);
  }
}
