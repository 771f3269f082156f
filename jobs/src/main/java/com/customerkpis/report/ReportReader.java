package com.customerkpis.report;

import static org.apache.spark.sql.functions.*;

import com.customerkpis.clv.ClvModels;
import com.customerkpis.kpi.ClvCustomer;
import com.customerkpis.kpi.ClvModel;
import com.customerkpis.kpi.CohortRetention;
import com.customerkpis.kpi.KpiRegistry;
import com.customerkpis.report.Report.Cell;
import com.customerkpis.report.Report.Heatmap;
import com.customerkpis.report.Report.InputCounts;
import com.customerkpis.report.Report.LastRun;
import com.customerkpis.report.Report.Quality;
import com.customerkpis.report.Report.QuarantineCount;
import com.customerkpis.report.Report.Point;
import com.customerkpis.report.Report.Section;
import com.customerkpis.report.Report.TableInfo;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import com.customerkpis.output.OutputTables;

/**
 * Reads the Delta tables under an output root into a {@link Report}. Every Spark job here ends in
 * a small aggregate (per period, segment and at most {@link #MAX_DIM_VALUES} dimension values):
 * clv_customer, one row per buyer, is aggregated in Spark and its rows are never collected.
 */
public final class ReportReader {
  /** The KPI output tables, in the order of the output contract. */
  public static final List<String> KPI_TABLES = KpiRegistry.names();
  /** Most recent cohorts shown in the heatmap (day or week grains have many). */
  static final int MAX_COHORTS = 36;
  /** Dimension values (channels, pages, platforms) kept besides ALL, the largest first. */
  static final int MAX_DIM_VALUES = 8;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WEIGHT = "_weight";
  private static final String FIRST_START = "_first_start";

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
      if (info.present() && !info.grains().isEmpty()) {
        // The last run's grain when the table has it, else the table's most frequent one.
        String preferred = last == null ? null : last.grain();
        grainOf.put(t, info.grains().contains(preferred) ? preferred : info.grains().get(0));
      }
    }
    Set<String> segments = new TreeSet<>();
    List<Heatmap> heatmaps = grainOf.containsKey(CohortRetention.TABLE)
        ? heatmaps(grainOf.get(CohortRetention.TABLE)) : List.of();
    heatmaps.forEach(h -> segments.add(h.segment()));
    List<Section> sections = new ArrayList<>();
    for (Catalog.Spec spec : Catalog.all()) {
      if (!spec.table().equals(CohortRetention.TABLE) && grainOf.containsKey(spec.table())) {
        Section s = section(spec, grainOf.get(spec.table()));
        s.points().forEach(p -> segments.add(p.segment()));
        sections.add(s);
      }
    }
    List<String> notIdentified = grainOf.containsKey(ClvModel.TABLE)
        ? notIdentified(grainOf.get(ClvModel.TABLE)) : List.of();
    List<String> segs = new ArrayList<>();
    segs.add(Cols.ALL);
    segments.stream().filter(x -> !x.equals(Cols.ALL)).forEach(segs::add);
    return new Report(root, Instant.now(), segs, tables, heatmaps, sections, notIdentified,
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

  private Dataset<Row> atGrain(String table, String grain) {
    return load(table).filter(col(Cols.GRAIN).equalTo(grain));
  }

  private List<Heatmap> heatmaps(String grain) {
    Dataset<Row> rows = atGrain(CohortRetention.TABLE, grain);
    List<String> cohorts = rows.select(Cols.COHORT).distinct()
        .orderBy(Cols.COHORT).collectAsList().stream().map(r -> r.getString(0))
        .toList();
    int omitted = Math.max(0, cohorts.size() - MAX_COHORTS);
    List<String> shown = cohorts.subList(omitted, cohorts.size());
    Map<String, List<Cell>> bySegment = new TreeMap<>();
    if (!shown.isEmpty()) {
      for (Row r : rows.filter(col(Cols.COHORT).isin(shown.toArray()))
          .select(col(Cols.SEGMENT), col(Cols.COHORT),
              col(Cols.PERIOD_OFFSET), col(Cols.PERIOD),
              col(Cols.COHORT_SIZE), col(Cols.ACTIVE_CUSTOMERS),
              col(Cols.RETENTION_RATE))
          .orderBy(Cols.SEGMENT, Cols.COHORT, Cols.PERIOD_OFFSET)
          .collectAsList()) {
        bySegment.computeIfAbsent(r.getString(0), k -> new ArrayList<>())
            .add(new Cell(r.getString(1), r.getInt(2), r.getString(3), r.getLong(4),
                r.getLong(5), r.isNullAt(6) ? null : r.getDouble(6)));
      }
    }
    List<Heatmap> out = new ArrayList<>();
    bySegment.forEach((segment, cells) -> {
      List<String> own = shown.stream()
          .filter(c -> cells.stream().anyMatch(x -> x.cohort().equals(c))).toList();
      int maxOffset = cells.stream().mapToInt(Cell::offset).max().orElse(0);
      out.add(new Heatmap(segment, grain, own, maxOffset, cells, omitted));
    });
    return out;
  }

  /** clv_customer reduced in Spark to one row per period and segment (ALL added). */
  private Dataset<Row> clvCustomerAggregate(String grain) {
    Dataset<Row> c = atGrain(ClvCustomer.TABLE, grain);
    Column predicted = col(Cols.PREDICTED_CLV);
    Column[] aggs = {
        min(col(Cols.PERIOD_START)).as(Cols.PERIOD_START),
        count(lit(1)).cast("double").as(Catalog.CLV_BUYERS),
        count(predicted).cast("double").as(Catalog.CLV_SCORED),
        sum(when(predicted.isNull(), 1.0).otherwise(0.0)).as(Catalog.CLV_UNSCORED),
        sum(col(Cols.REVENUE_TO_DATE)).cast("double").as(Catalog.CLV_REVENUE_SUM),
        avg(col(Cols.P_ALIVE)).as(Catalog.CLV_P_ALIVE_AVG),
        avg(predicted).as(Catalog.CLV_PREDICTED_AVG),
        sum(predicted).as(Catalog.CLV_PREDICTED_SUM)};
    Column[] rest = Arrays.copyOfRange(aggs, 1, aggs.length);
    // Customers sit in their own segment only, so the ALL roll-up is computed here.
    Dataset<Row> bySegment = c.groupBy(col(Cols.PERIOD), col(Cols.SEGMENT)).agg(aggs[0], rest);
    Dataset<Row> all = c.groupBy(col(Cols.PERIOD)).agg(aggs[0], rest)
        .withColumn(Cols.SEGMENT, lit(Cols.ALL));
    return bySegment.unionByName(all);
  }

  /**
   * A section: per period, segment and kept dimension value, the spec's columns as doubles.
   * Dimension values are ranked by the spec's weight summed over every period and segment.
   */
  private Section section(Catalog.Spec spec, String grain) {
    Dataset<Row> d = spec.table().equals(ClvCustomer.TABLE) ? clvCustomerAggregate(grain)
        : atGrain(spec.table(), grain);
    List<String> cols = Arrays.asList(d.columns());
    for (Map.Entry<String, String> f : spec.fixed().entrySet()) {
      if (cols.contains(f.getKey())) {
        d = d.filter(col(f.getKey()).equalTo(f.getValue()));
      }
    }
    List<String> missing = new ArrayList<>();
    List<String> wanted = new ArrayList<>(spec.columns());
    if (spec.dim() != null) {
      wanted.add(spec.dim());
    }
    wanted.stream().filter(c -> !cols.contains(c)).forEach(missing::add);
    if (spec.dim() != null && missing.contains(spec.dim())) {
      return new Section(spec, grain, periods(d), List.of(), 0, List.of(), missing);
    }
    List<String> dims = new ArrayList<>();
    int omitted = 0;
    if (spec.dim() != null) {
      Column w = spec.weight() != null && cols.contains(spec.weight())
          ? sum(col(spec.weight())) : count(lit(1));
      List<String> ranked = d.filter(col(spec.dim()).notEqual(Cols.ALL)).groupBy(spec.dim())
          .agg(w.as(WEIGHT)).orderBy(col(WEIGHT).desc(), col(spec.dim())).collectAsList()
          .stream().map(r -> r.getString(0)).toList();
      if (spec.rollup()) {
        dims.add(Cols.ALL);
      }
      dims.addAll(ranked.subList(0, Math.min(MAX_DIM_VALUES, ranked.size())));
      omitted = ranked.size() - Math.min(MAX_DIM_VALUES, ranked.size());
      d = d.filter(col(spec.dim()).isin(dims.toArray()));
    }
    List<String> present = spec.columns().stream().filter(cols::contains).toList();
    List<Column> select = new ArrayList<>(List.of(col(Cols.PERIOD), col(Cols.SEGMENT),
        spec.dim() == null ? lit(null).cast("string") : col(spec.dim()),
        col(Cols.PERIOD_START)));
    present.forEach(c -> select.add(col(c).cast("double")));
    List<Point> points = new ArrayList<>();
    // Period order from the rows themselves: one Spark job fewer per table.
    Map<String, java.sql.Date> starts = new TreeMap<>();
    for (Row r : d.select(select.toArray(Column[]::new)).collectAsList()) {
      Map<String, Double> values = new LinkedHashMap<>();
      for (int i = 0; i < present.size(); i++) {
        values.put(present.get(i), r.isNullAt(4 + i) ? null : r.getDouble(4 + i));
      }
      points.add(new Point(r.getString(0), r.getString(1), r.getString(2), values));
      starts.merge(r.getString(0), r.getDate(3), (a, b) -> a.before(b) ? a : b);
    }
    List<String> periods = starts.entrySet().stream()
        .sorted(Map.Entry.<String, java.sql.Date>comparingByValue()
            .thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey).toList();
    return new Section(spec, grain, periods, dims, omitted, points, missing);
  }

  private static List<String> periods(Dataset<Row> d) {
    return d.groupBy(Cols.PERIOD).agg(min(Cols.PERIOD_START).as(FIRST_START))
        .orderBy(FIRST_START, Cols.PERIOD).collectAsList().stream().map(r -> r.getString(0))
        .toList();
  }

  /** Periods whose BG/NBD fit did not converge, oldest first. */
  private List<String> notIdentified(String grain) {
    Dataset<Row> m = atGrain(ClvModel.TABLE, grain);
    if (!Arrays.asList(m.columns()).contains(ClvModels.CONVERGED)) {
      return List.of();
    }
    return m.filter(col(ClvModels.MODEL).equalTo(ClvModels.BGNBD)
            .and(not(coalesce(col(ClvModels.CONVERGED), lit(false)))))
        .select(col(Cols.PERIOD), col(Cols.PERIOD_START)).distinct()
        .orderBy(Cols.PERIOD_START, Cols.PERIOD).collectAsList().stream()
        .map(r -> r.getString(0)).toList();
  }

  private LastRun lastRun() {
    if (!exists(OutputTables.RUNS)) {
      return null;
    }
    List<Row> rows = load(OutputTables.RUNS).orderBy(col("started_at").desc()).limit(1)
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
    if (!exists(OutputTables.QUARANTINE)) {
      return List.of();
    }
    String lastId = last == null ? "" : last.runId();
    return load(OutputTables.QUARANTINE).groupBy(Cols.TABLE_NAME, Cols.REASON)
        .agg(sum(when(col(Cols.RUN_ID).equalTo(lastId), 1L).otherwise(0L)).as("last"),
            count(lit(1)).as("all"))
        .orderBy(Cols.TABLE_NAME, Cols.REASON).collectAsList().stream()
        .map(r -> new QuarantineCount(r.getString(0), r.getString(1), r.getLong(2), r.getLong(3)))
        .toList();
  }
}
