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
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input tables of a run after contract checks: each read once into a persisted, serialized
 * form with its quarantine reason, from which row accounting, the quarantine and the KPIs' clean
 * rows are derived.
 */
public final class InputSet implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InputSet.class);

  /**
   * Duplicated keys at most that are broadcast to every task when de-duplicating; above it the
   * rows are joined by a shuffle.
   */
  static final long BROADCAST_DUPLICATE_KEYS = 200_000;

  private final Map<InputTable, Dataset<Row>> checked;
  private final Map<InputTable, Dataset<Row>> kept = new EnumMap<>(InputTable.class);
  private final Map<InputTable, Long> duplicateKeys = new EnumMap<>(InputTable.class);
  /** Per keyed table with duplicates: its duplicated keys and their rows, found once. */
  private final Map<InputTable, Dataset<Row>> duplicatedKeyRows =
      new EnumMap<>(InputTable.class);
  private List<TableCounts> counts;

  private InputSet(Map<InputTable, Dataset<Row>> checked) {
    this.checked = checked;
  }

  /**
   * Reads the present tables among {@code wanted}; contract violations throw. Absent tables are
   * left out (the caller decides whether that skips a KPI or fails the run).
   *
   * @param persist keep each table's checked rows (serialized, spilling to disk) for the run
   */
  public static InputSet read(SparkSession spark, String inputDir, Map<String, String> overrides,
      Set<InputTable> wanted, String segmentColumn, boolean persist) {
    Map<InputTable, Dataset<Row>> checked = new EnumMap<>(InputTable.class);
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
      Dataset<Row> a = InputReader.withReason(t,
          InputReader.readConformed(spark, t, loc, segmentColumn));
      // Serialized: a compact cache that reads back faster than the deserialized one.
      checked.put(t, persist ? a.persist(StorageLevel.MEMORY_AND_DISK_SER()) : a);
    }
    return new InputSet(checked);
  }

  /** Wraps already-conformed frames (tests and callers that built them in memory). */
  public static InputSet of(Map<InputTable, Dataset<Row>> conformed) {
    Map<InputTable, Dataset<Row>> checked = new EnumMap<>(InputTable.class);
    conformed.forEach((t, d) -> checked.put(t, InputReader.withReason(t, d)));
    return new InputSet(checked);
  }

  /** Present tables. */
  public Set<InputTable> present() {
    return checked.keySet();
  }

  /** Clean, normalised rows of a present table (one row per key). */
  public Optional<Dataset<Row>> kept(InputTable t) {
    if (!checked.containsKey(t)) {
      return Optional.empty();
    }
    return Optional.of(kept.computeIfAbsent(t, this::buildKept));
  }

  /** Clean tables by table. */
  public Map<InputTable, Dataset<Row>> keptTables() {
    Map<InputTable, Dataset<Row>> out = new EnumMap<>(InputTable.class);
    for (InputTable t : checked.keySet()) {
      out.put(t, kept(t).orElseThrow());
    }
    return Map.copyOf(out);
  }

  private Dataset<Row> buildKept(InputTable t) {
    Dataset<Row> good = InputReader.good(checked.get(t));
    if (t.key().isPresent()) {
      counts(); // the duplicate keys it finds decide how to de-duplicate
      long dupKeys = duplicateKeys.getOrDefault(t, 0L);
      if (dupKeys > 0) {
        good = InputReader.firstPerKey(t, good,
            duplicatedKeyRows.get(t).select(t.key().orElseThrow().name()),
            dupKeys <= BROADCAST_DUPLICATE_KEYS);
      }
    }
    return InputReader.normalised(t, good);
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

  private static final String ROWS = "_rows";
  private static final String DUP_ROWS = "_dup_rows";
  private static final String DUP_KEYS = "_dup_keys";

  /**
   * Per table and reason: rows, and for good rows of a keyed table the copies beyond the first
   * of each key and the keys that have them. Keys are counted by their 64-bit hash, a fixed-width
   * aggregate far cheaper than one of the strings; equal keys have equal hashes, so a table
   * without a repeated hash has no duplicate, and only the rows of repeated hashes are counted
   * again by key ({@link #exactDuplicates}). Every table goes into one union: one job.
   */
  private List<TableCounts> computeCounts() {
    List<TableCounts> out = new ArrayList<>();
    if (checked.isEmpty()) {
      return out;
    }
    Dataset<Row> all = null;
    for (Map.Entry<InputTable, Dataset<Row>> e : checked.entrySet()) {
      InputTable t = e.getKey();
      Dataset<Row> d = e.getValue();
      Dataset<Row> c;
      if (t.key().isPresent()) {
        // Bad rows group by reason only (their key is not checked); good rows by key hash.
        c = rowsPerHash(d.select(
                when(col(InputReader.REASON_COL).isNull(), keyHash(t)).as("_k"),
                col(InputReader.REASON_COL)), col("_k"), col(InputReader.REASON_COL))
            .groupBy(col(InputReader.REASON_COL))
            .agg(sum(col("_n")).as(ROWS),
                sum(when(col(InputReader.REASON_COL).isNull().and(col("_n").gt(1)),
                    col("_n").minus(1)).otherwise(0L)).as(DUP_ROWS),
                count(when(col(InputReader.REASON_COL).isNull().and(col("_n").gt(1)), 1))
                    .as(DUP_KEYS));
      } else {
        c = d.groupBy(col(InputReader.REASON_COL)).agg(count(lit(1)).as(ROWS),
            lit(0L).as(DUP_ROWS), lit(0L).as(DUP_KEYS));
      }
      c = c.withColumn(Cols.TABLE_NAME, lit(t.tableName()));
      all = all == null ? c : all.unionByName(c);
    }
    List<Row> rows = all.collectAsList(); // at most tables × (reasons + 1) rows
    for (InputTable t : checked.keySet()) {
      long read = 0;
      long kept = 0;
      long dups = 0;
      long dupKeys = 0;
      Map<String, Long> q = new LinkedHashMap<>();
      for (Reason r : Reason.values()) {
        q.put(r.code(), 0L);
      }
      for (Row r : rows) {
        if (!t.tableName().equals(r.getAs(Cols.TABLE_NAME))) {
          continue;
        }
        long n = ((Number) r.getAs(ROWS)).longValue();
        read += n;
        String reason = r.getAs(InputReader.REASON_COL);
        if (reason != null) {
          q.merge(reason, n, Long::sum);
        } else {
          long d = ((Number) r.getAs(DUP_ROWS)).longValue();
          dups += d;
          kept += n - d;
          dupKeys += ((Number) r.getAs(DUP_KEYS)).longValue();
        }
      }
      q.values().removeIf(v -> v == 0L);
      if (dupKeys > 0) {
        // Repeated hashes: count their rows again by key (a hash collision is not a duplicate).
        long[] exact = exactDuplicates(t);
        kept += dups - exact[0];
        dups = exact[0];
        dupKeys = exact[1];
      }
      duplicateKeys.put(t, dupKeys);
      out.add(new TableCounts(t.tableName(), read, kept, q, dups));
    }
    return out;
  }

  /**
   * Rows ({@code _n}) per value of {@code keys}, whose first column is a key hash. Nearly every
   * hash is unique within an input split, so an aggregation before the shuffle would fill a hash
   * map as large as its input and reduce nothing: the rows are shuffled first and counted once
   * (the read stage's counts of 11.75 M events: 5.8 s to 4.6 s, docs/performance.md).
   */
  private static Dataset<Row> rowsPerHash(Dataset<Row> rows, Column... keys) {
    return rows.repartition(keys).groupBy(keys).agg(count(lit(1)).as("_n"));
  }

  /** The 64-bit hash of a keyed table's key. */
  private static Column keyHash(InputTable t) {
    return xxhash64(col(t.key().orElseThrow().name()));
  }

  /**
   * Copies beyond the first and keys with copies, counted by key among the good rows whose key
   * hash repeats (one small aggregate row). The duplicated keys are kept (persisted, a small
   * table) for de-duplicating: every plan that reads the table then joins them instead of
   * aggregating all its keys again.
   */
  private long[] exactDuplicates(InputTable t) {
    Dataset<Row> good = InputReader.good(checked.get(t));
    Dataset<Row> repeated = rowsPerHash(good.select(keyHash(t).as("_h")), col("_h"))
        .filter(col("_n").gt(1)).select("_h");
    Dataset<Row> dupKeys = InputReader.keyCounts(t,
            good.withColumn("_h", keyHash(t)).join(repeated, "_h"))
        .filter(col(InputReader.KEY_ROWS).gt(1))
        .persist(StorageLevel.MEMORY_AND_DISK_SER());
    duplicatedKeyRows.put(t, dupKeys);
    Row r = dupKeys
        .agg(coalesce(sum(col(InputReader.KEY_ROWS).minus(1)), lit(0L)), count(lit(1)))
        .first();
    return new long[] {((Number) r.get(0)).longValue(), r.getLong(1)};
  }

  /** Quarantined rows of all present tables in the {@code _quarantine} layout. */
  public Optional<Dataset<Row>> quarantine(String runId) {
    return checked.entrySet().stream()
        .map(e -> InputReader.quarantined(e.getKey(), e.getValue(), runId))
        .reduce(Dataset::unionByName);
  }

  @Override
  public void close() {
    checked.values().forEach(Dataset::unpersist);
    duplicatedKeyRows.values().forEach(Dataset::unpersist);
  }
}
