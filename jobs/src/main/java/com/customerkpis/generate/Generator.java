package com.customerkpis.generate;

import com.customerkpis.input.InputTable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a synthetic, deterministic input data set: one Parquet directory per input table with
 * exactly the declared schema, plus {@code _truth.json} with the parameters behind it. Rows are
 * generated on the executors from a {@code range} of entity ids, each entity from its own seeded
 * stream, so the output depends on the seed and the configuration but not on partitioning.
 */
public final class Generator {
  private static final Logger LOG = LoggerFactory.getLogger(Generator.class);
  /** The file next to the tables that records the configuration and the true parameters. */
  public static final String TRUTH_FILE = "_truth.json";
  /** Target rows per partition when partitions are derived: files of tens of megabytes. */
  static final long ROWS_PER_PARTITION = 1_500_000L;
  private static final String TS_TYPE_KEY = "spark.sql.parquet.outputTimestampType";

  /** Generators in SPEC table order. */
  static final List<TableRows> TABLES = List.of(new CustomerRows(), new EventRows(),
      new OrderRows(), new SurveyRows(), new TicketRows(), new SubscriptionRows(), new SpendRows(),
      new MentionRows(), new ReferralRows());

  private Generator() {}

  /** Generates every input table under {@code config.outputDir()}, replacing what is there. */
  public static GeneratorResult generate(SparkSession spark, GeneratorConfig config) {
    long t0 = System.nanoTime();
    Plan plan = new Plan(config);
    String out = config.outputDir().replaceAll("/+$", "");
    Map<String, Long> written = new LinkedHashMap<>();
    String previousTsType = spark.conf().get(TS_TYPE_KEY, null);
    // Standard UTC-adjusted microsecond timestamps rather than Spark's legacy INT96 default.
    spark.conf().set(TS_TYPE_KEY, "TIMESTAMP_MICROS");
    try {
      for (TableRows gen : TABLES) {
        long tt = System.nanoTime();
        String path = out + "/" + gen.table().tableName();
        spark.sparkContext().setJobDescription("generate " + gen.table().tableName());
        table(spark, plan, gen, config.partitions()).write().mode(SaveMode.Overwrite).parquet(path);
        // Parquet footers hold the row counts: this does not re-read the data.
        long rows = spark.read().parquet(path).count();
        written.put(gen.table().tableName(), rows);
        LOG.info("generated {}: {} rows in {} s", gen.table().tableName(), rows,
            String.format("%.1f", (System.nanoTime() - tt) / 1e9));
      }
    } finally {
      spark.sparkContext().setJobDescription(null);
      if (previousTsType == null) {
        spark.conf().unset(TS_TYPE_KEY);
      } else {
        spark.conf().set(TS_TYPE_KEY, previousTsType);
      }
    }
    writeTruth(spark, out, config);
    return new GeneratorResult(written, out, (System.nanoTime() - t0) / 1e9);
  }

  /** The rows of one table (clean rows, bad rows and duplicates) with its declared columns. */
  static Dataset<Row> table(SparkSession spark, Plan plan, TableRows gen, int partitions) {
    InputTable table = gen.table();
    StructType schema = nullable(table.schema());
    long entities = gen.entities(plan);
    int parts = partitions > 0 ? partitions
        : derivePartitions(entities * gen.rowsPerEntity(plan), spark.sparkContext().defaultParallelism());
    parts = (int) Math.max(1, Math.min(parts, entities));
    Dataset<Row> rows = spark.range(0, entities, 1, parts).flatMap(
        (FlatMapFunction<Long, Row>) e -> BadRows.withBadRows(plan, gen, e).iterator(),
        Encoders.row(schema));
    if (plan.badRowShare > 0) {
      // A handful of rows guarantee every applicable reason and some duplicate keys.
      rows = rows.union(spark.range(0, BadRows.coverageCount(table), 1, 1).flatMap(
          (FlatMapFunction<Long, Row>) k -> BadRows.coverage(plan, gen, k).iterator(),
          Encoders.row(schema)));
    }
    return rows;
  }

  static int derivePartitions(double expectedRows, int parallelism) {
    int byRows = (int) Math.ceil(expectedRows / ROWS_PER_PARTITION);
    // Mid-sized tables still use every core; small ones stay in few files.
    int floor = expectedRows >= 200_000 ? parallelism : 1;
    return Math.max(1, Math.max(byRows, floor));
  }

  /**
   * The declared schema with every column nullable: bad rows carry nulls in required columns,
   * and Parquet reads every column back as nullable anyway.
   */
  static StructType nullable(StructType schema) {
    StructField[] fields = schema.fields().clone();
    for (int i = 0; i < fields.length; i++) {
      fields[i] = DataTypes.createStructField(fields[i].name(), fields[i].dataType(), true);
    }
    return DataTypes.createStructType(fields);
  }

  private static void writeTruth(SparkSession spark, String out, GeneratorConfig config) {
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("customers", config.customers());
    cfg.put("months", config.months());
    cfg.put("start", config.start().toString());
    cfg.put("end_exclusive", config.end().toString());
    cfg.put("seed", config.seed());
    cfg.put("bad_row_share", config.badRowShare());
    cfg.put("partitions", config.partitions());
    Plan plan = new Plan(config);
    cfg.put("anonymous_visitors", plan.anonymousVisitors);
    cfg.put("mentions", MentionRows.count(plan));
    Truth truth = Truth.standard();
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("config", cfg);
    root.put("bgnbd", truth.bgnbd());
    root.put("gamma_gamma", truth.gammaGamma());
    root.put("population", truth.population());
    try {
      String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(root);
      Path path = new Path(out + "/" + TRUTH_FILE);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream os = fs.create(path, true)) {
        os.write(json.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + out + "/" + TRUTH_FILE + ": "
          + e.getMessage(), e);
    }
  }
}
