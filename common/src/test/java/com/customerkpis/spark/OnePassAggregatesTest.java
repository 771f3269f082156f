package com.customerkpis.spark;

import static org.apache.spark.sql.functions.*;
import static org.junit.jupiter.api.Assertions.*;

import com.customerkpis.testing.SharedSpark;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.aggregate.BaseAggregateExec;
import org.apache.spark.sql.execution.aggregate.HashAggregateExec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OnePassAggregatesTest {
  private static SparkSession spark;
  private static Dataset<Row> rows;
  /** The same rows as Java values: k, j, v (nullable), amount. */
  private static final List<Object[]> DATA = new ArrayList<>();

  @BeforeAll
  static void setUp() {
    spark = SharedSpark.get();
    Random rnd = new Random(7);
    List<Row> list = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String k = "k" + rnd.nextInt(200); // repeated keys, as after a shuffle by key
      String j = rnd.nextBoolean() ? "a" : "b";
      Long v = rnd.nextInt(10) == 0 ? null : (long) rnd.nextInt(1000) - 300;
      BigDecimal amount = BigDecimal.valueOf(rnd.nextInt(100_000), 2);
      DATA.add(new Object[] {k, j, v, amount});
      list.add(RowFactory.create(k, j, v, amount));
    }
    rows = spark.createDataFrame(list, new StructType()
        .add("k", DataTypes.StringType).add("j", DataTypes.StringType)
        .add("v", DataTypes.LongType).add("amount", DataTypes.createDecimalType(18, 2)));
  }

  @AfterEach
  void ruleOn() {
    spark.conf().unset(OnePassAggregates.ENABLED_KEY);
  }

  private static Dataset<Row> byKey(Dataset<Row> in, String... keys) {
    return in.groupBy(keys[0], java.util.Arrays.copyOfRange(keys, 1, keys.length))
        .agg(count(lit(1)).as("n"), count(col("v")).as("nv"), sum(col("v")).as("sv"),
            min(col("v")).as("minv"), max(col("v")).as("maxv"),
            sum(col("amount")).as("total"), avg(col("amount")).as("mean"),
            max(col("v").gt(600)).as("anyBig"));
  }

  @Test
  void anAggregationOverRowsPartitionedByItsKeyRunsInOnePass() {
    Supplier<Dataset<Row>> q = () -> byKey(rows.repartition(col("k")), "k");
    List<Row> on = sorted(q.get());
    assertEquals(List.of("Complete"), modes(q.get()));

    spark.conf().set(OnePassAggregates.ENABLED_KEY, "false");
    assertEquals(List.of("Final", "Partial"), modes(q.get()));
    assertEquals(sorted(q.get()), on);

    // And against the rows themselves: counts and exact sums per key.
    Map<String, long[]> expected = new TreeMap<>();
    for (Object[] r : DATA) {
      long[] e = expected.computeIfAbsent((String) r[0], x -> new long[3]);
      e[0]++;
      if (r[2] != null) {
        e[1]++;
        e[2] += (Long) r[2];
      }
    }
    assertEquals(expected.size(), on.size());
    for (Row r : on) {
      long[] e = expected.get(r.getString(0));
      assertEquals(e[0], r.getLong(1), r.toString());
      assertEquals(e[1], r.getLong(2), r.toString());
      assertEquals(e[2], r.getLong(3), r.toString());
    }
  }

  @Test
  void keysThatIncludeThePartitioningColumnCollapseToo() {
    // Partitioned by k: every (k, j) group is within one partition, so no shuffle goes between.
    Supplier<Dataset<Row>> q = () -> byKey(rows.repartition(col("k")), "k", "j");
    List<Row> on = sorted(q.get());
    assertEquals(List.of("Complete"), modes(q.get()));
    spark.conf().set(OnePassAggregates.ENABLED_KEY, "false");
    assertEquals(sorted(q.get()), on);
    long total = on.stream().mapToLong(r -> r.getLong(2)).sum();
    assertEquals(DATA.size(), total);
  }

  @Test
  void anAggregationWithAShuffleBetweenItsStepsKeepsThem() {
    Supplier<Dataset<Row>> q = () -> byKey(rows, "k");
    assertEquals(List.of("Final", "Partial"), modes(q.get()));
    List<Row> on = sorted(q.get());
    spark.conf().set(OnePassAggregates.ENABLED_KEY, "false");
    assertEquals(sorted(q.get()), on);
  }

  @Test
  void distinctAggregatesAreLeftAsPlanned() {
    Supplier<Dataset<Row>> q = () -> rows.repartition(col("k")).groupBy("k")
        .agg(countDistinct(col("v")).as("dv"), sum(col("v")).as("sv"));
    List<Row> on = sorted(q.get());
    assertFalse(modes(q.get()).contains("Complete"), modes(q.get()).toString());
    spark.conf().set(OnePassAggregates.ENABLED_KEY, "false");
    assertEquals(sorted(q.get()), on);
  }

  @Test
  void aGlobalAggregateOverOnePartitionStillGivesItsRowWhenEmpty() {
    // A limit leaves its rows in one partition: the global aggregate above needs no shuffle.
    // (Below the input's row count, or the optimizer drops it.)
    Supplier<Dataset<Row>> empty = () -> spark.range(0, 1000).filter(col("id").lt(-1))
        .limit(500).agg(count(lit(1)).as("n"), sum(col("id")).as("s"));
    List<Row> got = empty.get().collectAsList();
    assertEquals(1, got.size());
    assertEquals(0L, got.get(0).getLong(0));
    assertTrue(got.get(0).isNullAt(1));
    assertEquals(List.of("Complete"), modes(empty.get()));

    Supplier<Dataset<Row>> all = () -> spark.range(0, 1000).filter(col("id").lt(500))
        .limit(600).agg(count(lit(1)).as("n"), sum(col("id")).as("s"));
    Row r = all.get().first();
    assertEquals(500L, r.getLong(0));
    assertEquals(499L * 500 / 2, r.getLong(1));
    assertEquals(List.of("Complete"), modes(all.get()));
  }

  @Test
  void anAggregationOverAnAggregationByTheSameKeysCollapsesTheSecond() {
    // The second groupBy reads the first's output, partitioned by k: it needs no shuffle.
    Supplier<Dataset<Row>> q = () -> byKey(rows, "k")
        .groupBy("k", "anyBig").agg(sum(col("n")).as("n"), max(col("maxv")).as("maxv"));
    List<Row> on = sorted(q.get());
    assertEquals(List.of("Complete", "Final", "Partial"), modes(q.get()));
    spark.conf().set(OnePassAggregates.ENABLED_KEY, "false");
    assertEquals(sorted(q.get()), on);
    assertEquals(DATA.size(), on.stream().mapToLong(x -> x.getLong(2)).sum());
  }

  private static List<Row> sorted(Dataset<Row> d) {
    List<Row> out = new ArrayList<>(d.collectAsList());
    out.sort(Comparator.comparing(Row::toString));
    return out;
  }

  /** The modes of the hash aggregates in the executed plan, top down. */
  private static List<String> modes(Dataset<Row> d) {
    d.collectAsList();
    SparkPlan plan = d.queryExecution().executedPlan();
    if (plan instanceof AdaptiveSparkPlanExec) {
      plan = ((AdaptiveSparkPlanExec) plan).executedPlan();
    }
    List<String> out = new ArrayList<>();
    collect(plan, out);
    return out;
  }

  private static void collect(SparkPlan p, List<String> out) {
    if (p instanceof BaseAggregateExec) {
      assertInstanceOf(HashAggregateExec.class, p, p.nodeName());
      var aggs = ((HashAggregateExec) p).aggregateExpressions();
      String mode = aggs.isEmpty() ? "none" : aggs.apply(0).mode().toString();
      out.add(mode);
    }
    if (p instanceof QueryStageExec) {
      collect(((QueryStageExec) p).plan(), out);
      return;
    }
    var it = p.children().iterator();
    while (it.hasNext()) {
      collect(it.next(), out);
    }
  }
}
