package com.customerkpis.prep;

import com.customerkpis.config.KpiParams;
import com.customerkpis.input.InputTable;
import com.customerkpis.spark.Stages;
import com.customerkpis.time.Period;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a KPI function reads: the run's clean inputs, its {@link RunScope} and the shared
 * preparations, each built once by its builder and persisted only when reused ({@link PrepCache}).
 */
public final class Prepared {
  private static final Logger LOG = LoggerFactory.getLogger(Prepared.class);

  private final RunScope scope;
  private final Map<InputTable, Dataset<Row>> inputs;
  private final PrepCache cache;
  private final Stages stages;
  private ClvFit clvFit;

  /**
   * @param inputs clean input tables (absent tables are simply missing from the map)
   * @param cache the run's cache, persisting the preparations two or more KPIs read
   * @param stages the run's stages, which time the CLV fit
   */
  public Prepared(RunScope scope, Map<InputTable, Dataset<Row>> inputs, PrepCache cache,
      Stages stages) {
    this.scope = scope;
    this.inputs = Map.copyOf(inputs);
    this.cache = cache;
    this.stages = stages;
  }

  /**
   * Inputs and preparations of a run over {@code periods}, with its own cache and stage clock
   * (tests and single-KPI callers; the job passes its own {@link Stages}).
   *
   * @param reused the shared preparations used by two or more KPIs of this run
   */
  public static Prepared of(SparkSession spark, KpiParams params, List<Period> periods,
      Map<InputTable, Dataset<Row>> inputs, java.util.Set<Shared> reused) {
    return new Prepared(new RunScope(spark, params, periods), inputs, new PrepCache(reused),
        new Stages(spark));
  }

  /** The run's frame of time. */
  public RunScope scope() {
    return scope;
  }

  public SparkSession spark() {
    return scope.spark();
  }

  public KpiParams params() {
    return scope.params();
  }

  public List<Period> periodList() {
    return scope.periodList();
  }

  /** Run period labels in order. */
  public List<String> periodLabels() {
    return scope.periodLabels();
  }

  /** The periods table (see {@link RunScope#periods()}). */
  public Dataset<Row> periods() {
    return scope.periods();
  }

  /** The local date of an instant column in the run's time zone. */
  public Column localDate(Column instant) {
    return scope.localDate(instant);
  }

  /** Adds the {@code period} label of a local-date column and keeps only run periods. */
  public Dataset<Row> inRunPeriods(Dataset<Row> df, Column localDate) {
    return scope.inRunPeriods(df, localDate);
  }

  /** Joins each row to the run periods its [from, to] local dates intersect. */
  public Dataset<Row> joinPeriodsIntersecting(Dataset<Row> df, Column from, Column to) {
    return scope.joinPeriodsIntersecting(df, from, to);
  }

  /** True when the input table is present. */
  public boolean has(InputTable t) {
    return inputs.containsKey(t);
  }

  /** A clean input table; the caller declared it as required, so it must be present. */
  public Dataset<Row> input(InputTable t) {
    Dataset<Row> d = inputs.get(t);
    if (d == null) {
      throw new IllegalStateException("input table " + t.tableName() + " is not available");
    }
    return d;
  }

  /**
   * A shared preparation built by a KPI-side builder (e.g. the survey score histogram), cached
   * like the ones below under {@code key}.
   */
  public Dataset<Row> shared(Shared key, Supplier<Dataset<Row>> build) {
    return cache.get(key, build);
  }

  /** Customers: customer_id, signup_ts, acquisition_channel, segment, signup_date (local). */
  public Dataset<Row> customers() {
    return cache.get(Shared.CUSTOMERS,
        () -> Segments.customers(input(InputTable.CUSTOMERS), scope));
  }

  /**
   * Links whose cache is at most this size are sent to every task, so that the keyed events
   * read the events once (about 4 MB at 100k customers, 42 MB at 1M; docs/performance.md).
   */
  static final long BROADCAST_LINKS_BYTES = 64L << 20;

  /**
   * Events with local_date, link_ts, linked_customer and grouping key (see VisitorKeys). Built
   * once for the run: when the links are cached, their measured size decides how they are joined.
   */
  public Dataset<Row> keyedEvents() {
    return cache.get(Shared.KEYED_EVENTS, () -> {
      Dataset<Row> links = links();
      OptionalLong bytes = cache.cachedBytes(Shared.LINKS);
      boolean broadcast = bytes.isPresent() && bytes.getAsLong() <= BROADCAST_LINKS_BYTES;
      LOG.info("identity links: {}; the events are {}",
          bytes.isPresent() ? String.format(Locale.ROOT, "%.1f MB cached",
              bytes.getAsLong() / 1048576.0) : "not cached",
          broadcast ? "read once, the links sent to every task"
              : "read twice, those without a customer_id shuffled to meet the links");
      return VisitorKeys.keyed(input(InputTable.EVENTS), links, scope, broadcast);
    });
  }

  /** One row per linked anonymous_id (see {@link VisitorKeys#links}). */
  public Dataset<Row> links() {
    return cache.get(Shared.LINKS, () -> VisitorKeys.links(input(InputTable.EVENTS)));
  }

  /** Completed orders with local_date. */
  public Dataset<Row> completedOrders() {
    return cache.get(Shared.COMPLETED_ORDERS,
        () -> PurchaseHistory.completedOrders(input(InputTable.ORDERS), scope));
  }

  /** Sessions of the run periods (see {@link Sessions#ofRunPeriods}). */
  public Dataset<Row> sessions() {
    return cache.get(Shared.SESSIONS, () -> Sessions.ofRunPeriods(
        Sessions.build(keyedEvents(), params().sessionTimeout(), params().conversionEvents()),
        scope, customersOrNull()));
  }

  /** Completed purchases per customer and local day (see {@link PurchaseHistory}). */
  public Dataset<Row> purchaseDays() {
    return cache.get(Shared.PURCHASE_DAYS,
        () -> PurchaseHistory.purchaseDays(completedOrders(), customersOrNull()));
  }

  /** Each buyer's purchase history as of each run period's end (see {@link PurchaseHistory}). */
  public Dataset<Row> buyerStates() {
    return cache.get(Shared.BUYER_STATES,
        () -> PurchaseHistory.buyerStates(purchaseDays(), scope));
  }

  /** The RFM features of every buyer per period (see {@link PurchaseHistory#buyerFeatures}). */
  public Dataset<Row> buyerFeatures() {
    return PurchaseHistory.buyerFeatures(buyerStates());
  }

  /** The run's CLV fit stage, over buyer features persisted once for fitting and scoring. */
  public synchronized ClvFit clvFit() {
    if (clvFit == null) {
      // Released with the buyer states: the CLV KPIs read both.
      clvFit = new ClvFit(cache.persist(buyerFeatures(), Shared.BUYER_STATES), stages);
    }
    return clvFit;
  }

  /** Buyer features scored by the fitted CLV models (see {@link ClvFit#scores}). */
  public Dataset<Row> clvScores() {
    return cache.get(Shared.CLV_SCORES,
        () -> clvFit().scores(params().clvHorizonMonths(), params().discountRate()));
  }

  /** The fitted models per period (ClvModels.MODEL_SCHEMA), a few rows. */
  public Dataset<Row> clvModelRows() {
    return clvFit().modelRows(spark());
  }

  /** The keyed events per local day and identity (see {@link VisitorDays}). */
  public Dataset<Row> visitorDays() {
    return cache.get(Shared.VISITOR_DAYS, () -> VisitorDays.build(keyedEvents()));
  }

  /** Customer activity per local day (see {@link ActivityDays}). */
  public Dataset<Row> activityDays() {
    return cache.get(Shared.ACTIVITY_DAYS, () -> ActivityDays.build(spark(),
        has(InputTable.EVENTS) ? visitorDays() : null,
        has(InputTable.ORDERS) ? completedOrders() : null, customers()));
  }

  /**
   * Adds {@code segment}: the customer's segment when {@code keyCol} is a customer of customers,
   * else {@code anonymous}.
   */
  public Dataset<Row> withSegment(Dataset<Row> df, String keyCol) {
    return Segments.withSegment(df, keyCol, customersOrNull());
  }

  /**
   * One KPI that read the shared preparations {@code read} is done: those no KPI left reads are
   * unpersisted (see {@link PrepCache#done}).
   */
  public void done(java.util.Set<Shared> read) {
    cache.done(read);
  }

  /** Unpersists everything this run persisted. */
  public void release() {
    cache.release();
  }

  private Dataset<Row> customersOrNull() {
    return has(InputTable.CUSTOMERS) ? customers() : null;
  }
}
