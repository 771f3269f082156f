package com.customerkpis.job;

import static org.junit.jupiter.api.Assertions.*;

import com.customerkpis.output.TableDocs;
import com.customerkpis.kpi.Kpi;
import com.customerkpis.kpi.KpiRegistry;
import com.customerkpis.testing.Fixtures;
import com.customerkpis.testing.KpiRuns;
import com.customerkpis.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import com.customerkpis.output.OutputTables;

/**
 * What docs/outputs.md promises: its Spark SQL examples run as written (output path and database
 * substituted) and give the hand-computed values; tables carry their description and column
 * comments; {@code --database} registers them by name; globbing Parquet double-counts.
 */
@Tag("e2e")
class OutputDocsTest {
  /** docs/outputs.md of the checkout: the module runs from jobs/ or, on Spark 4, spark4/jobs/. */
  private static final Path DOC = findDoc();

  private static Path findDoc() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path f = d.resolve("docs").resolve("outputs.md");
      if (Files.exists(f)) {
        return f;
      }
    }
    throw new IllegalStateException("docs/outputs.md not found above "
        + Path.of("").toAbsolutePath());
  }
  private static final Pattern SQL = Pattern.compile(
      "<!-- spark-sql-test -->\\s*```sql\\n(.*?)```", Pattern.DOTALL);

  @TempDir
  Path tmp;

  @AfterEach
  void dropDatabases() {
    SharedSpark.get().sql("DROP DATABASE IF EXISTS kpis CASCADE");
  }

  /** The tested SQL blocks of docs/outputs.md, with the example path and its real one. */
  static List<String> docSql(String output) throws Exception {
    Matcher m = SQL.matcher(Files.readString(DOC));
    List<String> out = new ArrayList<>();
    while (m.find()) {
      for (String stmt : m.group(1).split(";\\s*\\n")) {
        String s = stmt.replaceAll("(?m)^--.*$", "").strip();
        if (!s.isEmpty()) {
          out.add(s.replace("/data/kpis", output));
        }
      }
    }
    return out;
  }

  private static List<String> rows(SparkSession spark, String sql) {
    return spark.sql(sql).collectAsList().stream().map(Row::toString).toList();
  }

  @Test
  void docExamplesTableCommentsAndCatalogRegistration() throws Exception {
    SparkSession spark = SharedSpark.get();
    Path input = tmp.resolve("in");
    Path output = tmp.resolve("out");
    Fixtures.cohortRetention().writeParquet(input);
    String[] args = {"run", "--input", input.toString(), "--output", output.toString(),
        "--from", "2026-01-01", "--to", "2026-03-31", "--timezone", "America/Sao_Paulo",
        "--kpis", "cohort_retention", "--database", "kpis"};
    String last = KpiRuns.runCapturingStdout(0, args).strip().lines()
        .reduce((a, b) -> b).orElseThrow();
    assertTrue(last.startsWith("{") && last.contains("\"status\":\"succeeded\""), last);
    KpiRuns.runCapturingStdout(0, args); // a re-run: replaced files stay until VACUUM

    List<String> sql = docSql(output.toString());
    assertEquals(6, sql.size(), sql.toString());
    // ALL rows of February (hand-computed in CohortRetentionTest).
    assertEquals(List.of("[2026-02,2026-01,1,2,2,1.0]", "[2026-02,2026-02,0,2,1,0.5]"),
        rows(spark, sql.get(0)));
    // Summing over every segment row adds the ALL roll-up to its parts: 2 (ALL) + 1 + 1.
    assertEquals(List.of("[4]"), rows(spark, sql.get(1)));
    assertEquals(List.of("[2]"), rows(spark, sql.get(2)));
    // The table's description and a column comment, as DESCRIBE shows them.
    assertEquals(List.of("[period_end,date,Last local date of the period, INCLUDED (not the "
        + "next period's start)]"), rows(spark, sql.get(3)).stream()
        .filter(r -> r.startsWith("[period_end,")).toList());
    assertEquals(TableDocs.description("cohort_retention").orElseThrow(),
        spark.sql(sql.get(4)).select("description").first().getString(0));

    // Globbing the Parquet files after the re-run: every row twice.
    String table = output.resolve("cohort_retention").toString();
    long delta = spark.read().format("delta").load(table).count();
    assertEquals(15, delta);
    assertEquals(2 * delta, spark.read().parquet(table).count());
    // The operators' VACUUM runs as written; with 7 days' retention nothing is old enough yet.
    spark.sql(sql.get(5));
    assertEquals(2 * delta, spark.read().parquet(table).count());
    assertEquals(delta, spark.read().format("delta").load(table).count());

    // Every column of the registered table has its comment.
    for (StructField f : spark.table("kpis.cohort_retention").schema().fields()) {
      assertEquals(TableDocs.comment("cohort_retention", f.name()).orElseThrow(),
          f.getComment().get(), f.name());
    }
    assertTrue(spark.catalog().tableExists("kpis._runs"));
    assertTrue(spark.catalog().tableExists("kpis._quarantine") == Files.exists(
        output.resolve("_quarantine")));
    assertEquals(2L, spark.table("kpis._runs").count());

    // Output moved: registering again points the names at the new location.
    Path moved = tmp.resolve("moved");
    KpiRuns.runCapturingStdout(0, "run", "--input", input.toString(), "--output",
        moved.toString(), "--period", "2026-02", "--timezone", "America/Sao_Paulo",
        "--kpis", "cohort_retention", "--database", "kpis");
    assertEquals(List.of("[6]"), rows(spark, "SELECT count(*) FROM kpis.cohort_retention"));
  }

  @Test
  void tablesWrittenBeforeTheDocsGetThemOnTheNextWrite() {
    SparkSession spark = SharedSpark.get();
    String path = tmp.resolve("nps").toString();
    spark.sql("SELECT '2026-10' AS period, 'ALL' AS segment, 5L AS responses").write()
        .format("delta").partitionBy("period", "segment").save(path);
    TableDocs.ensure(spark, path, spark.read().format("delta").load(path).schema());
    Row d = spark.sql("DESCRIBE DETAIL delta.`" + path + "`").select("description").first();
    assertEquals(TableDocs.description("nps").orElseThrow(), d.getString(0));
    assertEquals("NPS responses in the period", spark.read().format("delta").load(path).schema()
        .apply("responses").getComment().get());
    assertEquals(1L, spark.read().format("delta").load(path).count());
  }

  @Test
  void everyKpiColumnHasADefinition() {
    List<String> missing = new ArrayList<>();
    for (Kpi k : KpiRegistry.select(List.of("all"))) {
      assertTrue(TableDocs.description(k.table()).isPresent(), k.table());
      for (String c : com.customerkpis.output.OutputTables.COMMON_COLUMNS) {
        if (TableDocs.comment(k.table(), c).isEmpty()) {
          missing.add(k.table() + "." + c);
        }
      }
      for (StructField f : k.schema().fields()) {
        if (TableDocs.comment(k.table(), f.name()).isEmpty()) {
          missing.add(k.table() + "." + f.name());
        }
      }
    }
    for (StructField f : OutputTables.RUNS_SCHEMA.fields()) {
      if (TableDocs.comment(OutputTables.RUNS, f.name()).isEmpty()) {
        missing.add("_runs." + f.name());
      }
    }
    assertEquals(List.of(), missing);
  }
}
