package com.customerkpis.generate;

import static org.apache.spark.sql.functions.*;
import static org.junit.jupiter.api.Assertions.*;

import com.customerkpis.input.InputReader;
import com.customerkpis.input.Reason;
import com.customerkpis.schema.Cols;
import com.customerkpis.input.InputTable;
import com.customerkpis.testing.SharedSpark;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorTest {
  private static final LocalDate START = LocalDate.of(2025, 1, 1);
  private static final LocalDate END = LocalDate.of(2025, 3, 1);

  @TempDir
  static Path tmp;
  private static SparkSession spark;
  private static GeneratorConfig cleanConfig;
  private static GeneratorResult clean;
  private static GeneratorResult bad;

  @BeforeAll
  static void generate() {
    spark = SharedSpark.get();
    cleanConfig = GeneratorConfig.defaults(tmp.resolve("clean").toString())
        .withCustomers(300).withMonths(2).withStart(START);
    clean = Generator.generate(spark, cleanConfig);
    bad = Generator.generate(spark, cleanConfig.withOutputDir(tmp.resolve("bad").toString())
        .withBadRowShare(0.05));
  }

  private static Dataset<Row> read(GeneratorResult result, InputTable t) {
    return spark.read().parquet(result.outputDir() + "/" + t.tableName());
  }

  /** Row count and two sums of row hashes: equal fingerprints mean equal multisets of rows. */
  private static Row fingerprint(Dataset<Row> ds) {
    return fingerprints(List.of(ds)).get(0);
  }

  /** Fingerprints of several tables computed in one Spark job, in the given order. */
  private static List<Row> fingerprints(List<Dataset<Row>> tables) {
    Dataset<Row> all = null;
    for (int i = 0; i < tables.size(); i++) {
      Dataset<Row> ds = tables.get(i);
      Column h = rowHash(ds);
      Dataset<Row> f = ds.agg(lit(i).as("i"), count(lit(1)), sum(h.cast("decimal(38,0)")),
          sum(pmod(h, lit(1_000_003L))));
      all = all == null ? f : all.union(f);
    }
    return all.orderBy("i").drop("i").collectAsList();
  }

  private static Column rowHash(Dataset<Row> ds) {
    return xxhash64(Arrays.stream(ds.columns()).map(c -> col(c)).toArray(Column[]::new));
  }

  /** A table of 3000 customers over 4 months, not written: for distribution checks. */
  private static Dataset<Row> larger(TableRows gen) {
    return Generator.table(spark, new Plan(cleanConfig.withCustomers(3000).withMonths(4)), gen, 0);
  }

  private static Timestamp instant(LocalDate d) {
    return Timestamp.from(d.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  @Test
  void writesEveryTableWithItsDeclaredSchema() {
    assertEquals(Arrays.stream(InputTable.values()).map(InputTable::tableName).toList(),
        List.copyOf(clean.rowsWritten().keySet()));
    for (InputTable t : InputTable.values()) {
      Dataset<Row> ds = read(clean, t);
      StructField[] expected = t.schema().fields();
      StructField[] found = ds.schema().fields();
      assertEquals(expected.length, found.length, t.tableName());
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i].name(), found[i].name(), t.tableName());
        assertEquals(expected[i].dataType(), found[i].dataType(),
            t.tableName() + "." + expected[i].name());
      }
      assertEquals(clean.rowsWritten().get(t.tableName()), ds.count(), t.tableName());
    }
    assertTrue(Files.exists(Path.of(clean.outputDir(), Generator.TRUTH_FILE)));
  }

  @Test
  void rowCountsFollowTheConfiguration() {
    var n = clean.rowsWritten();
    assertEquals(300, n.get("customers"));
    // Two months of a growing population: about 30 events per customer, anonymous visitors included.
    assertTrue(n.get("events") > 300 * 15 && n.get("events") < 300 * 60, "events " + n.get("events"));
    assertTrue(n.get("orders") > 100 && n.get("orders") < 600, "orders " + n.get("orders"));
    // 59 days times 6 spending channels, some split in two rows, plus unattributed spend.
    assertTrue(n.get("marketing_spend") >= 59 * 6, "spend " + n.get("marketing_spend"));
    assertEquals(100, n.get("mentions"));
    for (String t : List.of("surveys", "tickets", "subscriptions", "referrals")) {
      assertTrue(n.get(t) > 0, t);
    }
  }

  @Test
  void isDeterministicAndIndependentOfPartitioning() {
    Plan plan = new Plan(cleanConfig);
    List<Dataset<Row>> written = Generator.TABLES.stream().map(g -> read(clean, g.table())).toList();
    List<Dataset<Row>> repartitioned = Generator.TABLES.stream()
        .map(g -> Generator.table(spark, plan, g, 3)).toList();
    assertEquals(fingerprints(written), fingerprints(repartitioned));
    Plan otherSeed = new Plan(cleanConfig.withSeed(7));
    assertNotEquals(fingerprint(read(clean, InputTable.ORDERS)),
        fingerprint(Generator.table(spark, otherSeed, new OrderRows(), 0)));
  }

  @Test
  void badRowsCoverEveryReasonAndLeaveTheCleanRowsIntact() {
    // One pass per table, all tables in one job: per reason (null = good) the rows, the
    // duplicates, and the fingerprint of the kept rows.
    List<Dataset<Row>> cleanTables = new java.util.ArrayList<>();
    Dataset<Row> all = null;
    for (InputTable t : InputTable.values()) {
      cleanTables.add(read(clean, t));
      Dataset<Row> conformed = InputReader.conform(t, read(bad, t), Cols.SEGMENT);
      Column h = rowHash(conformed);
      Dataset<Row> annotated = InputReader.annotate(t, conformed.withColumn("_h", h));
      Column kept = col(InputReader.REASON_COL).isNull().and(not(col(InputReader.DUP_COL)));
      Dataset<Row> stats = annotated.groupBy(col(InputReader.REASON_COL)).agg(
          lit(t.tableName()).as("t"),
          sum(col(InputReader.DUP_COL).cast("long")).as("dups"),
          sum(when(kept, 1L).otherwise(0L)).as("n"),
          sum(when(kept, col("_h").cast("decimal(38,0)"))).as("h1"),
          sum(when(kept, pmod(col("_h"), lit(1_000_003L))).otherwise(0L)).as("h2"));
      all = all == null ? stats : all.union(stats);
    }
    List<Row> stats = all.collectAsList();
    List<Row> cleanPrints = fingerprints(cleanTables);
    for (InputTable t : InputTable.values()) {
      Set<String> reasons = new HashSet<>();
      Row good = null;
      for (Row r : stats) {
        if (!r.getString(1).equals(t.tableName())) {
          continue;
        }
        if (r.isNullAt(0)) {
          good = r;
        } else {
          reasons.add(r.getString(0));
        }
      }
      Set<String> expected = BadRows.applicable(t).stream().map(Reason::code)
          .collect(Collectors.toSet());
      assertEquals(expected, reasons, t.tableName());
      assertNotNull(good, t.tableName());
      if (t.key().isPresent()) {
        assertTrue(good.getLong(2) >= 1, t.tableName() + " has duplicate keys");
      }
      // What the reader keeps is exactly what a run without bad rows wrote: so the clean rows
      // pass every contract check, and no bad row slips through.
      Row print = cleanPrints.get(t.ordinal());
      assertEquals(print.getLong(0), good.getLong(3), t.tableName());
      assertEquals(print.getDecimal(1), good.getDecimal(4), t.tableName());
      assertEquals(print.getLong(2), good.getLong(5), t.tableName());
    }
    long events = bad.rowsWritten().get("events");
    double share = (double) (events - clean.rowsWritten().get("events")) / events;
    assertTrue(share > 0.035 && share < 0.07, "bad share of events " + share);
  }

  @Test
  void timestampsLieInsideTheWindow() {
    Timestamp from = instant(START);
    Timestamp to = instant(END);
    for (InputTable t : InputTable.values()) {
      Dataset<Row> ds = read(clean, t);
      for (StructField f : ds.schema().fields()) {
        boolean scheduledEnd = t == InputTable.SUBSCRIPTIONS && f.name().equals(Cols.END_TS);
        if (f.dataType() instanceof TimestampType) {
          Row mm = ds.agg(min(f.name()), max(f.name())).first();
          assertFalse(mm.getTimestamp(0).before(from), t.tableName() + "." + f.name());
          if (!scheduledEnd) {
            assertTrue(mm.getTimestamp(1).before(to), t.tableName() + "." + f.name());
          }
        } else if (f.dataType() instanceof DateType) {
          Row mm = ds.agg(min(f.name()), max(f.name())).first();
          assertEquals(START, mm.getDate(0).toLocalDate());
          assertEquals(END.minusDays(1), mm.getDate(1).toLocalDate());
        }
      }
    }
    // Some subscriptions have a cancellation scheduled after the window, none beyond a year.
    Row ends = read(clean, InputTable.SUBSCRIPTIONS)
        .agg(sum(when(col(Cols.END_TS).geq(lit(to)), 1).otherwise(0)), max(Cols.END_TS)).first();
    assertTrue(ends.getLong(0) > 0);
    assertTrue(ends.getTimestamp(1).before(instant(END.plusYears(1).plusDays(1))));
  }

  @Test
  void referencesPointAtRealCustomers() {
    Dataset<Row> customers = read(clean, InputTable.CUSTOMERS);
    Dataset<Row> references = read(clean, InputTable.REFERRALS).select(col(Cols.REFERRER_ID).as("id"));
    for (InputTable t : List.of(InputTable.ORDERS, InputTable.EVENTS, InputTable.SUBSCRIPTIONS,
        InputTable.SURVEYS, InputTable.TICKETS)) {
      references = references.union(read(clean, t).select(col(Cols.CUSTOMER_ID).as("id")));
    }
    assertEquals(0, references.filter(col("id").isNotNull())
        .join(customers, col("id").equalTo(customers.col(Cols.CUSTOMER_ID)), "left_anti").count());
    Dataset<Row> referrals = read(clean, InputTable.REFERRALS);
    Dataset<Row> converted = referrals.filter(col(Cols.REFERRED_CUSTOMER_ID).isNotNull());
    Dataset<Row> joined = converted.join(customers, converted.col(Cols.REFERRED_CUSTOMER_ID)
        .equalTo(customers.col(Cols.CUSTOMER_ID)));
    long n = converted.count();
    assertTrue(n > 0 && n < referrals.count(), "converted " + n + " of " + referrals.count());
    assertEquals(n, joined.count());
    assertEquals(n, joined.filter(col(Cols.SIGNUP_TS).gt(col(Cols.REFERRED_TS))).count());
  }

  @Test
  void sessionsAreSeparableByTheThirtyMinuteTimeout() {
    read(clean, InputTable.EVENTS).createOrReplaceTempView("gen_events");
    Row r = spark.sql("""
        WITH link AS (SELECT anonymous_id, min(customer_id) cid FROM gen_events
                      WHERE customer_id IS NOT NULL AND anonymous_id IS NOT NULL GROUP BY 1),
        p AS (SELECT e.*, coalesce(e.customer_id, link.cid, e.anonymous_id) person
              FROM gen_events e LEFT JOIN link USING (anonymous_id)),
        g AS (SELECT session_id, event_ts,
                lag(session_id) OVER (PARTITION BY person ORDER BY event_ts, event_id) ps,
                lag(event_ts) OVER (PARTITION BY person ORDER BY event_ts, event_id) pt FROM p)
        SELECT
          sum(IF(NOT (session_id <=> ps) AND unix_micros(event_ts) - unix_micros(pt) <= 1800000000, 1, 0)),
          sum(IF(session_id = ps AND unix_micros(event_ts) - unix_micros(pt) > 1800000000, 1, 0)),
          sum(IF(NOT (session_id <=> ps), 1, 0))
        FROM g WHERE pt IS NOT NULL""").first();
    assertEquals(0, r.getLong(0), "different sessions of a person less than 30 min apart");
    assertEquals(0, r.getLong(1), "a session with a gap over 30 min");
    assertTrue(r.getLong(2) > 300);
  }

  /** Counts of rows matching each condition, in one pass. */
  private static long[] counts(Dataset<Row> ds, Column... conditions) {
    Column[] sums = Arrays.stream(conditions)
        .map(c -> sum(when(c, 1L).otherwise(0L))).toArray(Column[]::new);
    Row r = ds.agg(count(lit(1)), sums).first();
    long[] out = new long[conditions.length + 1];
    for (int i = 0; i < out.length; i++) {
      out[i] = r.getLong(i);
    }
    return out;
  }

  private static void assertAllPositive(String table, long[] counts, String... what) {
    for (int i = 0; i < what.length; i++) {
      assertTrue(counts[i + 1] > 0, table + ": no rows with " + what[i]);
    }
  }

  @Test
  void dataHasTheVarietyTheKpisNeed() {
    Column secondMonth = lit(instant(START.plusMonths(1)));
    long[] c = counts(read(clean, InputTable.CUSTOMERS),
        col(Cols.SEGMENT).isNull(), trim(col(Cols.SEGMENT)).equalTo(""),
        col(Cols.SEGMENT).equalTo("smb"), col(Cols.SEGMENT).equalTo("mid_market"),
        col(Cols.SEGMENT).equalTo("enterprise"), col(Cols.ACQUISITION_CHANNEL).isNull(),
        col(Cols.ACQUISITION_CHANNEL).equalTo("referral"), col(Cols.SIGNUP_TS).lt(secondMonth));
    assertAllPositive("customers", c, "null segment", "blank segment", "smb", "mid_market",
        "enterprise", "null channel", "referral channel", "first-month signup");
    assertTrue(c[0] - c[8] > c[8], "signups grow: " + (c[0] - c[8]) + " vs " + c[8]);

    String[] types = {"page_view", "login", "signup", "add_to_cart", "purchase"};
    Column type = lower(trim(col(Cols.EVENT_TYPE)));
    long[] e = counts(read(clean, InputTable.EVENTS),
        col(Cols.SESSION_ID).isNotNull(), col(Cols.CUSTOMER_ID).isNull(),
        col(Cols.CUSTOMER_ID).isNotNull().and(col(Cols.ANONYMOUS_ID).isNotNull()),
        col(Cols.CHANNEL).isNull(), col(Cols.DEVICE).isNull(), col(Cols.PAGE).startsWith("/blog/"),
        col(Cols.PAGE).startsWith("/product/"), col(Cols.EVENT_TYPE).notEqual(type),
        type.equalTo(types[0]), type.equalTo(types[1]), type.equalTo(types[2]),
        type.equalTo(types[3]), type.equalTo(types[4]),
        not(type.isin((Object[]) types)));
    assertAllPositive("events", e, "session_id", "anonymous only", "both ids", "null channel",
        "null device", "blog page", "product page", "odd type spelling", types[0], types[1],
        types[2], types[3], types[4]);
    assertEquals(0, e[14], "other event types");
    double withSession = (double) e[1] / e[0];
    assertTrue(withSession > 0.5 && withSession < 0.7, "session_id share " + withSession);

    Column status = lower(trim(col(Cols.STATUS)));
    long[] o = counts(read(clean, InputTable.ORDERS), status.equalTo("completed"),
        status.equalTo("refunded"), status.equalTo("cancelled"), col(Cols.STATUS).notEqual(status),
        col(Cols.CHANNEL).isNull());
    assertAllPositive("orders", o, "completed", "refunded", "cancelled", "odd status spelling",
        "null channel");
    assertTrue(o[1] > 0.8 * o[0], "mostly completed");

    assertAllPositive("subscriptions", counts(read(clean, InputTable.SUBSCRIPTIONS),
        col(Cols.MRR).equalTo(0), col(Cols.END_TS).isNull(), col(Cols.END_TS).lt(lit(instant(END)))),
        "free plan", "running", "ended");
    assertAllPositive("tickets", counts(larger(new TicketRows()),
        col(Cols.RESOLVED_TS).isNull(), col(Cols.FIRST_RESPONSE_TS).isNull(),
        col(Cols.REOPENED).equalTo(true), col(Cols.AGENT_REPLIES).isNull(),
        col(Cols.CUSTOMER_ID).isNull()),
        "open", "no first response", "reopened", "unknown replies", "no customer");

    long[] m = counts(read(clean, InputTable.MENTIONS), col(Cols.SENTIMENT).isNotNull(),
        col(Cols.PLATFORM).isNull(), col(Cols.TEXT).contains("ã").or(col(Cols.TEXT).contains("é")));
    assertAllPositive("mentions", m, "label", "null platform", "Portuguese text");
    double labelled = (double) m[1] / m[0];
    assertTrue(labelled > 0.45 && labelled < 0.75, "labelled share " + labelled);

    assertTrue(read(clean, InputTable.MARKETING_SPEND).groupBy(Cols.SPEND_DATE, Cols.CHANNEL)
        .count().filter(col("count").gt(1)).count() > 0, "repeated day and channel rows");
  }

  @Test
  void anonymousVisitorsSignUpWithAnEventCarryingBothIds() {
    Dataset<Row> events = read(clean, InputTable.EVENTS);
    Dataset<Row> links = events.filter(col(Cols.CUSTOMER_ID).isNotNull()
        .and(col(Cols.ANONYMOUS_ID).isNotNull()))
        .groupBy(col(Cols.ANONYMOUS_ID).as("link_id")).agg(min(Cols.EVENT_TS).as("link_ts"));
    Row r = events.filter(col(Cols.CUSTOMER_ID).isNull())
        .join(links, col(Cols.ANONYMOUS_ID).equalTo(col("link_id")), "left")
        .agg(countDistinct(when(col(Cols.EVENT_TS).lt(col("link_ts")), col(Cols.ANONYMOUS_ID))),
            countDistinct(when(col("link_ts").isNull(), col(Cols.ANONYMOUS_ID))),
            sum(when(col(Cols.EVENT_TS).geq(col("link_ts")), 1).otherwise(0)))
        .first();
    // Every customer's signup session starts anonymously; anonymous visitors never sign up.
    assertEquals(300, r.getLong(0), "anonymous ids browsing before their signup");
    assertTrue(r.getLong(1) > 50, "anonymous ids never linked: " + r.getLong(1));
    assertEquals(0, r.getLong(2), "no anonymous-only event after the signup of its id");
  }

  @Test
  void sessionsConvertByChannelAndSometimesCrossMidnight() {
    Dataset<Row> sessions = larger(new EventRows()).filter(col(Cols.SESSION_ID).isNotNull())
        .groupBy(Cols.SESSION_ID).agg(first(Cols.CHANNEL).as("ch"),
            max(when(lower(trim(col(Cols.EVENT_TYPE))).equalTo("purchase"), 1).otherwise(0)).as("conv"),
            min(Cols.EVENT_TS).as("f"), max(Cols.EVENT_TS).as("l")).cache();
    List<Row> rates = sessions.groupBy("ch").agg(avg("conv")).collectAsList();
    double email = rates.stream().filter(r -> "email".equals(r.getString(0))).findFirst()
        .orElseThrow().getDouble(1);
    double social = rates.stream().filter(r -> "social".equals(r.getString(0))).findFirst()
        .orElseThrow().getDouble(1);
    // Propensities 2.0 and 0.5 weight where purchases happen; browsing dilutes the ratio (~2.3).
    assertTrue(email > 1.8 * social, "email " + email + " vs social " + social);
    assertTrue(sessions.filter(to_date(col("f")).notEqual(to_date(col("l")))).count() > 0,
        "sessions crossing midnight");
    sessions.unpersist();
  }

  @Test
  void surveyScoresDependOnTheChannel() {
    List<Row> rows = larger(new SurveyRows())
        .filter(lower(trim(col(Cols.SURVEY_TYPE))).equalTo("csat"))
        .groupBy(Cols.CHANNEL).agg(avg(Cols.SCORE)).collectAsList();
    double chat = rows.stream().filter(r -> "chat".equals(r.getString(0))).findFirst()
        .orElseThrow().getDouble(1);
    double phone = rows.stream().filter(r -> "phone".equals(r.getString(0))).findFirst()
        .orElseThrow().getDouble(1);
    assertTrue(chat > phone + 0.3, "chat " + chat + " vs phone " + phone);
  }

  @Test
  void truthFileRecordsTheParametersAndTheConfiguration() throws Exception {
    JsonNode root = new ObjectMapper().readTree(
        Path.of(clean.outputDir(), Generator.TRUTH_FILE).toFile());
    assertEquals(0.75, root.path("bgnbd").path("r").asDouble());
    assertEquals(30.0, root.path("bgnbd").path("alpha").asDouble());
    assertEquals(0.8, root.path("bgnbd").path("a").asDouble());
    assertEquals(3.2, root.path("bgnbd").path("b").asDouble());
    assertEquals(6.0, root.path("gamma_gamma").path("p").asDouble());
    assertEquals(4.0, root.path("gamma_gamma").path("q").asDouble());
    assertEquals(40.0, root.path("gamma_gamma").path("gamma").asDouble());
    assertEquals(2.0, root.path("population").path("conversion_propensity").path("email")
        .asDouble());
    assertEquals(300, root.path("config").path("customers").asLong());
    assertEquals("2025-01-01", root.path("config").path("start").asText());
    assertEquals(42, root.path("config").path("seed").asLong());
  }

  @Test
  void completedOrdersFollowTheGammaGammaMean() {
    Row r = larger(new OrderRows())
        .filter(lower(trim(col(Cols.STATUS))).equalTo("completed"))
        .agg(avg(col(Cols.AMOUNT).cast("double")), min(Cols.AMOUNT)).first();
    double mean = Truth.standard().gammaGamma().meanSpend();
    assertEquals(mean, r.getDouble(0), 0.15 * mean);
    assertTrue(r.getDecimal(1).signum() >= 0);
  }

  private static Set<String> distinct(Dataset<Row> ds, String column) {
    return new HashSet<>(ds.select(column).distinct().collectAsList().stream()
        .map(r -> r.getString(0)).toList());
  }
}
