package com.customerkpis.report;

import static org.apache.spark.sql.functions.*;

import com.customerkpis.job.KpiJob;
import com.customerkpis.report.Report.Cell;
import com.customerkpis.report.Report.Chart;
import com.customerkpis.report.Report.Heatmap;
import com.customerkpis.report.Report.InputCounts;
import com.customerkpis.report.Report.LastRun;
import com.customerkpis.report.Report.Quality;
import com.customerkpis.report.Report.QuarantineCount;
import com.customerkpis.report.Report.Series;
import com.customerkpis.report.Report.TableInfo;
import com.customerkpis.report.Report.Unit;
import com.customerkpis.schema.Cols;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the Delta tables under an output root into a {@link Report}; every Spark job here ends in
 * a small aggregate or a segment-ALL slice, so only small results are collected.
 */
public final class ReportReader {
  /** The output tables of SPEC §4, in its order. */
  public static final List<String> KPI_TABLES = List.of("cohort_retention", "customer_churn",
      "conversion_by_channel", "conversion_by_landing_page", "csat_by_channel", "clv_customer",
      "clv_model", "clv_summary", "nps", "ces", "repeat_purchase", "acquisition", "support",
      "engagement", "active_users", "mrr", "sentiment", "advocacy");
  /** Most recent cohorts shown in the heatmap (day or week grains have many). */
  static final int MAX_COHORTS = 36;
  /** Channels drawn per chart besides ALL, the largest first. */
  static final int MAX_CHANNELS = 8;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SparkSession spark;
  private final String root;

  private ReportReader(SparkSession spark, String root) {
    this.spark = spark;
    this.root = root.replaceAll("/+$", "");
  }

  /** Reads everything the report shows from the output root. */
  public static Report read(SparkSession spark, String outputRoot) {
    return new ReportReader(spark, outputRoot).read();
  }

  private Report read() {
    LastRun last = lastRun();
    List<TableInfo> tables = new ArrayList<>();
    Map<String, String> grainOf = new LinkedHashMap<>();
    for (String t : KPI_TABLES) {
      TableInfo info = info(t);
      tables.add(info);
      if (info.present()) {
        // The last run's grain when the table has it, else the table's most frequent one.
        String preferred = last == null ? null : last.grain();
        grainOf.put(t, info.grains().contains(preferred) || info.grains().isEmpty() ? preferred
            : info.grains().get(0));
      }
    }
    Heatmap heatmap = grainOf.containsKey("cohort_retention")
        ? heatmap(grainOf.get("cohort_retention")) : null;
    List<Chart> charts = new ArrayList<>();
    if (grainOf.containsKey("customer_churn")) {
      charts.add(chart("customer_churn", "Churn rate", grainOf.get("customer_churn"),
          Unit.PERCENT, null, null, "churn_rate"));
    }
    if (grainOf.containsKey("conversion_by_channel")) {
      charts.add(chart("conversion_by_channel", "Conversion rate by channel",
          grainOf.get("conversion_by_channel"), Unit.PERCENT, Cols.CHANNEL, "sessions",
          "conversion_rate"));
    }
    if (grainOf.containsKey("csat_by_channel")) {
      charts.add(chart("csat_by_channel", "CSAT by channel", grainOf.get("csat_by_channel"),
          Unit.PERCENT, Cols.CHANNEL, "responses", "csat"));
    }
    if (grainOf.containsKey("clv_summary")) {
      charts.add(chart("clv_summary", "Customer lifetime value", grainOf.get("clv_summary"),
          Unit.MONEY, null, null, "historical_clv", "formula_clv", "predicted_clv"));
    }
    if (grainOf.containsKey("mrr")) {
      charts.add(chart("mrr", "Monthly recurring revenue", grainOf.get("mrr"), Unit.MONEY, null,
          null, "mrr_end", "new_mrr", "churned_mrr"));
    }
    return new Report(root, Instant.now(), tables, heatmap, charts,
        new Quality(last, quarantine(last)));
  }

  private boolean exists(String table) {
    return DeltaTable.isDeltaTable(spark, root + "/" + table);
  }

  private Dataset<Row> load(String table) {
    return spark.read().format("delta").load(root + "/" + table);
  }

  private TableInfo info(String table) {
    if (!exists(table)) {
      return new TableInfo(table, false, 0, List.of(), null, null);
    }
    List<Row> byGrain = load(table).groupBy(Cols.GRAIN)
        .agg(count(lit(1)).as("n"),
            min(struct(col(Cols.PERIOD_START), col(Cols.PERIOD))).getField(Cols.PERIOD),
            max(struct(col(Cols.PERIOD_START), col(Cols.PERIOD))).getField(Cols.PERIOD))
        .orderBy(col("n").desc()).collectAsList();
    long rows = byGrain.stream().mapToLong(r -> r.getLong(1)).sum();
    List<String> grains = byGrain.stream().map(r -> r.getString(0)).toList();
    // With one grain (the usual case) the range is exact; with several, that of the largest.
    String first = byGrain.isEmpty() ? null : byGrain.get(0).getString(2);
    String lastP = byGrain.isEmpty() ? null : byGrain.get(0).getString(3);
    return new TableInfo(table, true, rows, grains, first, lastP);
  }

  private Dataset<Row> allSlice(String table, String grain) {
    return load(table).filter(col(Cols.SEGMENT).equalTo(Cols.ALL)
        .and(col(Cols.GRAIN).equalTo(grain)));
  }

  private Heatmap heatmap(String grain) {
    Dataset<Row> all = allSlice("cohort_retention", grain);
    List<String> cohorts = all.select("cohort").distinct().orderBy("cohort").collectAsList()
        .stream().map(r -> r.getString(0)).toList();
    int omitted = Math.max(0, cohorts.size() - MAX_COHORTS);
    List<String> shown = cohorts.subList(omitted, cohorts.size());
    List<Cell> cells = new ArrayList<>();
    int maxOffset = 0;
    if (!shown.isEmpty()) {
      for (Row r : all.filter(col("cohort").isin(shown.toArray()))
          .select("cohort", "period_offset", Cols.PERIOD, "cohort_size", "active_customers",
              "retention_rate")
          .orderBy("cohort", "period_offset").collectAsList()) {
        Cell c = new Cell(r.getString(0), r.getInt(1), r.getString(2), r.getLong(3),
            r.getLong(4), r.isNullAt(5) ? null : r.getDouble(5));
        cells.add(c);
        maxOffset = Math.max(maxOffset, c.offset());
      }
    }
    return new Heatmap(grain, shown, maxOffset, cells, omitted);
  }

  /**
   * A chart of segment ALL: one line per value column, or with {@code dim} one line per
   * dimension value of the single value column (ALL and the largest by {@code weight}).
   */
  private Chart chart(String table, String title, String grain, Unit unit, String dim,
      String weight, String... values) {
    Dataset<Row> all = allSlice(table, grain);
    List<String> cols = Arrays.asList(all.columns());
    List<String> needed = new ArrayList<>(List.of(values));
    if (dim != null) {
      needed.add(dim);
      needed.add(weight);
    }
    List<String> missing = needed.stream().filter(c -> !cols.contains(c)).toList();
    if (!missing.isEmpty()) {
      return new Chart(table, title, grain, unit, List.of(), List.of(),
          "not drawn: column(s) " + missing + " missing in " + table);
    }
    List<String> periods = all.groupBy(Cols.PERIOD).agg(min(Cols.PERIOD_START).as("s"))
        .orderBy("s").collectAsList().stream().map(r -> r.getString(0)).toList();
    List<Series> series = new ArrayList<>();
    String note = null;
    if (dim == null) {
      Map<String, Map<String, Double>> byCol = new LinkedHashMap<>();
      for (String v : values) {
        byCol.put(v, new TreeMap<>());
      }
      Column[] asDoubles = Arrays.stream(values).map(v -> col(v).cast("double"))
          .toArray(Column[]::new);
      for (Row r : all.select(col(Cols.PERIOD), array(asDoubles)).collectAsList()) {
        List<Double> xs = r.getList(1);
        for (int i = 0; i < values.length; i++) {
          byCol.get(values[i]).put(r.getString(0), xs.get(i));
        }
      }
      byCol.forEach((name, v) -> series.add(new Series(name, v)));
    } else {
      Dataset<Row> sliced = all.filter(col(dim).isNotNull());
      List<String> dims = sliced.filter(col(dim).notEqual(Cols.ALL)).groupBy(dim)
          .agg(sum(col(weight)).as("w")).orderBy(col("w").desc(), col(dim))
          .collectAsList().stream().map(r -> r.getString(0)).toList();
      List<String> shown = new ArrayList<>();
      shown.add(Cols.ALL);
      shown.addAll(dims.subList(0, Math.min(MAX_CHANNELS, dims.size())));
      if (dims.size() > MAX_CHANNELS) {
        note = (dims.size() - MAX_CHANNELS) + " smaller " + dim + " value(s) not drawn";
      }
      Map<String, Map<String, Double>> byDim = new LinkedHashMap<>();
      shown.forEach(d -> byDim.put(d, new TreeMap<>()));
      for (Row r : sliced.filter(col(dim).isin(shown.toArray()))
          .select(col(dim), col(Cols.PERIOD), col(values[0]).cast("double")).collectAsList()) {
        byDim.get(r.getString(0)).put(r.getString(1), r.isNullAt(2) ? null : r.getDouble(2));
      }
      byDim.forEach((name, v) -> series.add(new Series(name, v)));
    }
    return new Chart(table, title, grain, unit, periods, series, note);
  }

  private LastRun lastRun() {
    if (!exists(KpiJob.RUNS_TABLE)) {
      return null;
    }
    List<Row> rows = load(KpiJob.RUNS_TABLE).orderBy(col("started_at").desc()).limit(1)
        .collectAsList();
    if (rows.isEmpty()) {
      return null;
    }
    Row r = rows.get(0);
    List<InputCounts> inputs = new ArrayList<>();
    List<Row> in = r.isNullAt(r.fieldIndex("inputs")) ? List.of() : r.getList(r.fieldIndex("inputs"));
    for (Row i : in) {
      Map<String, Long> q = i.isNullAt(3) ? Map.of() : new TreeMap<>(i.<String, Long>getJavaMap(3));
      inputs.add(new InputCounts(i.getString(0), i.getLong(1), i.getLong(2), q, i.getLong(4)));
    }
    Map<String, Long> outputs = r.isNullAt(r.fieldIndex("outputs")) ? Map.of()
        : new TreeMap<>(r.<String, Long>getJavaMap(r.fieldIndex("outputs")));
    List<String> periods = r.isNullAt(r.fieldIndex("periods")) ? List.of()
        : List.copyOf(r.<String>getList(r.fieldIndex("periods")));
    return new LastRun(r.getAs(Cols.RUN_ID), r.getAs("status"),
        instant(r.getAs("started_at")), instant(r.getAs("finished_at")), r.getAs("grain"),
        periods, r.getAs("arguments"), r.getAs("error"), inputs, outputs,
        skipped(r.getAs("summary_json")));
  }

  private static Instant instant(java.sql.Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  /** The "skipped" object of the run's JSON summary (not a column of {@code _runs}). */
  private static Map<String, String> skipped(String summaryJson) {
    Map<String, String> out = new TreeMap<>();
    if (summaryJson == null) {
      return out;
    }
    try {
      JsonNode s = JSON.readTree(summaryJson).path("skipped");
      s.fieldNames().forEachRemaining(k -> out.put(k, s.get(k).asText()));
    } catch (IOException e) {
      out.put("?", "unreadable run summary: " + e.getMessage());
    }
    return out;
  }

  private List<QuarantineCount> quarantine(LastRun last) {
    if (!exists(KpiJob.QUARANTINE_TABLE)) {
      return List.of();
    }
    String lastId = last == null ? "" : last.runId();
    return load(KpiJob.QUARANTINE_TABLE).groupBy(Cols.TABLE_NAME, Cols.REASON)
        .agg(sum(when(col(Cols.RUN_ID).equalTo(lastId), 1L).otherwise(0L)).as("last"),
            count(lit(1)).as("all"))
        .orderBy(Cols.TABLE_NAME, Cols.REASON).collectAsList().stream()
        .map(r -> new QuarantineCount(r.getString(0), r.getString(1), r.getLong(2), r.getLong(3)))
        .toList();
  }
}
