package com.customerkpis.clv;

import static org.apache.spark.sql.functions.*;

import com.customerkpis.schema.Cols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Predictive CLV on Spark: fits BG/NBD and Gamma-Gamma per period from sufficient statistics
 * collected in one aggregation per model, and scores every buyer with built-in column functions.
 *
 * <p>Input: one row per buyer and period with at least {@code period STRING, customer_id STRING,
 * frequency INT, recency_days INT, t_days INT, monetary_value DOUBLE} (other columns are carried
 * through). Scoring joins a small broadcast table keyed by (period, frequency, t_days) that holds
 * the period's parameters and the parts of the expectations that need the hypergeometric
 * function, which depends on (frequency, t_days) and not on recency; everything else is a column
 * expression.
 */
public final class ClvModels {
  private static final Logger LOG = LoggerFactory.getLogger(ClvModels.class);

  /** clv_model: which model a row describes. */
  public static final String MODEL = "model";
  /** clv_model: BG/NBD r. */
  public static final String R = "r";
  /** clv_model: BG/NBD alpha (days). */
  public static final String ALPHA = "alpha";
  /** clv_model: BG/NBD a. */
  public static final String A = "a";
  /** clv_model: BG/NBD b. */
  public static final String B = "b";
  /** clv_model: Gamma-Gamma p. */
  public static final String P = "p";
  /** clv_model: Gamma-Gamma q. */
  public static final String Q = "q";
  /** clv_model: Gamma-Gamma gamma (currency units). */
  public static final String GAMMA = "gamma";
  /** clv_model: total log-likelihood at the fitted parameters. */
  public static final String LOG_LIKELIHOOD = "log_likelihood";
  /** clv_model: customers the model was fitted on. */
  public static final String CUSTOMERS = "customers";
  /** clv_model: whether the fit is usable. */
  public static final String CONVERGED = "converged";
  /** clv_model.model value of the purchase model. */
  public static final String BGNBD = "bgnbd";
  /** clv_model.model value of the spend model. */
  public static final String GAMMA_GAMMA = "gamma_gamma";
  /** SPEC §4.5: a month of the CLV horizon is 30 days. */
  public static final int DAYS_PER_MONTH = 30;

  /** Schema of the model Dataset. */
  public static final StructType MODEL_SCHEMA = new StructType()
      .add(Cols.PERIOD, DataTypes.StringType, false)
      .add(MODEL, DataTypes.StringType, false)
      .add(R, DataTypes.DoubleType)
      .add(ALPHA, DataTypes.DoubleType)
      .add(A, DataTypes.DoubleType)
      .add(B, DataTypes.DoubleType)
      .add(P, DataTypes.DoubleType)
      .add(Q, DataTypes.DoubleType)
      .add(GAMMA, DataTypes.DoubleType)
      .add(LOG_LIKELIHOOD, DataTypes.DoubleType)
      .add(CUSTOMERS, DataTypes.LongType, false)
      .add(CONVERGED, DataTypes.BooleanType, false);

  // lookup-table columns; the prefix keeps them clear of any buyer column
  private static final String L_R = "_clv_r";
  private static final String L_ALPHA = "_clv_alpha";
  private static final String L_A = "_clv_a";
  private static final String L_B = "_clv_b";
  private static final String L_P = "_clv_p";
  private static final String L_Q = "_clv_q";
  private static final String L_GAMMA = "_clv_gamma";
  /** Expected purchases over the horizon if alive. */
  private static final String L_HORIZON = "_clv_if_alive";
  /** Discounted monthly expected purchases over the horizon if alive. */
  private static final String L_DISCOUNTED = "_clv_discounted_if_alive";
  private static final String N = "_clv_n";
  private static final String CENTS = "_clv_cents";

  private static final StructType LOOKUP_SCHEMA = new StructType()
      .add(Cols.PERIOD, DataTypes.StringType, false)
      .add(Cols.FREQUENCY, DataTypes.IntegerType, false)
      .add(Cols.T_DAYS, DataTypes.IntegerType, false)
      .add(L_R, DataTypes.DoubleType).add(L_ALPHA, DataTypes.DoubleType)
      .add(L_A, DataTypes.DoubleType).add(L_B, DataTypes.DoubleType)
      .add(L_P, DataTypes.DoubleType).add(L_Q, DataTypes.DoubleType)
      .add(L_GAMMA, DataTypes.DoubleType)
      .add(L_HORIZON, DataTypes.DoubleType).add(L_DISCOUNTED, DataTypes.DoubleType);

  private static final List<String> REQUIRED = List.of(Cols.PERIOD, Cols.CUSTOMER_ID,
      Cols.FREQUENCY, Cols.RECENCY_DAYS, Cols.T_DAYS, Cols.MONETARY_VALUE);

  private ClvModels() {}

  /**
   * The fits of one period.
   *
   * @param period period label
   * @param bgNbdStats the BG/NBD sufficient statistics (also the distinct (frequency, t_days)
   *     pairs that scoring needs)
   * @param bgNbd the BG/NBD fit
   * @param gammaGamma the Gamma-Gamma fit (empty when the period has no repeat buyer with spend)
   */
  public record PeriodFit(String period, BgNbdStats bgNbdStats, FitResult<BgNbdParams> bgNbd,
      FitResult<GammaGammaParams> gammaGamma) {}

  /**
   * Scored buyers and fitted models.
   *
   * @param scored the input rows plus p_alive, expected_purchases, expected_spend, predicted_clv
   * @param models one bgnbd and one gamma_gamma row per period that has buyers
   * @param fits the fits behind both, by period
   */
  public record ClvResult(Dataset<Row> scored, Dataset<Row> models, List<PeriodFit> fits) {}

  /**
   * Fits both models per period and scores every buyer: {@link #fit}, then {@link #score} and
   * {@link #models}. Runs two Spark jobs (the sufficient statistics); cache {@code buyers} first
   * if it is expensive, since scoring reads it again.
   *
   * @param horizonMonths H, the CLV horizon in 30-day months (≥ 1)
   * @param monthlyDiscountRate d, the discount rate per month (&gt; −1)
   */
  public static ClvResult fitAndScore(Dataset<Row> buyers, int horizonMonths,
      double monthlyDiscountRate) {
    List<PeriodFit> fits = fit(buyers);
    return new ClvResult(score(buyers, fits, horizonMonths, monthlyDiscountRate),
        models(buyers.sparkSession(), fits), fits);
  }

  /**
   * Collects the sufficient statistics of every period in two aggregation jobs, (period,
   * frequency, recency_days, t_days) counts and, over buyers with frequency &gt; 0 and
   * monetary_value &gt; 0, (period, frequency, total repeat spend in cents) counts, and fits each
   * period on the driver. Total repeat spend is frequency × monetary_value rounded to cents: the
   * upstream mean is a DECIMAL(·,2) total divided by frequency, so the product is that total to
   * within double rounding, far below half a cent, and rounding restores it exactly.
   */
  public static List<PeriodFit> fit(Dataset<Row> buyers) {
    checkColumns(buyers);
    // declared types for the row getters; rows with a null key cannot be modelled (and score NULL)
    Dataset<Row> keyed = buyers
        .select(col(Cols.PERIOD), col(Cols.FREQUENCY).cast("int").as(Cols.FREQUENCY),
            col(Cols.RECENCY_DAYS).cast("int").as(Cols.RECENCY_DAYS),
            col(Cols.T_DAYS).cast("int").as(Cols.T_DAYS),
            col(Cols.MONETARY_VALUE).cast("double").as(Cols.MONETARY_VALUE))
        .filter(col(Cols.PERIOD).isNotNull().and(col(Cols.FREQUENCY).isNotNull())
            .and(col(Cols.RECENCY_DAYS).isNotNull()).and(col(Cols.T_DAYS).isNotNull()));
    Map<String, BgNbdStats.Builder> triples = new TreeMap<>();
    for (Row row : keyed
        .groupBy(col(Cols.PERIOD), col(Cols.FREQUENCY), col(Cols.RECENCY_DAYS), col(Cols.T_DAYS))
        .agg(count(lit(1)).as(N))
        .collectAsList()) {
      triples.computeIfAbsent(row.getString(0), k -> BgNbdStats.builder())
          .add(row.getInt(1), row.getInt(2), row.getInt(3), row.getLong(4));
    }
    Column cents = round(col(Cols.FREQUENCY).cast("double").multiply(col(Cols.MONETARY_VALUE))
        .multiply(100)).cast("long");
    Map<String, GammaGammaStats.Builder> spends = new TreeMap<>();
    for (Row row : keyed
        .filter(col(Cols.FREQUENCY).gt(0).and(col(Cols.MONETARY_VALUE).gt(0)))
        .select(col(Cols.PERIOD), col(Cols.FREQUENCY), cents.as(CENTS))
        .filter(col(CENTS).geq(1))
        .groupBy(Cols.PERIOD, Cols.FREQUENCY, CENTS)
        .agg(count(lit(1)).as(N))
        .collectAsList()) {
      spends.computeIfAbsent(row.getString(0), k -> GammaGammaStats.builder())
          .addCents(row.getInt(1), row.getLong(2), row.getLong(3));
    }
    // Periods fit independently (pure functions of their statistics): in parallel on the
    // driver's cores, in period order.
    return triples.entrySet().parallelStream()
        .map(e -> fitPeriod(e.getKey(), e.getValue().build(), spends.get(e.getKey())))
        .toList();
  }

  private static PeriodFit fitPeriod(String period, BgNbdStats bgStats,
      GammaGammaStats.Builder ggBuilder) {
    FitResult<BgNbdParams> bg = BgNbd.fit(bgStats);
    FitResult<GammaGammaParams> gg = ggBuilder == null
        ? FitResult.empty(0) : GammaGamma.fit(ggBuilder.build());
    if (ggBuilder == null) {
      LOG.warn("period {}: Gamma-Gamma not fitted, no buyer has a repeat purchase with positive "
          + "spend; expected_spend and predicted_clv are NULL", period);
    }
    if (!bg.converged()) {
      LOG.warn("period {}: BG/NBD fit not usable; p_alive, expected_purchases and predicted_clv "
          + "are NULL", period);
    }
    if (gg.customers() > 0 && !gg.converged()) {
      LOG.warn("period {}: Gamma-Gamma fit not usable; expected_spend and predicted_clv are NULL",
          period);
    }
    LOG.info("period {}: BG/NBD {} over {} buyers, Gamma-Gamma {} over {} buyers", period,
        bg.params(), bg.customers(), gg.params(), gg.customers());
    return new PeriodFit(period, bgStats, bg, gg);
  }

  /** The model Dataset: per period a bgnbd and a gamma_gamma row (schema {@link #MODEL_SCHEMA}). */
  public static Dataset<Row> models(SparkSession spark, Collection<PeriodFit> fits) {
    List<Row> rows = new ArrayList<>();
    for (PeriodFit f : fits) {
      BgNbdParams bg = f.bgNbd().params();
      GammaGammaParams gg = f.gammaGamma().params();
      rows.add(RowFactory.create(f.period(), BGNBD,
          bg == null ? null : bg.r(), bg == null ? null : bg.alpha(),
          bg == null ? null : bg.a(), bg == null ? null : bg.b(), null, null, null,
          finiteOrNull(f.bgNbd().logLikelihood()), f.bgNbd().customers(), f.bgNbd().converged()));
      rows.add(RowFactory.create(f.period(), GAMMA_GAMMA, null, null, null, null,
          gg == null ? null : gg.p(), gg == null ? null : gg.q(), gg == null ? null : gg.gamma(),
          finiteOrNull(f.gammaGamma().logLikelihood()), f.gammaGamma().customers(),
          f.gammaGamma().converged()));
    }
    return spark.createDataFrame(rows, MODEL_SCHEMA);
  }

  /**
   * Scores buyers with the fits: the input columns plus
   * <ul>
   *   <li>{@code p_alive} = P(alive | x, tx, T);
   *   <li>{@code expected_purchases} = E[X(30·H) | x, tx, T];
   *   <li>{@code expected_spend} = p(γ + x·m̄)/(p·x + q − 1), the population mean p·γ/(q−1) when
   *       x = 0;
   *   <li>{@code predicted_clv} = Σ_{i=1..H} expected_spend·(E[X(30i)] − E[X(30(i−1))])/(1+d)^i.
   * </ul>
   * BG/NBD-derived columns are NULL in a period whose BG/NBD fit is not converged, Gamma-Gamma
   * ones in a period whose Gamma-Gamma fit is not, and predicted_clv when either is. Since
   * E[X(t) | x, tx, T] = P(alive)·E[X(t) | alive, x, T], the sum equals expected_spend · p_alive
   * · Σ_i (G(30i) − G(30(i−1)))/(1+d)^i with G = {@link BgNbd#expectedIfAlive}; that sum is
   * evaluated on the driver once per distinct (period, frequency, t_days) and broadcast.
   */
  public static Dataset<Row> score(Dataset<Row> buyers, Collection<PeriodFit> fits,
      int horizonMonths, double monthlyDiscountRate) {
    checkColumns(buyers);
    if (horizonMonths < 1) {
      throw new IllegalArgumentException(
          "CLV horizon must be at least one month: " + horizonMonths);
    }
    if (!(monthlyDiscountRate > -1) || !Double.isFinite(monthlyDiscountRate)) {
      throw new IllegalArgumentException("discount rate must be > -1: " + monthlyDiscountRate);
    }
    SparkSession spark = buyers.sparkSession();
    List<Row> lookup = new ArrayList<>();
    for (PeriodFit f : fits) {
      lookupRows(f, horizonMonths, monthlyDiscountRate, lookup);
    }
    // an RDD, not a local relation: the optimiser would copy a local relation's rows per rule
    Dataset<Row> table = spark.createDataFrame(
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(lookup, 1),
        LOOKUP_SCHEMA);

    Column x = col(Cols.FREQUENCY);
    Column tx = col(Cols.RECENCY_DAYS);
    Column t = col(Cols.T_DAYS);
    Column r = col(L_R);
    Column alpha = col(L_ALPHA);
    // P(alive) = 1/(1 + a/(b+x−1)·((α+T)/(α+tx))^(r+x)); exp overflows to +∞, giving 0, not NaN
    Column pAlive = when(r.isNull(), lit(null).cast("double"))
        .when(x.equalTo(0), lit(1.0))
        .otherwise(lit(1.0).divide(lit(1.0).plus(exp(
            log(col(L_A).divide(col(L_B).plus(x).minus(1)))
                .plus(r.plus(x).multiply(log1p(t.minus(tx).divide(alpha.plus(tx)))))))));
    Column spend = col(L_P).multiply(col(L_GAMMA).plus(x.multiply(col(Cols.MONETARY_VALUE))))
        .divide(col(L_P).multiply(x).plus(col(L_Q)).minus(1));

    List<Column> out = new ArrayList<>();
    for (String c : buyers.columns()) {
      out.add(col(c));
    }
    out.add(pAlive.as(Cols.P_ALIVE));
    out.add(pAlive.multiply(col(L_HORIZON)).as(Cols.EXPECTED_PURCHASES));
    out.add(spend.as(Cols.EXPECTED_SPEND));
    out.add(spend.multiply(pAlive).multiply(col(L_DISCOUNTED)).as(Cols.PREDICTED_CLV));
    return buyers
        .join(broadcast(table), scalaSeq(Cols.PERIOD, Cols.FREQUENCY, Cols.T_DAYS), "left")
        .select(out.toArray(new Column[0]));
  }

  /**
   * Σ_{i=1..H} (G(30i) − G(30(i−1)))/(1+d)^i with G(t) = E[X(t) | alive at T, x]: the discounted
   * expected purchases per 30-day month over the horizon of a buyer known to be alive.
   */
  public static double discountedIfAlive(BgNbdParams p, int x, double t, int horizonMonths,
      double monthlyDiscountRate) {
    return horizonSums(p, x, t, horizonMonths, monthlyDiscountRate)[1];
  }

  /** {G(30H), Σ_i (G(30i) − G(30(i−1)))/(1+d)^i}. */
  private static double[] horizonSums(BgNbdParams p, int x, double t, int horizonMonths,
      double d) {
    double previous = 0;
    double discounted = 0;
    double factor = 1;
    for (int i = 1; i <= horizonMonths; i++) {
      double g = BgNbd.expectedIfAlive(p, x, t, (double) DAYS_PER_MONTH * i);
      factor /= 1 + d;
      discounted += (g - previous) * factor;
      previous = g;
    }
    return new double[] {previous, discounted};
  }

  /**
   * The lookup rows of one period: one per distinct (frequency, t_days), computed in parallel
   * (about a microsecond per 2F1, H of them per pair) and returned in a fixed order.
   */
  private static void lookupRows(PeriodFit f, int horizonMonths, double d, List<Row> out) {
    BgNbdParams bg = f.bgNbd().converged() ? f.bgNbd().params() : null;
    GammaGammaParams gg = f.gammaGamma().converged() ? f.gammaGamma().params() : null;
    if (bg == null && gg == null) {
      return; // the left join leaves every score NULL
    }
    BgNbdStats s = f.bgNbdStats();
    long[] pairs = IntStream.range(0, s.size())
        .mapToLong(i -> ((long) s.x(i) << 32) | ((long) s.t(i) & 0xffffffffL))
        .distinct().sorted().toArray();
    List<Row> rows = Arrays.stream(pairs).parallel().mapToObj(key -> {
      int x = (int) (key >>> 32);
      int t = (int) key;
      double[] sums = bg == null ? null : horizonSums(bg, x, t, horizonMonths, d);
      return RowFactory.create(f.period(), x, t,
          bg == null ? null : bg.r(), bg == null ? null : bg.alpha(),
          bg == null ? null : bg.a(), bg == null ? null : bg.b(),
          gg == null ? null : gg.p(), gg == null ? null : gg.q(), gg == null ? null : gg.gamma(),
          sums == null ? null : sums[0], sums == null ? null : sums[1]);
    }).toList();
    out.addAll(rows);
  }

  private static Double finiteOrNull(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static void checkColumns(Dataset<Row> buyers) {
    Set<String> have = new LinkedHashSet<>(Arrays.asList(buyers.columns()));
    List<String> missing = REQUIRED.stream().filter(c -> !have.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("CLV input lacks columns " + missing + "; has " + have);
    }
  }

  // An array, not a Scala Seq: Dataset.join takes it on Scala 2.12 (Spark 3.5) and 2.13 (Spark 4).
  private static String[] scalaSeq(String... names) {
    return names;
  }
}
