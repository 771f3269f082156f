package com.customerkpis.job;

import static org.apache.spark.sql.functions.*;
import static org.junit.jupiter.api.Assertions.*;

import com.customerkpis.generate.Generator;
import com.customerkpis.generate.GeneratorConfig;
import com.customerkpis.kpi.Kpi;
import com.customerkpis.kpi.KpiRegistry;
import com.customerkpis.kpi.KpiSupport;
import com.customerkpis.testing.Fixtures;
import com.customerkpis.testing.KpiRuns;
import com.customerkpis.testing.SharedSpark;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import com.customerkpis.output.OutputTables;

/**
 * generate → run → read back every Delta table: schemas, partitioning, the contract's identities
 * and ranges on generated data, and a single-period re-run matching the window run.
 */
@Tag("e2e")
class GeneratedDataInvariantsTest {
  @TempDir
  static Path tmp;
  static String output;
  static String runJson;
  static final List<String> PERIODS = List.of("2026-01", "2026-02", "2026-03");

  @BeforeAll
  static void generateAndRun() {
    SparkSession spark = SharedSpark.get();
    Path input = tmp.resolve("in");
    Generator.generate(spark, new GeneratorConfig(input.toString(), 400, 3,
        LocalDate.of(2026, 1, 1), 7, 0.01, 2));
    output = tmp.resolve("out").toString();
    String stdout = KpiRuns.runCapturingStdout(0, "run", "--input", input.toString(),
        "--output", output, "--from", "2026-01-01", "--to", "2026-03-31",
        "--timezone", "Europe/Berlin");
    runJson = stdout.strip().lines().reduce((a, b) -> b).orElseThrow();
  }

  static Dataset<Row> table(String t) {
    return SharedSpark.get().read().format("delta").load(output + "/" + t);
  }

  @Test
  void everyTableWrittenWithItsSchemaAndPartitions() {
    SparkSession spark = SharedSpark.get();
    for (Kpi k : KpiRegistry.select(List.of())) {
      String path = output + "/" + k.table();
      assertTrue(DeltaTable.isDeltaTable(spark, path), k.table());
      Dataset<Row> d = table(k.table());
      var expected = OutputTables.kpiSchema(k.schema());
      assertEquals(List.of(expected.fieldNames()), List.of(d.columns()), k.table());
      for (StructField f : expected.fields()) {
        assertEquals(f.dataType(), d.schema().apply(f.name()).dataType(), k.table() + "." + f.name());
      }
      assertEquals(List.of("period", "segment"), DeltaTable.forPath(spark, path).detail()
          .select("partitionColumns").first().getList(0), k.table());
      assertEquals(Set.copyOf(PERIODS), Set.copyOf(d.select("period").distinct()
          .as(org.apache.spark.sql.Encoders.STRING()).collectAsList()), k.table());
      assertTrue(d.count() > 0, k.table());
    }
  }

  @Test
  void ratesAreFractionsOrNullNeverNaN() {
    for (Kpi k : KpiRegistry.select(List.of())) {
      Dataset<Row> d = table(k.table());
      for (StructField f : d.schema().fields()) {
        if (f.dataType() != DataTypes.DoubleType) {
          continue;
        }
        String c = f.name();
        assertEquals(0, d.filter(isnan(col(c))).count(), k.table() + "." + c + " NaN");
        boolean rate = c.endsWith("_rate") || c.equals("csat") || c.endsWith("_share")
            || c.equals("stickiness") || c.equals("p_alive") || c.equals("p_alive_avg")
            || c.equals("net_sentiment");
        if (c.equals("net_sentiment")) {
          assertEquals(0, d.filter(col(c).lt(-1).or(col(c).gt(1))).count(), k.table() + "." + c);
        } else if (c.equals("nps")) {
          assertEquals(0, d.filter(col(c).lt(-100).or(col(c).gt(100))).count(), c);
        } else if (c.equals("net_revenue_retention")) {
          assertEquals(0, d.filter(col(c).lt(0)).count(), c);
        } else if (rate) {
          assertEquals(0, d.filter(col(c).lt(0).or(col(c).gt(1))).count(), k.table() + "." + c);
        }
      }
    }
  }

  @Test
  void allRowsExistForEveryPeriod() {
    for (Kpi k : KpiRegistry.select(List.of())) {
      if (Set.of("cohort_retention", "clv_customer").contains(k.table())) {
        continue;
      }
      Dataset<Row> all = table(k.table()).filter(col("segment").equalTo("ALL"));
      for (String f : k.schema().fieldNames()) {
        if (Set.of("channel", "landing_page", "device", "platform").contains(f)) {
          all = all.filter(col(f).equalTo("ALL"));
        }
      }
      // clv_model has one ALL row per model (bgnbd, gamma_gamma) and period
      int perPeriod = k.table().equals("clv_model") ? 2 : 1;
      assertEquals(PERIODS.size() * perPeriod, all.count(), k.table());
    }
  }

  @Test
  void clvScoresFollowTheirPeriodsFit() {
    // Three months of 400 customers is too short to identify BG/NBD dropout in some periods: a
    // fit that is not usable must leave NULL scores, a usable one must score every buyer.
    Dataset<Row> models = table("clv_model").filter(col("model").equalTo("bgnbd"));
    assertEquals(PERIODS.size(), models.filter(col("customers").gt(0)).count());
    Dataset<Row> scored = table("clv_customer").join(models.select("period", "converged"),
        "period");
    assertEquals(0, scored.filter(col("converged").and(col("p_alive").isNull())).count());
    assertEquals(0, scored.filter(not(col("converged")).and(col("p_alive").isNotNull())).count());
    assertEquals(0, scored.filter(col("converged").and(col("frequency").equalTo(0))
        .and(col("p_alive").notEqual(1.0))).count(), "p_alive = 1 when frequency = 0");
    assertEquals(0, scored.filter(col("expected_purchases").lt(0)
        .or(col("predicted_clv").lt(0))).count());
  }

  @Test
  void identitiesHoldOnEveryRow() {
    assertEquals(0, table("customer_churn").filter(col("customers_end").notEqual(
        col("customers_start").minus(col("churned_customers")).plus(col("new_customers"))
            .plus(col("reactivated_customers")))).count());
    assertEquals(0, table("mrr").filter(col("mrr_end").notEqual(col("mrr_start")
        .plus(col("new_mrr")).plus(col("expansion_mrr")).minus(col("contraction_mrr"))
        .minus(col("churned_mrr")).plus(col("reactivation_mrr")))).count());
    assertEquals(0, table("cohort_retention")
        .filter(col("active_customers").gt(col("cohort_size"))).count());
    assertEquals(0, table("conversion_by_channel").filter(col("converted_visitors")
        .gt(col("visitors")).or(col("visitors").gt(col("sessions")))).count());
    assertEquals(0, table("nps").filter(col("promoters").plus(col("passives"))
        .plus(col("detractors")).notEqual(col("responses"))).count());
    assertEquals(0, table("sentiment").filter(col("positive").plus(col("neutral"))
        .plus(col("negative")).notEqual(col("mentions"))).count());
    // clv_summary ALL buyers = clv_customer rows of the period
    List<Row> buyers = table("clv_customer").groupBy("period").count().orderBy("period")
        .collectAsList();
    List<Row> summary = table("clv_summary").filter(col("segment").equalTo("ALL"))
        .select("period", "buyers").orderBy("period").collectAsList();
    assertEquals(buyers.toString(), summary.toString());
    // ALL is computed over rows: ALL sessions = sum over segments for the same channel
    Row sums = table("conversion_by_channel").filter(col("channel").equalTo("ALL"))
        .groupBy().agg(sum(when(col("segment").equalTo("ALL"), col("sessions"))),
            sum(when(col("segment").notEqual("ALL"), col("sessions")))).first();
    assertEquals(sums.getLong(0), sums.getLong(1));
  }

  @Test
  void rowsReadAreKeptPlusQuarantinedPlusDropped() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(runJson);
    var inputs = json.get("inputs");
    assertEquals(9, inputs.size());
    long quarantined = 0;
    for (var it = inputs.fields(); it.hasNext(); ) {
      var e = it.next();
      long q = 0;
      for (var r = e.getValue().get("quarantined").elements(); r.hasNext(); ) {
        q += r.next().asLong();
      }
      quarantined += q;
      assertEquals(e.getValue().get("rows_read").asLong(), e.getValue().get("rows_kept").asLong()
          + q + e.getValue().get("duplicates_dropped").asLong(), e.getKey());
    }
    assertTrue(quarantined > 0, "the generator injects bad rows");
    assertEquals(quarantined, table("_quarantine").count());
  }

  @Test
  void singlePeriodRerunMatchesTheWindowRun() {
    SparkSession spark = SharedSpark.get();
    List<String> before = Fixtures.render(table("engagement").drop("run_id"));
    String single = tmp.resolve("single").toString();
    KpiRuns.runCapturingStdout(0, "run", "--input", tmp.resolve("in").toString(),
        "--output", single, "--period", "2026-02", "--timezone", "Europe/Berlin");
    for (Kpi k : KpiRegistry.select(List.of())) {
      List<String> window = Fixtures.render(table(k.table())
          .filter(col("period").equalTo("2026-02")).drop("run_id"));
      List<String> alone = Fixtures.render(spark.read().format("delta")
          .load(single + "/" + k.table()).drop("run_id"));
      assertEquals(window, alone, k.table());
    }
    assertEquals(before, Fixtures.render(table("engagement").drop("run_id")));
  }
}
