package com.customerkpis.input;

import static org.apache.spark.sql.functions.*;

import com.customerkpis.input.InputReader;
import com.customerkpis.input.ParquetFooters;
import com.customerkpis.input.Reason;
import com.customerkpis.input.TableCounts;
import com.customerkpis.schema.Cols;
import com.customerkpis.input.InputTable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input tables of a run after contract checks: annotated once and persisted, so that row
 * accounting, quarantine and the KPIs all read one scan of each table.
 */
public final class InputSet implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InputSet.class);

  private final Map<InputTable, Dataset<Row>> annotated;
  private final Map<InputTable, Dataset<Row>> kept = new EnumMap<>(InputTable.class);
  private List<TableCounts> counts;

  private InputSet(Map<InputTable, Dataset<Row>> annotated) {
    this.annotated = annotated;
    annotated.forEach((t, d) -> kept.put(t, InputReader.kept(t, d)));
  }

  /**
   * Reads the present tables among {@code wanted}; contract violations throw. Absent tables are
   * left out (the caller decides whether that skips a KPI or fails the run).
   */
  public static InputSet read(SparkSession spark, String inputDir, Map<String, String> overrides,
      Set<InputTable> wanted, String segmentColumn, boolean persist) {
    Map<InputTable, Dataset<Row>> annotated = new EnumMap<>(InputTable.class);
    for (InputTable t : InputTable.values()) {
      if (!wanted.contains(t)) {
        continue;
      }
      String loc = InputReader.location(inputDir, overrides, t);
      if (!InputReader.exists(spark, loc)) {
        LOG.info("input table {} is absent at {}", t.tableName(), loc);
        continue;
      }
      // Footers first (metadata only): a bad file fails here, naming the file, not mid-job.
      ParquetFooters.check(spark, t, loc, segmentColumn);
      Dataset<Row> a = InputReader.annotate(t,
          InputReader.readConformed(spark, t, loc, segmentColumn));
      annotated.put(t, persist ? a.persist(StorageLevel.MEMORY_AND_DISK()) : a);
    }
    return new InputSet(annotated);
  }

  /** Wraps already-conformed frames (tests and callers that built them in memory). */
  public static InputSet of(Map<InputTable, Dataset<Row>> conformed) {
    Map<InputTable, Dataset<Row>> annotated = new EnumMap<>(InputTable.class);
    conformed.forEach((t, d) -> annotated.put(t, InputReader.annotate(t, d)));
    return new InputSet(annotated);
  }

  /** Present tables. */
  public Set<InputTable> present() {
    return annotated.keySet();
  }

  /** Clean, normalised rows of a present table. */
  public Optional<Dataset<Row>> kept(InputTable t) {
    return Optional.ofNullable(kept.get(t));
  }

  /** Clean tables by table. */
  public Map<InputTable, Dataset<Row>> keptTables() {
    return Map.copyOf(kept);
  }

  /**
   * Row accounting of every present table, computed once in one Spark job over all tables
   * (which also materialises the persisted inputs).
   */
  public List<TableCounts> counts() {
    if (counts == null) {
      counts = List.copyOf(computeCounts());
    }
    return counts;
  }

  private List<TableCounts> computeCounts() {
    List<TableCounts> out = new ArrayList<>();
    if (annotated.isEmpty()) {
      return out;
    }
    Dataset<Row> all = null;
    for (Map.Entry<InputTable, Dataset<Row>> e : annotated.entrySet()) {
      Dataset<Row> c = e.getValue().groupBy(col(InputReader.REASON_COL), col(InputReader.DUP_COL))
          .agg(count(lit(1)).as("n"))
          .withColumn(Cols.TABLE_NAME, lit(e.getKey().tableName()));
      all = all == null ? c : all.unionByName(c);
    }
    List<Row> rows = all.collectAsList(); // at most tables × (reasons + 2) rows
    for (InputTable t : annotated.keySet()) {
      long read = 0;
      long kept = 0;
      long dups = 0;
      Map<String, Long> q = new LinkedHashMap<>();
      for (Reason r : Reason.values()) {
        q.put(r.code(), 0L);
      }
      for (Row r : rows) {
        if (!t.tableName().equals(r.getAs(Cols.TABLE_NAME))) {
          continue;
        }
        long n = r.getAs("n");
        read += n;
        String reason = r.getAs(InputReader.REASON_COL);
        boolean dup = r.getAs(InputReader.DUP_COL);
        if (reason != null) {
          q.merge(reason, n, Long::sum);
        } else if (dup) {
          dups += n;
        } else {
          kept += n;
        }
      }
      q.values().removeIf(v -> v == 0L);
      out.add(new TableCounts(t.tableName(), read, kept, q, dups));
    }
    return out;
  }

  /** Quarantined rows of all present tables in the {@code _quarantine} layout. */
  public Optional<Dataset<Row>> quarantine(String runId) {
    return annotated.entrySet().stream()
        .map(e -> InputReader.quarantined(e.getKey(), e.getValue(), runId))
        .reduce(Dataset::unionByName);
  }

  @Override
  public void close() {
    annotated.values().forEach(Dataset::unpersist);
  }
}
