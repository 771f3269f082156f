package com.customerkpis.output;

import static org.apache.spark.sql.functions.col;

import com.customerkpis.schema.Cols;
import io.delta.tables.DeltaTable;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one Delta writer: KPI tables replace exactly their periods, audit tables append. */
public final class DeltaSink {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaSink.class);

  private DeltaSink() {}

  /**
   * Replaces the given periods of the table at {@code path} with {@code rows} in one atomic
   * commit (Delta {@code replaceWhere}), creating the table partitioned by period and segment if
   * needed. Returns the rows written, read from the commit's metrics rather than by recounting.
   * A table created at the same moment by another run (disjoint periods) is retried; another
   * run's commit of the same periods ends in {@link ConcurrentRunException}.
   */
  public static long replacePeriods(SparkSession spark, Dataset<Row> rows, String path,
      List<String> periods, String runId) {
    List<String> head = Arrays.asList(rows.columns()).subList(0,
        Math.min(OutputTables.COMMON_COLUMNS.size(), rows.columns().length));
    if (!head.equals(OutputTables.COMMON_COLUMNS)) {
      throw new IllegalArgumentException("output for " + path + " must start with "
          + OutputTables.COMMON_COLUMNS + " but starts with " + head);
    }
    if (periods.isEmpty()) {
      throw new IllegalArgumentException("no periods to replace in " + path);
    }
    String predicate = Cols.PERIOD + " IN (" + periods.stream()
        .map(p -> "'" + p.replace("'", "''") + "'").collect(Collectors.joining(", ")) + ")";
    // Creates the table with its description and column comments (a concurrent creation by
    // another run is tolerated there), so the write below never races to create it.
    ensureTable(spark, path, rows.schema(), Cols.PERIOD, Cols.SEGMENT);
    for (int attempt = 1; ; attempt++) {
      long before = committedVersion(spark, path);
      // Existed = had a committed version before this attempt (a table another run is still
      // creating has a log folder but no version yet, and counts as absent).
      boolean existed = before >= 0;
      try {
        rows.write().format("delta").mode(SaveMode.Overwrite)
            .partitionBy(Cols.PERIOD, Cols.SEGMENT)
            .option("replaceWhere", predicate)
            .option("userMetadata", runId)
            .save(path);
        return commitOutputRows(spark, path, runId, before);
      } catch (RuntimeException e) {
        if (creationInFlight(e) && attempt < MAX_ATTEMPTS) {
          // Another run's creation of this table is not committed yet; nothing was written here.
          LOG.warn("table {}: being created by another run; retrying ({}/{})", path, attempt,
              MAX_ATTEMPTS - 1);
          awaitCreation(spark, path);
          continue;
        }
        java.util.ConcurrentModificationException conflict = conflict(e);
        if (conflict == null) {
          throw e;
        }
        String kind = conflict.getClass().getSimpleName();
        // A concurrent run updating the table's comments changes metadata, not rows: retry.
        if (kind.equals("MetadataChangedException") && attempt < MAX_ATTEMPTS) {
          LOG.warn("table {}: metadata changed by another run; retrying ({}/{})", path, attempt,
              MAX_ATTEMPTS - 1);
          continue;
        }
        // Another run committed rows of these periods first: replacing them now would hide its
        // version behind ours without either run knowing; the operator decides instead.
        if (existed || hasRows(spark, path, predicate)) {
          throw new ConcurrentRunException("table " + path + ": another run wrote the same "
              + "period(s) " + periods + " at the same time (" + kind + "); this run's rows "
              + "were not committed there and the table holds the other run's complete version. "
              + "Re-run this run's command once the other run has finished.", e);
        }
        if (attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        // Both runs created the table at once (disjoint periods): the first creation won, and
        // writing our periods into it is what a slightly later run would have done.
        LOG.warn("table {}: created concurrently by another run ({}); retrying ({}/{})", path,
            kind, attempt, MAX_ATTEMPTS - 1);
      }
    }
  }

  /** Writes tried at most, when a concurrent run created the table or changed its metadata. */
  static final int MAX_ATTEMPTS = 4;

  /** Appends rows to an audit table (one commit), partitioned by the given columns. */
  public static void append(Dataset<Row> rows, String path, String runId, String... partitionBy) {
    ensureTable(rows.sparkSession(), path, rows.schema(), partitionBy);
    for (int attempt = 1; ; attempt++) {
      var w = rows.write().format("delta").mode(SaveMode.Append).option("userMetadata", runId);
      if (partitionBy.length > 0) {
        w = w.partitionBy(partitionBy);
      }
      try {
        w.save(path);
        return;
      } catch (RuntimeException e) {
        // A failed commit wrote nothing, so retrying a blind append never duplicates rows; the
        // usual conflict is two runs creating the audit table at once (seen either as a commit
        // conflict or as the table "not found" while the other run's creation is in flight).
        boolean creating = creationInFlight(e);
        if ((conflict(e) == null && !creating) || attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        LOG.warn("table {}: concurrent commit ({}); retrying ({}/{})", path,
            creating ? "creation in flight" : conflict(e).getClass().getSimpleName(), attempt,
            MAX_ATTEMPTS - 1);
        awaitCreation(rows.sparkSession(), path);
      }
    }
  }

  /**
   * True when Delta reported the table missing although its log folder exists: another run
   * created the folder and has not committed version 0 yet.
   */
  static boolean creationInFlight(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && m.contains("DELTA_TABLE_NOT_FOUND")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** Tables being created by this JVM, each creation holding its path's lock. */
  private static final java.util.concurrent.ConcurrentHashMap<String, Object> CREATING =
      new java.util.concurrent.ConcurrentHashMap<>();
  /** How long a write waits for another run's creation of its table to commit. */
  static final long CREATION_WAIT_MS = 20_000;

  /**
   * Creates the table if needed. Runs in one JVM (threads of a test, an embedding scheduler)
   * create a table one at a time, so none sees a log folder without a committed version; runs in
   * other processes are covered by {@link #awaitCreation}.
   */
  private static void ensureTable(SparkSession spark, String path, StructType schema,
      String... partitionBy) {
    synchronized (CREATING.computeIfAbsent(path, k -> new Object())) {
      TableDocs.ensure(spark, path, schema, partitionBy);
    }
  }

  /** Waits until another run's creation of the table has committed version 0 (or a timeout). */
  private static void awaitCreation(SparkSession spark, String path) {
    long deadline = System.currentTimeMillis() + CREATION_WAIT_MS;
    try {
      do {
        Thread.sleep(200);
      } while (committedVersion(spark, path) < 0 && System.currentTimeMillis() < deadline);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + path, ie);
    }
  }

  /** Delta's optimistic-concurrency conflict in the cause chain, or null. */
  static java.util.ConcurrentModificationException conflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.util.ConcurrentModificationException c
          && c.getClass().getName().contains("delta")) {
        return c;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static boolean hasRows(SparkSession spark, String path, String predicate) {
    if (committedVersion(spark, path) < 0) {
      return false;
    }
    return !spark.read().format("delta").load(path).where(predicate).limit(1).isEmpty();
  }

  /** The table's latest committed version, or -1 when it has none (yet). */
  private static long committedVersion(SparkSession spark, String path) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return -1;
    }
    try {
      return latestVersion(spark, path);
    } catch (RuntimeException e) {
      // DELTA_TABLE_NOT_FOUND while another run's creation commit is in flight.
      return -1;
    }
  }

  private static long latestVersion(SparkSession spark, String path) {
    return DeltaTable.forPath(spark, path).history(1).first().getLong(0);
  }

  /**
   * numOutputRows of this run's own commit (the newest after version {@code before} whose
   * {@code userMetadata} is the run id), not of the latest commit, which under concurrency may
   * be another run's. No such commit means Delta skipped an empty write that replaced nothing: 0.
   */
  public static long commitOutputRows(SparkSession spark, String path, String runId,
      long before) {
    // Only a handful of commits can land between this run's write and this read. The history is
    // a local relation: filtering and collecting it starts no Spark job (sorting it would).
    List<Row> rs = DeltaTable.forPath(spark, path).history(HISTORY_SCAN)
        .filter(col("version").gt(before).and(col("userMetadata").equalTo(runId)))
        .select(col("version"), col("operationMetrics").getItem("numOutputRows"))
        .collectAsList();
    Row own = null;
    for (Row r : rs) {
      if (own == null || r.getLong(0) > own.getLong(0)) {
        own = r;
      }
    }
    return own == null || own.isNullAt(1) ? 0L : Long.parseLong(own.getString(1));
  }

  /** Newest commits searched for this run's own. */
  static final int HISTORY_SCAN = 50;

}
