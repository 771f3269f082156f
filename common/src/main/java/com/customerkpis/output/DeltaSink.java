package com.customerkpis.output;

import static org.apache.spark.sql.functions.col;

import com.customerkpis.schema.Cols;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
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
    // One task per (period, segment), hence one file per partition directory: without it every
    // task of the last shuffle writes a file into every partition it holds (clv_customer wrote
    // 1,152 files for 90 partitions at 100k customers), and the layout follows the shuffle.
    Dataset<Row> laidOut = rows.repartition(col(Cols.PERIOD), col(Cols.SEGMENT));
    for (int attempt = 1; ; attempt++) {
      long before = committedVersion(spark, path);
      // Existed = had a committed version before this attempt (a table another run is still
      // creating has a log folder but no version yet, and counts as absent).
      boolean existed = before >= 0;
      try {
        laidOut.write().format("delta").mode(SaveMode.Overwrite)
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

  /**
   * The table's latest committed version, or -1 when it has none (yet): the highest numbered
   * commit file in its {@code _delta_log}, listed rather than read through the table's history,
   * which would start a Spark job per call.
   */
  static long committedVersion(SparkSession spark, String path) {
    try {
      Path log = new Path(path, "_delta_log");
      FileSystem fs = log.getFileSystem(spark.sessionState().newHadoopConf());
      if (!fs.exists(log)) {
        return -1;
      }
      long latest = -1;
      for (FileStatus f : fs.listStatus(log)) {
        Matcher m = COMMIT_FILE.matcher(f.getPath().getName());
        if (m.matches()) {
          latest = Math.max(latest, Long.parseLong(m.group(1)));
        }
      }
      return latest;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the Delta log of " + path, e);
    }
  }

  /** A commit file of the Delta log: its version, zero-padded to 20 digits. */
  private static final Pattern COMMIT_FILE = Pattern.compile("(\\d{20})\\.json");

  /**
   * numOutputRows of this run's own commit (the newest after version {@code before} whose
   * {@code userMetadata} is the run id), not of the latest commit, which under concurrency may
   * be another run's. No such commit means Delta skipped an empty write that replaced nothing: 0.
   * The commits are read from their log files (a few small JSON files), not from the table's
   * history, which would start a Spark job.
   */
  public static long commitOutputRows(SparkSession spark, String path, String runId,
      long before) {
    long latest = committedVersion(spark, path);
    Path log = new Path(path, "_delta_log");
    try {
      FileSystem fs = log.getFileSystem(spark.sessionState().newHadoopConf());
      // Only a handful of commits can land between this run's write and this read.
      for (long v = latest; v > before && v > latest - HISTORY_SCAN; v--) {
        JsonNode info = commitInfo(fs, new Path(log, String.format("%020d.json", v)));
        if (info != null && runId.equals(info.path("userMetadata").asText(null))) {
          JsonNode rows = info.path("operationMetrics").path("numOutputRows");
          return rows.isMissingNode() || rows.isNull() ? 0L : Long.parseLong(rows.asText());
        }
      }
      return 0L;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Delta log of " + path, e);
    }
  }

  /** The {@code commitInfo} action of a commit file, or null when it has none. */
  private static JsonNode commitInfo(FileSystem fs, Path commit) throws IOException {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(fs.open(commit), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        // One action per line; only the commitInfo line is parsed.
        if (line.startsWith("{\"commitInfo\"")) {
          return JSON.readTree(line).path("commitInfo");
        }
      }
    }
    return null;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Newest commits searched for this run's own. */
  static final int HISTORY_SCAN = 50;

}
