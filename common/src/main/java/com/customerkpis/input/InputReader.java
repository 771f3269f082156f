package com.customerkpis.input;

import static org.apache.spark.sql.functions.*;

import com.customerkpis.input.Reason;
import com.customerkpis.input.ColumnSpec;
import com.customerkpis.input.ColumnSpec.Role;
import com.customerkpis.schema.Cols;
import com.customerkpis.input.InputTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reader of input tables: checks the contract (exit 3 on violations), coerces accepted
 * type variants to the declared schema, and annotates bad rows and duplicate keys.
 */
public final class InputReader {
  private static final Logger LOG = LoggerFactory.getLogger(InputReader.class);

  /** Internal column: the quarantine reason, null for good rows. */
  public static final String REASON_COL = "_reason";
  /** Internal column: true for a duplicate-key copy that is dropped. */
  public static final String DUP_COL = "_duplicate";
  /**
   * Internal column of a conformed table: {@code column=value} of the first value that could not
   * be cast to its declared type (quarantined as {@code value_out_of_range}), else null.
   */
  public static final String INVALID_COL = "_invalid";

  /**
   * Longest segment value kept as given. A segment is a partition directory name
   * ({@code segment=<value>}, at most 255 bytes on common file systems); 60 characters of at most
   * 4 bytes each (UTF-8 or a %XX escape) always fit.
   */
  public static final int MAX_SEGMENT_CHARS = 60;
  /** Characters of a long segment kept before {@code ~} and the hash. */
  static final int SEGMENT_PREFIX_CHARS = 43;

  /** Timestamps and dates must lie in [1990-01-01, 2100-01-01) UTC. */
  public static final String MIN_TS = "1990-01-01 00:00:00";
  public static final String MAX_TS_EXCL = "2100-01-01 00:00:00";

  private InputReader() {}

  /** Where a table lives: {@code <input>/<table>/} unless overridden. */
  public static String location(String inputDir, Map<String, String> overrides, InputTable t) {
    String o = overrides.get(t.tableName());
    if (o != null && !o.isBlank()) {
      return o;
    }
    return inputDir.replaceAll("/+$", "") + "/" + t.tableName();
  }

  /** True when the table's directory exists. */
  public static boolean exists(SparkSession spark, String location) {
    try {
      Path p = new Path(location);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(p);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot access " + location + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a present table and conforms it to the declared schema (segment column renamed to
   * {@code segment}); fails with a contract violation naming table, column, expected and found
   * type.
   */
  public static Dataset<Row> readConformed(SparkSession spark, InputTable table, String location,
      String segmentColumn) {
    Dataset<Row> raw;
    try {
      raw = spark.read().parquet(location);
    } catch (Exception e) {
      throw new ContractViolationException("table " + table.tableName() + " at " + location
          + " cannot be read as Parquet: " + e.getMessage());
    }
    return conform(table, raw, segmentColumn);
  }

  /** Conforms an already-loaded frame to the declared schema of {@code table}. */
  public static Dataset<Row> conform(InputTable table, Dataset<Row> raw, String segmentColumn) {
    StructType found = raw.schema();
    List<Column> cols = new ArrayList<>();
    List<Column> invalid = new ArrayList<>();
    for (ColumnSpec spec : table.columns(segmentColumn)) {
      String outName = spec.role() == Role.SEGMENT ? Cols.SEGMENT : spec.name();
      Optional<StructField> f = Arrays.stream(found.fields())
          .filter(x -> x.name().equals(spec.name())).findFirst();
      if (f.isEmpty()) {
        boolean configuredSegment = spec.role() == Role.SEGMENT
            && !Cols.SEGMENT.equals(segmentColumn);
        if (!spec.nullable() || configuredSegment) {
          throw new ContractViolationException("table " + table.tableName()
              + ": missing required column '" + spec.name() + "' (expected "
              + describe(spec.type()) + ", found: no such column)");
        }
        LOG.warn("table {}: nullable column '{}' is absent; reading it as all null",
            table.tableName(), spec.name());
        cols.add(lit(null).cast(spec.type()).as(outName));
        continue;
      }
      DataType ft = f.get().dataType();
      if (!readableAs(ft, spec.type())) {
        throw new ContractViolationException("table " + table.tableName() + ": column '"
            + spec.name() + "' has type " + describe(ft) + " which cannot be read as "
            + describe(spec.type()));
      }
      Column c = col(spec.name());
      Column coerced = coerce(spec.name(), ft, spec.type());
      if (!ft.sameType(spec.type())) {
        invalid.add(when(c.isNotNull().and(coerced.isNull()),
            concat(lit(spec.name() + "="), c.cast(DataTypes.StringType))));
      }
      cols.add(coerced.as(outName));
    }
    cols.add((invalid.isEmpty() ? lit(null).cast(DataTypes.StringType)
        : coalesce(invalid.toArray(new Column[0]))).as(INVALID_COL));
    return raw.select(cols.toArray(new Column[0]));
  }

  /** Adds {@link #REASON_COL}: the first quarantine reason that applies, or null. */
  public static Dataset<Row> withReason(InputTable table, Dataset<Row> conformed) {
    return conformed.withColumn(REASON_COL, reasonColumn(table,
        Arrays.asList(conformed.columns()).contains(INVALID_COL)));
  }

  /**
   * Adds {@link #REASON_COL} and {@link #DUP_COL} (a good row that is not the kept copy of its
   * key) to a conformed table: the row-by-row definition, sorting every row by key. The job
   * de-duplicates with {@link #firstPerKey}, which sorts only the rows of duplicated keys; tests
   * hold the two to the same result.
   */
  public static Dataset<Row> annotate(InputTable table, Dataset<Row> conformed) {
    Dataset<Row> withReason = withReason(table, conformed);
    Optional<ColumnSpec> key = table.key();
    if (key.isEmpty()) {
      return withReason.withColumn(DUP_COL, lit(false));
    }
    // Rows with a reason are partitioned apart (by the reason flag) so they never shadow a good copy.
    var w = Window.partitionBy(col(key.get().name()), col(REASON_COL).isNull())
        .orderBy(declaredOrder(conformed));
    return withReason.withColumn(DUP_COL,
        col(REASON_COL).isNull().and(row_number().over(w).gt(1)));
  }

  /** Every column ascending, nulls first: the order that picks the kept copy of a key. */
  private static Column[] declaredOrder(Dataset<Row> conformed) {
    List<Column> order = new ArrayList<>();
    for (String c : conformed.columns()) {
      if (!c.equals(REASON_COL)) {
        order.add(col(c).asc_nulls_first());
      }
    }
    return order.toArray(new Column[0]);
  }

  /** Rows without a quarantine reason. */
  public static Dataset<Row> good(Dataset<Row> withReason) {
    return withReason.filter(col(REASON_COL).isNull());
  }

  /** Internal column of {@link #firstPerKey}: a duplicated key. */
  private static final String DUP_KEY = "_dup_key";

  /** Internal column of {@link #keyCounts}: rows of the key. */
  public static final String KEY_ROWS = "_key_rows";

  /**
   * Good rows per key value ({@code key}, {@link #KEY_ROWS}): a hash aggregate of the key column
   * alone, which is all that finding duplicates needs.
   */
  public static Dataset<Row> keyCounts(InputTable table, Dataset<Row> goodRows) {
    String key = table.key().orElseThrow().name();
    return goodRows.groupBy(col(key)).agg(count(lit(1)).as(KEY_ROWS));
  }

  /**
   * Good rows with one row per key: rows of a unique key pass as they are (no sort, no shuffle
   * when the duplicated keys are broadcast); for a duplicated key, the first row in the declared
   * order of {@link #annotate} is kept.
   *
   * @param broadcast true when the duplicated keys are few enough to send to every task
   */
  public static Dataset<Row> firstPerKey(InputTable table, Dataset<Row> goodRows,
      boolean broadcast) {
    String key = table.key().orElseThrow().name();
    return firstPerKey(table, goodRows,
        keyCounts(table, goodRows).filter(col(KEY_ROWS).gt(1)).select(key), broadcast);
  }

  /**
   * {@link #firstPerKey(InputTable, Dataset, boolean)} with the duplicated keys already found
   * (one column, the key): the run finds them once, not in every plan that reads the table.
   */
  public static Dataset<Row> firstPerKey(InputTable table, Dataset<Row> goodRows,
      Dataset<Row> duplicatedKeys, boolean broadcast) {
    String key = table.key().orElseThrow().name();
    // A name of its own: the keys derive from the same rows, and joining a column with itself
    // would leave Spark to guess the sides.
    Dataset<Row> dupKeys = duplicatedKeys.select(col(key).as(DUP_KEY));
    if (broadcast) {
      dupKeys = broadcast(dupKeys);
    }
    Column sameKey = goodRows.col(key).equalTo(dupKeys.col(DUP_KEY));
    Dataset<Row> unique = goodRows.join(dupKeys, sameKey, "left_anti");
    Dataset<Row> dupRows = goodRows.join(dupKeys, sameKey, "left_semi");
    var w = Window.partitionBy(col(key)).orderBy(declaredOrder(goodRows));
    Dataset<Row> firsts = dupRows.withColumn("_rn", row_number().over(w))
        .filter(col("_rn").equalTo(1)).drop("_rn");
    return unique.unionByName(firsts);
  }

  /** Kept rows of an annotated table ({@link #annotate}), normalised. */
  public static Dataset<Row> kept(InputTable table, Dataset<Row> annotated) {
    return normalised(table, annotated.filter(col(REASON_COL).isNull().and(not(col(DUP_COL)))));
  }

  /**
   * Kept rows in the declared layout, normalised: categoricals lower-cased, dimension and
   * segment defaults, reserved values escaped.
   */
  public static Dataset<Row> normalised(InputTable table, Dataset<Row> good) {
    List<Column> cols = new ArrayList<>();
    for (ColumnSpec spec : table.columns()) {
      Column c = col(spec.name());
      Column out = switch (spec.role()) {
        case CATEGORICAL -> lower(trim(c));
        case DIMENSION -> when(isBlank(c), lit(spec.blankAs())).otherwise(escapeReserved(c));
        case SEGMENT -> when(isBlank(c), lit(Cols.UNKNOWN))
            .otherwise(shortenSegment(escapeReserved(c)));
        case ID -> when(isBlank(c), lit(null).cast(DataTypes.StringType)).otherwise(c);
        default -> c;
      };
      cols.add(out.as(spec.name()));
    }
    return good.select(cols.toArray(new Column[0]));
  }

  /**
   * {@code ALL} names the roll-up rows, so an input value {@code ALL} (or {@code ALL~},
   * {@code ALL~~} …) gets one more {@code ~}: the roll-up stays exact and no two input values
   * merge.
   */
  static Column escapeReserved(Column c) {
    // \z, not $: $ also matches before a final line break, and "ALL\n" would merge with "ALL\n~".
    // A prefix test first: the pattern ran on every dimension value of every scan of the events.
    return when(c.startsWith(Cols.ALL).and(c.rlike("^" + Cols.ALL + "~*\\z")),
        concat(c, lit("~"))).otherwise(c);
  }

  /**
   * A segment longer than {@link #MAX_SEGMENT_CHARS} becomes its first 43 characters, {@code ~}
   * and the first 16 hex digits of its SHA-256: stable across runs, distinct per value, and
   * always a valid partition directory name.
   */
  static Column shortenSegment(Column c) {
    return when(length(c).gt(MAX_SEGMENT_CHARS), concat(substring(c, 1, SEGMENT_PREFIX_CHARS),
        lit("~"), substring(sha2(c, 256), 1, 16))).otherwise(c);
  }

  /** Quarantined rows of an annotated table in the {@code _quarantine} layout. */
  public static Dataset<Row> quarantined(InputTable table, Dataset<Row> annotated, String runId) {
    List<Column> contract = new ArrayList<>();
    for (ColumnSpec spec : table.columns()) {
      contract.add(col(spec.name()));
    }
    if (Arrays.asList(annotated.columns()).contains(INVALID_COL)) {
      contract.add(col(INVALID_COL)); // the raw value that did not fit (null fields are omitted)
    }
    return annotated.filter(col(REASON_COL).isNotNull()).select(
        lit(runId).as(Cols.RUN_ID),
        lit(table.tableName()).as(Cols.TABLE_NAME),
        col(REASON_COL).as(Cols.REASON),
        to_json(struct(contract.toArray(new Column[0]))).as(Cols.ROW_JSON),
        current_timestamp().as(Cols.QUARANTINED_AT));
  }

  /** Null, or a string of spaces only. */
  public static Column isBlank(Column c) {
    return c.isNull().or(trim(c).equalTo(lit("")));
  }

  static Column reasonColumn(InputTable table, boolean hasInvalid) {
    List<InputTable.RowRule> rules = new ArrayList<>();
    table.key().ifPresent(k -> rules.add(
        new InputTable.RowRule(Reason.NULL_KEY, isBlank(col(k.name())))));
    if (hasInvalid) {
      rules.add(new InputTable.RowRule(Reason.VALUE_OUT_OF_RANGE, col(INVALID_COL).isNotNull()));
    }
    Column nullRequired = lit(false);
    Column outOfRange = lit(false);
    Column negative = lit(false);
    for (ColumnSpec s : table.columns()) {
      Column c = col(s.name());
      if (!s.nullable() && s.role() != Role.KEY) {
        nullRequired = nullRequired.or(s.type() instanceof StringType ? isBlank(c) : c.isNull());
      }
      if (s.type() instanceof TimestampType) {
        outOfRange = outOfRange.or(c.isNotNull().and(
            c.lt(to_timestamp(lit(MIN_TS))).or(c.geq(to_timestamp(lit(MAX_TS_EXCL))))));
      } else if (s.type() instanceof DateType) {
        outOfRange = outOfRange.or(c.isNotNull().and(
            c.lt(to_date(lit(MIN_TS))).or(c.geq(to_date(lit(MAX_TS_EXCL))))));
      }
      if (s.role() == Role.MONEY) {
        negative = negative.or(c.lt(0));
      }
    }
    rules.add(new InputTable.RowRule(Reason.NULL_REQUIRED, nullRequired));
    rules.add(new InputTable.RowRule(Reason.TIMESTAMP_OUT_OF_RANGE, outOfRange));
    rules.add(new InputTable.RowRule(Reason.NEGATIVE_AMOUNT, negative));
    rules.addAll(table.rowRules());
    // A row gets the first reason that applies, in the order Reason declares them.
    rules.sort(java.util.Comparator.comparing(InputTable.RowRule::reason));
    Column out = null;
    for (InputTable.RowRule r : rules) {
      Column cond = coalesce(r.condition(), lit(false));
      out = out == null ? when(cond, lit(r.reason().code()))
          : out.when(cond, lit(r.reason().code()));
    }
    return out.otherwise(lit(null).cast(DataTypes.StringType));
  }

  static boolean readableAs(DataType found, DataType expected) {
    if (expected instanceof StringType) {
      return found instanceof StringType;
    }
    if (expected instanceof TimestampType) {
      return found instanceof TimestampType || found instanceof TimestampNTZType;
    }
    if (expected instanceof DecimalType) {
      return found instanceof DecimalType || found instanceof DoubleType
          || found instanceof FloatType || isIntegral(found);
    }
    if (expected instanceof IntegerType) {
      return isIntegral(found);
    }
    if (expected instanceof BooleanType) {
      return found instanceof BooleanType;
    }
    if (expected instanceof DateType) {
      return found instanceof DateType;
    }
    return found.sameType(expected);
  }

  private static boolean isIntegral(DataType t) {
    return t instanceof IntegerType || t instanceof LongType || t instanceof ShortType
        || t instanceof ByteType;
  }

  /**
   * The column read as {@code expected}; a value that does not fit reads as null (and is then
   * marked for {@code value_out_of_range}) whether or not Spark's ANSI mode is on.
   */
  private static Column coerce(String name, DataType found, DataType expected) {
    Column c = col(name);
    if (found.sameType(expected)) {
      return c;
    }
    // try_cast never throws (ANSI) and never wraps around (LONG to INT); TIMESTAMP_NTZ casts
    // with the session zone, which SparkSessions pins to UTC.
    return expr("try_cast(`" + name.replace("`", "``") + "` AS " + expected.sql() + ")");
  }

  static String describe(DataType t) {
    if (t instanceof TimestampType) {
      return "TIMESTAMP";
    }
    if (t instanceof TimestampNTZType) {
      return "TIMESTAMP_NTZ";
    }
    return t.sql();
  }
}
