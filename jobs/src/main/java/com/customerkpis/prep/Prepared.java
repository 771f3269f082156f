package com.customerkpis.prep;

import static org.apache.spark.sql.functions.*;

import com.customerkpis.clv.ClvModels;
import com.customerkpis.config.KpiParams;
import com.customerkpis.schema.Cols;
import com.customerkpis.input.InputTable;
import com.customerkpis.time.Period;
import com.customerkpis.time.TimeColumns;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Inputs and shared preparations of one run, built lazily once and persisted only when reused:
 * periods, customers with segment, keyed events (visitor keys), sessions, activity days.
 */
public final class Prepared {
  private final SparkSession spark;
  private final KpiParams params;
  private final List<Period> periods;
  private final Map<InputTable, Dataset<Row>> inputs;
  private final Set<Shared> reused;
  private final Map<Shared, Dataset<Row>> built = new EnumMap<>(Shared.class);
  private final List<Dataset<Row>> persisted = new ArrayList<>();
  private Dataset<Row> periodsTable;
  private Dataset<Row> clvFeatures;
  private List<ClvModels.PeriodFit> clvFits;

  /**
   * @param inputs clean input tables (absent tables are simply missing from the map)
   * @param reused the shared preparations used by two or more KPIs of this run
   */
  public Prepared(SparkSession spark, KpiParams params, List<Period> periods,
      Map<InputTable, Dataset<Row>> inputs, Set<Shared> reused) {
    this.spark = spark;
    this.params = params;
    this.periods = List.copyOf(periods);
    this.inputs = Map.copyOf(inputs);
    this.reused = Set.copyOf(reused);
  }

  public SparkSession spark() {
    return spark;
  }

  public KpiParams params() {
    return params;
  }

  public List<Period> periodList() {
    return periods;
  }

  /** Run period labels in order. */
  public List<String> periodLabels() {
    return periods.stream().map(Period::label).toList();
  }

  /**
   * The periods table (see {@link TimeColumns#PERIODS_SCHEMA}); a small local relation that
   * Spark broadcasts in joins on its own (no hint, so full outer joins with it stay legal).
   */
  public Dataset<Row> periods() {
    if (periodsTable == null) {
      periodsTable = TimeColumns.periodsTable(spark, periods);
    }
    return periodsTable;
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

  /** Customers: customer_id, signup_ts, acquisition_channel, segment, signup_date (local). */
  public Dataset<Row> customers() {
    return shared(Shared.CUSTOMERS, () -> input(InputTable.CUSTOMERS)
        .withColumn(Cols.LOCAL_DATE, TimeColumns.localDate(col(Cols.SIGNUP_TS), params.zone())));
  }

  /** Events with local_date, link_ts, linked_customer and grouping key (see VisitorKeys). */
  public Dataset<Row> keyedEvents() {
    return shared(Shared.KEYED_EVENTS,
        () -> VisitorKeys.keyed(input(InputTable.EVENTS), params.zone()));
  }

  /** Completed orders with local_date. */
  public Dataset<Row> completedOrders() {
    return shared(Shared.COMPLETED_ORDERS, () -> input(InputTable.ORDERS)
        .filter(col(Cols.STATUS).equalTo("completed"))
        .withColumn(Cols.LOCAL_DATE, TimeColumns.localDate(col(Cols.ORDER_TS), params.zone())));
  }

  /**
   * Sessions of the run periods (the period of their first event): period, session_key, first_ts,
   * last_ts, visitor_key, segment, channel, landing_page, device, event_count, page_view_count,
   * converted, duration_s, bounce.
   */
  public Dataset<Row> sessions() {
    return shared(Shared.SESSIONS, () -> {
      Dataset<Row> all = Sessions.build(keyedEvents(), params.sessionTimeout(),
          params.conversionEvents());
      String f = Sessions.FIRST + ".";
      Dataset<Row> s = all
          .withColumn(Cols.LOCAL_DATE,
              TimeColumns.localDate(col(f + Cols.EVENT_TS), params.zone()))
          .withColumn(Cols.PERIOD, params.grain().labelOf(col(Cols.LOCAL_DATE)))
          .filter(col(Cols.PERIOD).isin(periodLabels().toArray()))
          .join(periods().select(Cols.PERIOD, Cols.P_END_TS), Cols.PERIOD)
          .select(col(Cols.PERIOD), col(Cols.SESSION_KEY),
              col(f + Cols.EVENT_TS).as(Cols.FIRST_TS), col(Cols.LAST_TS),
              coalesce(col(f + Cols.CUSTOMER_ID),
                  when(col(f + Cols.LINK_TS).lt(col(Cols.P_END_TS)), col(f + Cols.LINKED_CUSTOMER)),
                  col(f + Cols.ANONYMOUS_ID)).as(Cols.VISITOR_KEY),
              col(f + Cols.CHANNEL).as(Cols.CHANNEL),
              col(f + Cols.PAGE).as(Cols.LANDING_PAGE),
              col(f + Cols.DEVICE).as(Cols.DEVICE),
              col(Cols.EVENT_COUNT), col(Cols.PAGE_VIEW_COUNT), col(Cols.CONVERTED),
              unix_micros(col(Cols.LAST_TS)).minus(unix_micros(col(f + Cols.EVENT_TS)))
                  .cast("double").divide(1e6).as(Cols.DURATION_S),
              col(Cols.EVENT_COUNT).equalTo(1).as(Cols.BOUNCE));
      return withSegment(s, Cols.VISITOR_KEY);
    });
  }

  /**
   * Completed purchases per customer and local day: customer_id, local_date, day_amount
   * (DECIMAL(38,2)), day_orders, segment (the customer's, or anonymous).
   */
  public Dataset<Row> purchaseDays() {
    return shared(Shared.PURCHASE_DAYS, () -> withSegment(completedOrders()
        .groupBy(Cols.CUSTOMER_ID, Cols.LOCAL_DATE)
        .agg(sum(col(Cols.AMOUNT)).cast(com.customerkpis.schema.Money.TOTAL).as(DAY_AMOUNT),
            count(lit(1)).as(DAY_ORDERS)), Cols.CUSTOMER_ID));
  }

  /** Column of {@link #purchaseDays()}: completed amount of the day. */
  public static final String DAY_AMOUNT = "day_amount";
  /** Column of {@link #purchaseDays()}: completed orders of the day. */
  public static final String DAY_ORDERS = "day_orders";
  /** Column of {@link #buyerStates()}: distinct purchase days before P.end. */
  public static final String PURCHASE_DAY_COUNT = "purchase_days";
  /** Column of {@link #buyerStates()}: completed orders before P.end. */
  public static final String ORDERS_TO_DATE = "orders_to_date";

  /**
   * Each buyer's purchase history as of each run period's end (SPEC §4.5 "buyer"): period,
   * customer_id, segment, first_day, last_day, purchase_days, orders_to_date, revenue_to_date,
   * repeat_amount (all but the first day), t_end_day (P's last day). Built from a running window
   * over purchase days: each day's state is valid until the next purchase day, so it is joined
   * only to the periods that end in that gap.
   */
  public Dataset<Row> buyerStates() {
    return shared(Shared.BUYER_STATES, () -> {
      var w = org.apache.spark.sql.expressions.Window.partitionBy(Cols.CUSTOMER_ID)
          .orderBy(Cols.LOCAL_DATE);
      var running = w.rowsBetween(org.apache.spark.sql.expressions.Window.unboundedPreceding(),
          org.apache.spark.sql.expressions.Window.currentRow());
      Dataset<Row> cum = purchaseDays()
          .withColumn(PURCHASE_DAY_COUNT, row_number().over(w))
          .withColumn(ORDERS_TO_DATE, sum(col(DAY_ORDERS)).over(running))
          .withColumn(Cols.REVENUE_TO_DATE, sum(col(DAY_AMOUNT)).over(running)
              .cast(com.customerkpis.schema.Money.TOTAL))
          .withColumn("first_day", first(col(Cols.LOCAL_DATE)).over(running))
          .withColumn("_first_amount", first(col(DAY_AMOUNT)).over(running))
          .withColumn("_next_day", lead(col(Cols.LOCAL_DATE), 1).over(w));
      Column ped = col(Cols.P_END_DATE_EXCL);
      return joinPeriodsIntersecting(cum, col(Cols.LOCAL_DATE), date_sub(col("_next_day"), 1))
          .filter(col(Cols.LOCAL_DATE).lt(ped)
              .and(col("_next_day").isNull().or(col("_next_day").geq(ped))))
          .select(col(Cols.PERIOD), col(Cols.CUSTOMER_ID), col(Cols.SEGMENT), col("first_day"),
              col(Cols.LOCAL_DATE).as("last_day"), col(PURCHASE_DAY_COUNT), col(ORDERS_TO_DATE),
              col(Cols.REVENUE_TO_DATE),
              col(Cols.REVENUE_TO_DATE).minus(col("_first_amount")).as("repeat_amount"),
              date_sub(ped, 1).as("t_end_day"));
    });
  }

  /**
   * The RFM features of every buyer per period (SPEC §4.5, days as the unit): period,
   * customer_id, segment, frequency, recency_days, t_days, monetary_value, revenue_to_date,
   * orders_to_date.
   */
  public Dataset<Row> buyerFeatures() {
    Column repeatDays = col(PURCHASE_DAY_COUNT).minus(1);
    return buyerStates().select(col(Cols.PERIOD), col(Cols.CUSTOMER_ID), col(Cols.SEGMENT),
        repeatDays.cast("int").as(Cols.FREQUENCY),
        datediff(col("last_day"), col("first_day")).as(Cols.RECENCY_DAYS),
        datediff(col("t_end_day"), col("first_day")).as(Cols.T_DAYS),
        when(repeatDays.gt(0), col("repeat_amount").cast("double").divide(repeatDays))
            .otherwise(lit(0.0)).as(Cols.MONETARY_VALUE),
        col(Cols.REVENUE_TO_DATE), col(ORDERS_TO_DATE));
  }

  /**
   * The CLV fits of every run period (BG/NBD and Gamma-Gamma), fitted once per run from the
   * buyers' sufficient statistics and shared by clv_customer, clv_model and clv_summary.
   */
  public List<ClvModels.PeriodFit> clvFits() {
    if (clvFits == null) {
      clvFits = ClvModels.fit(clvFeatures());
    }
    return clvFits;
  }

  /** Buyer features, persisted because fitting and scoring both read them. */
  private Dataset<Row> clvFeatures() {
    if (clvFeatures == null) {
      clvFeatures = buyerFeatures().persist(StorageLevel.MEMORY_AND_DISK());
      persisted.add(clvFeatures);
    }
    return clvFeatures;
  }

  /**
   * Buyer features scored by the fitted CLV models: {@link #buyerFeatures()} plus p_alive,
   * expected_purchases, expected_spend and predicted_clv.
   */
  public Dataset<Row> clvScores() {
    return shared(Shared.CLV_SCORES, () -> ClvModels.score(clvFeatures(), clvFits(),
        params.clvHorizonMonths(), params.discountRate()));
  }

  /** The fitted models per period (ClvModels.MODEL_SCHEMA), a few rows. */
  public Dataset<Row> clvModelRows() {
    return ClvModels.models(spark, clvFits());
  }

  /**
   * Customer activity (SPEC §3) per day: customer_id, local_date, available_from. An anonymous
   * event counts for the customer its id is linked to only in periods ending after the link
   * ({@code available_from < P.end}; null = always). Only activity at or after signup counts.
   */
  public Dataset<Row> activityDays() {
    return shared(Shared.ACTIVITY_DAYS, () -> {
      Column never = to_timestamp(lit("1900-01-01 00:00:00"));
      List<Dataset<Row>> parts = new ArrayList<>();
      if (has(InputTable.EVENTS)) {
        parts.add(keyedEvents()
            .filter(col(Cols.CUSTOMER_ID).isNotNull().or(col(Cols.LINKED_CUSTOMER).isNotNull()))
            .select(coalesce(col(Cols.CUSTOMER_ID), col(Cols.LINKED_CUSTOMER))
                    .as(Cols.CUSTOMER_ID),
                col(Cols.EVENT_TS).as("ts"), col(Cols.LOCAL_DATE),
                when(col(Cols.CUSTOMER_ID).isNull(), col(Cols.LINK_TS)).as(Cols.AVAILABLE_FROM)));
      }
      if (has(InputTable.ORDERS)) {
        parts.add(completedOrders().select(col(Cols.CUSTOMER_ID), col(Cols.ORDER_TS).as("ts"),
            col(Cols.LOCAL_DATE), lit(null).cast("timestamp").as(Cols.AVAILABLE_FROM)));
      }
      if (parts.isEmpty()) {
        return spark.createDataFrame(List.of(), new org.apache.spark.sql.types.StructType()
            .add(Cols.CUSTOMER_ID, "string").add(Cols.LOCAL_DATE, "date")
            .add(Cols.AVAILABLE_FROM, "timestamp"));
      }
      Dataset<Row> all = parts.stream().reduce(Dataset::unionByName).orElseThrow();
      Dataset<Row> signups = customers().select(Cols.CUSTOMER_ID, Cols.SIGNUP_TS);
      // Pre-aggregate to one row per (customer, day, link) before the join: "an event at or after
      // signup that day" is "the day's latest event is at or after signup".
      Dataset<Row> days = all.groupBy(Cols.CUSTOMER_ID, Cols.LOCAL_DATE, Cols.AVAILABLE_FROM)
          .agg(max(col("ts")).as("ts"))
          .join(signups, Cols.CUSTOMER_ID)
          .filter(col("ts").geq(col(Cols.SIGNUP_TS)))
          .groupBy(Cols.CUSTOMER_ID, Cols.LOCAL_DATE)
          .agg(min(coalesce(col(Cols.AVAILABLE_FROM), never)).as(Cols.AVAILABLE_FROM));
      return days.withColumn(Cols.AVAILABLE_FROM,
          when(col(Cols.AVAILABLE_FROM).equalTo(never), lit(null).cast("timestamp"))
              .otherwise(col(Cols.AVAILABLE_FROM)));
    });
  }

  /**
   * Adds {@code segment}: the customer's segment when {@code keyCol} is a customer of customers,
   * else {@code anonymous}.
   */
  public Dataset<Row> withSegment(Dataset<Row> df, String keyCol) {
    if (!has(InputTable.CUSTOMERS)) {
      return df.withColumn(Cols.SEGMENT, lit(Cols.ANONYMOUS));
    }
    Dataset<Row> seg = customers().select(col(Cols.CUSTOMER_ID).as("_seg_key"),
        col(Cols.SEGMENT).as("_seg"));
    return df.join(seg, df.col(keyCol).equalTo(seg.col("_seg_key")), "left")
        .withColumn(Cols.SEGMENT, coalesce(col("_seg"), lit(Cols.ANONYMOUS)))
        .drop("_seg_key", "_seg");
  }

  /** Adds the {@code period} label of a local-date column and keeps only run periods. */
  public Dataset<Row> inRunPeriods(Dataset<Row> df, Column localDate) {
    return df.withColumn(Cols.PERIOD, params.grain().labelOf(localDate))
        .filter(col(Cols.PERIOD).isin(periodLabels().toArray()));
  }

  /**
   * Joins each row to the run periods whose local dates intersect [from, to] (DATE columns; a
   * null {@code to} means "no end"). Rows gain the periods table's columns. Candidate periods are
   * enumerated per row with a grain-stepped sequence and matched by label (a broadcast hash join),
   * so no row is compared with every period.
   */
  public Dataset<Row> joinPeriodsIntersecting(Dataset<Row> df, Column from, Column to) {
    java.time.LocalDate first = periods.get(0).firstDate();
    java.time.LocalDate last = periods.get(periods.size() - 1).lastDate();
    Column lo = greatest(from, lit(java.sql.Date.valueOf(first)));
    Column hi = to == null ? lit(java.sql.Date.valueOf(last))
        : least(coalesce(to, lit(java.sql.Date.valueOf(last))), lit(java.sql.Date.valueOf(last)));
    String step = switch (params.grain()) {
      case DAY -> "interval 1 day";
      case WEEK -> "interval 1 week";
      case MONTH -> "interval 1 month";
      case QUARTER -> "interval 3 months";
      case YEAR -> "interval 1 year";
    };
    Column starts = when(lo.leq(hi), sequence(params.grain().startOf(lo),
        params.grain().startOf(hi), expr(step)));
    return df.withColumn("_p_start", explode(starts))
        .withColumn(Cols.PERIOD, params.grain().labelOf(col("_p_start")))
        .drop("_p_start")
        .join(periods(), Cols.PERIOD);
  }

  /** Unpersists everything this run persisted. */
  public void release() {
    persisted.forEach(Dataset::unpersist);
    persisted.clear();
  }

  private Dataset<Row> shared(Shared key, Supplier<Dataset<Row>> build) {
    Dataset<Row> d = built.get(key);
    if (d == null) {
      d = build.get();
      if (reused.contains(key)) {
        d = d.persist(StorageLevel.MEMORY_AND_DISK());
        persisted.add(d);
      }
      built.put(key, d);
    }
    return d;
  }
}
