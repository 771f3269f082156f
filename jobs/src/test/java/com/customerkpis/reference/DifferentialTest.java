package com.customerkpis.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.customerkpis.config.ChurnModel;
import com.customerkpis.config.CohortBy;
import com.customerkpis.config.KpiParams;
import com.customerkpis.input.InputSet;
import com.customerkpis.kpi.ActiveUsers;
import com.customerkpis.kpi.CohortRetention;
import com.customerkpis.kpi.CustomerChurn;
import com.customerkpis.kpi.Mrr;
import com.customerkpis.kpi.RepeatPurchase;
import com.customerkpis.prep.Prepared;
import com.customerkpis.prep.PurchaseHistory;
import com.customerkpis.prep.Shared;
import com.customerkpis.reference.EdgeGenerator.Batch;
import com.customerkpis.input.InputTable;
import com.customerkpis.testing.DatasetAssertions;
import com.customerkpis.testing.Rows;
import com.customerkpis.testing.SharedSpark;
import com.customerkpis.time.Grain;
import com.customerkpis.time.Period;
import com.customerkpis.time.RunWindow;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import com.customerkpis.schema.Cols;

/**
 * Differential test: the Spark KPIs against the plain-Java {@link Reference} on seeded random
 * inputs biased to the edges ({@link EdgeGenerator}), every column of every row. Each batch is one
 * Spark run over many small cases with disjoint ids; batches cycle through every grain.
 *
 * <p>{@code -Dreference.seed=S} replays the one batch of seed S (printed on failure);
 * {@code -Dreference.batches=N} and {@code -Dreference.cases=N} run more.
 */
@Tag("e2e")
class DifferentialTest {
  static final int BATCHES = Integer.getInteger("reference.batches", 5);
  static final int CASES = Integer.getInteger("reference.cases", 64);

  @Test
  void sparkKpisEqualTheReference() {
    String replay = System.getProperty("reference.seed");
    List<Long> seeds = new ArrayList<>();
    if (replay != null && !replay.isBlank()) {
      seeds.add(Long.parseLong(replay.trim()));
    } else {
      // A new base every run (more cases over time); five consecutive seeds cover every grain.
      long base = Math.floorMod(System.nanoTime() ^ System.currentTimeMillis(), 1_000_000_000L);
      for (int i = 0; i < BATCHES; i++) {
        seeds.add(base + i);
      }
    }
    List<String> failures = new ArrayList<>();
    int cases = 0;
    // Tiny inputs: one shuffle partition, no code generation and no adaptive re-planning save
    // most of the per-query cost. Restored afterwards for the other tests of the JVM.
    SparkSession spark = SharedSpark.get();
    Map<String, String> tuned = Map.of("spark.sql.shuffle.partitions", "1",
        "spark.sql.codegen.wholeStage", "false", "spark.sql.adaptive.enabled", "false");
    Map<String, String> saved = new java.util.HashMap<>();
    tuned.forEach((k, v) -> {
      saved.put(k, spark.conf().get(k));
      spark.conf().set(k, v);
    });

    try {
      for (long seed : seeds) {
        try {
          Batch b = EdgeGenerator.batch(seed, CASES);
          cases += b.cases();
          failures.addAll(compare(b));
        } catch (RuntimeException e) {
          // Any crash names its seed too, so it can be replayed.
          throw new AssertionError("seed " + seed + " (replay: -Dreference.seed=" + seed
              + "): " + e, e);
        }
      }
    } finally {
      saved.forEach(spark.conf()::set);
    }
    if (!failures.isEmpty()) {
      throw new AssertionError(failures.size() + " differences from the reference:\n"
          + String.join("\n", failures));
    }
    assertEquals(seeds.size() * CASES, cases);
  }

  /** Every KPI of one batch; returns one message per differing KPI. */
  static List<String> compare(Batch b) {
    Grain grain = Grain.parse(b.grain());
    KpiParams base = new KpiParams(b.zone(), grain, CohortBy.SIGNUP, b.maxCohortAge(), null,
        b.inactivityDays(), EdgeGenerator.SESSION_TIMEOUT, List.of("purchase"), 12, 0.01, 3.0);
    List<Period> periods = RunWindow.periods(grain, b.from(), b.to(), b.zone());
    // Inputs cached once per batch; one Prepared per parameter set, its shared preparations
    // persisted, so that eight KPI queries do not recompute the same inputs.
    Map<InputTable, Dataset<Row>> kept = new EnumMap<>(InputTable.class);
    InputSet.of(frames(b.input())).keptTables().forEach((t, d) -> kept.put(t, d.cache()));
    Reference ref = new Reference(b.input(), new RefCalendar(b.grain(), b.zone()), b.from(),
        b.to());
    assertEquals(ref.periodLabels(), periods.stream().map(Period::label).toList(), b.toString());

    List<String> failures = new ArrayList<>();
    String replay = " — replay: mvn -B -pl jobs -am test -Dtest=DifferentialTest"
        + " -Dsurefire.failIfNoSpecifiedTests=false -Dreference.seed=" + b.seed()
        + " -Dreference.cases=" + b.cases();
    Prepared main = Prepared.of(SharedSpark.get(), base, periods, kept,
        EnumSet.allOf(Shared.class));
    Prepared alt = Prepared.of(SharedSpark.get(),
        base.withChurnModel(ChurnModel.ACTIVITY).withCohortBy(CohortBy.FIRST_ORDER), periods, kept,
        EnumSet.noneOf(Shared.class));
    java.util.function.Function<KpiParams, Prepared> prep = params ->
        params.churnModel() == ChurnModel.ACTIVITY || params.cohortBy() == CohortBy.FIRST_ORDER
            ? alt : main;
    List<String> churnCols = List.of("period", "segment", Cols.CUSTOMERS_START,
        Cols.CHURNED, Cols.NEW, Cols.REACTIVATED,
        Cols.CUSTOMERS_END, Cols.CHURN_RATE, Cols.RETENTION_RATE);
    check(failures, "customer_churn (subscription) " + b + replay, churnCols,
        ref::churnBySubscription, () -> CustomerChurn.KPI.compute(
            prep.apply(base)));
    check(failures, "customer_churn (activity) " + b + replay, churnCols,
        () -> ref.churnByActivity(b.inactivityDays()), () -> CustomerChurn.KPI.compute(
            prep.apply(base.withChurnModel(ChurnModel.ACTIVITY))));
    check(failures, "mrr " + b + replay, List.of("period", "segment", Cols.MRR_START,
        Cols.NEW_MRR, Cols.EXPANSION_MRR, Cols.CONTRACTION_MRR, Cols.CHURNED_MRR,
        Cols.REACTIVATION_MRR, Cols.MRR_END, Cols.PAYING_CUSTOMERS, Cols.REVENUE_CHURN_RATE,
        Cols.NET_REVENUE_RETENTION), ref::mrr, () -> Mrr.KPI.compute(prep.apply(base)));
    List<String> cohortCols = List.of("period", "segment", Cols.COHORT,
        Cols.PERIOD_OFFSET, Cols.COHORT_SIZE,
        Cols.ACTIVE_CUSTOMERS, Cols.RETENTION_RATE);
    check(failures, "cohort_retention (signup) " + b + replay, cohortCols,
        () -> ref.cohortRetention(false, b.maxCohortAge()),
        () -> CohortRetention.KPI.compute(prep.apply(base)));
    check(failures, "cohort_retention (first_order) " + b + replay, cohortCols,
        () -> ref.cohortRetention(true, b.maxCohortAge()),
        () -> CohortRetention.KPI.compute(prep.apply(base.withCohortBy(CohortBy.FIRST_ORDER))));
    check(failures, "active_users " + b + replay, List.of("period", "segment",
        Cols.DAU_AVG, Cols.WAU_AVG, Cols.MAU, Cols.STICKINESS),
        ref::activeUsers, () -> ActiveUsers.KPI.compute(prep.apply(base)));
    check(failures, "repeat_purchase " + b + replay, List.of("period", "segment",
        Cols.BUYERS, Cols.REPEAT_BUYERS, Cols.REPEAT_CUSTOMER_RATE,
        Cols.ORDERS, Cols.ORDERS_PER_BUYER),
        ref::repeatPurchase, () -> RepeatPurchase.KPI.compute(prep.apply(base)));
    // The historical columns of clv_customer, as the job computes them before model scoring.
    check(failures, "clv_customer history " + b + replay, List.of("period", "segment",
        "customer_id", "frequency", "recency_days", "t_days", "monetary_value",
        "revenue_to_date", PurchaseHistory.ORDERS_TO_DATE),
        ref::clvHistory, () -> prep.apply(base).buyerFeatures());
    main.release();
    alt.release();
    kept.values().forEach(Dataset::unpersist);
    return failures;
  }

  private static void check(List<String> failures, String context, List<String> cols,
      Supplier<List<List<Object>>> expected, Supplier<Dataset<Row>> actual) {
    try {
      DatasetAssertions.assertSameRows(context, cols, expected.get(), actual.get());
    } catch (AssertionError e) {
      failures.add(e.getMessage());
    }
  }

  /** The batch's rows as conformed input frames, in contract column order. */
  static Map<InputTable, Dataset<Row>> frames(RefInput in) {
    Map<InputTable, List<Row>> rows = new EnumMap<>(InputTable.class);
    for (InputTable t : List.of(InputTable.CUSTOMERS, InputTable.SUBSCRIPTIONS,
        InputTable.EVENTS, InputTable.ORDERS)) {
      rows.put(t, new ArrayList<>());
    }
    in.customers.forEach(c -> rows.get(InputTable.CUSTOMERS).add(Rows.row(c.id(), ts(c.signup()),
        "email", c.segment())));
    in.subs.forEach(s -> rows.get(InputTable.SUBSCRIPTIONS).add(Rows.row(s.id(), s.customerId(),
        s.mrr(), ts(s.start()), ts(s.end()))));
    in.events.forEach(e -> rows.get(InputTable.EVENTS).add(Rows.row(e.id(), ts(e.ts()),
        e.customerId(), e.anonymousId(), e.sessionId(), e.type(), null, "/", "web")));
    in.orders.forEach(o -> rows.get(InputTable.ORDERS).add(Rows.row(o.id(), o.customerId(),
        ts(o.ts()), o.amount(), o.status(), null)));
    Map<InputTable, Dataset<Row>> out = new EnumMap<>(InputTable.class);
    rows.forEach((t, r) -> out.put(t, Rows.df(t.schema(), r)));
    return out;
  }

  private static Timestamp ts(Instant t) {
    return t == null ? null : Timestamp.from(t);
  }
}
