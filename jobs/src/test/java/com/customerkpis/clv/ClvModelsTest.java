package com.customerkpis.clv;

import static com.customerkpis.testing.Rows.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.customerkpis.schema.Cols;
import com.customerkpis.testing.Rows;
import com.customerkpis.testing.Simulation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Spark scoring and fitting against the pure-Java model functions. */
class ClvModelsTest {
  private static final StructType BUYERS = new StructType()
      .add(Cols.PERIOD, DataTypes.StringType, false)
      .add(Cols.CUSTOMER_ID, DataTypes.StringType, false)
      .add(Cols.SEGMENT, DataTypes.StringType)
      .add(Cols.FREQUENCY, DataTypes.IntegerType, false)
      .add(Cols.RECENCY_DAYS, DataTypes.IntegerType, false)
      .add(Cols.T_DAYS, DataTypes.IntegerType, false)
      .add(Cols.MONETARY_VALUE, DataTypes.DoubleType, false);
  private static final BgNbdParams BG = new BgNbdParams(0.75, 20, 0.8, 2.4);
  private static final GammaGammaParams GG = new GammaGammaParams(6, 4, 15);
  private static final int H = 12;
  private static final double D = 0.01;

  private static void assertRel(double expected, Double actual, double tol, String what) {
    assertTrue(actual != null, what + " is null");
    assertEquals(expected, actual, tol * Math.abs(expected) + 1e-300,
        () -> what + ": expected " + expected + " got " + actual);
  }

  private static BgNbdStats stats(List<Row> rows, String period) {
    BgNbdStats.Builder b = BgNbdStats.builder();
    for (Row r : rows) {
      if (r.getString(0).equals(period)) {
        b.add(r.getInt(3), r.getInt(4), r.getInt(5), 1);
      }
    }
    return b.build();
  }

  /** predicted_clv by the definition: Σ spend·(E[X(30i)] − E[X(30(i−1))])/(1+d)^i. */
  private static double clvByDefinition(BgNbdParams bg, double spend, int x, int tx, int t) {
    double sum = 0;
    for (int i = 1; i <= H; i++) {
      double now = BgNbd.conditionalExpectedPurchases(bg, x, tx, t, 30.0 * i);
      double before = BgNbd.conditionalExpectedPurchases(bg, x, tx, t, 30.0 * (i - 1));
      sum += spend * (now - before) / Math.pow(1 + D, i);
    }
    return sum;
  }

  @Test
  void predictedClvIsTheDiscountedMonthlySumByHand() {
    // H = 3, d = 1 %: s·[E30/1.01 + (E60 − E30)/1.01² + (E90 − E60)/1.01³]
    int x = 3;
    int tx = 80;
    int t = 120;
    double e30 = BgNbd.conditionalExpectedPurchases(BG, x, tx, t, 30);
    double e60 = BgNbd.conditionalExpectedPurchases(BG, x, tx, t, 60);
    double e90 = BgNbd.conditionalExpectedPurchases(BG, x, tx, t, 90);
    double spend = GammaGamma.conditionalExpectedSpend(GG, x, 25.0);
    double byHand = spend * (e30 / 1.01 + (e60 - e30) / (1.01 * 1.01)
        + (e90 - e60) / (1.01 * 1.01 * 1.01));
    double viaAlive = spend * BgNbd.pAlive(BG, x, tx, t)
        * ClvModels.discountedIfAlive(BG, x, t, 3, 0.01);
    assertRel(byHand, viaAlive, 1e-12, "predicted_clv");
    // Gamma-Gamma by hand: 6·(15 + 3·25)/(6·3 + 4 − 1) = 540/21
    assertRel(540.0 / 21, spend, 1e-15, "expected_spend");
    assertRel(30.0, GammaGamma.populationMeanSpend(GG), 1e-15, "population mean");
  }

  @Test
  void sparkScoresEqualThePureJavaValues() {
    List<Row> rows = List.of(
        row("2026-01", "c1", "gold", 0, 0, 40, 0.0),
        row("2026-01", "c2", "gold", 3, 80, 120, 25.0),
        row("2026-01", "c3", null, 1, 10, 300, 12.5),
        row("2026-01", "c4", "basic", 40, 350, 365, 7.25),
        row("2026-01", "c5", "basic", 3, 10, 120, 99.99),
        row("2026-02", "c1", "gold", 0, 0, 68, 0.0),
        row("2026-02", "c2", "gold", 4, 100, 148, 30.0),
        row("2026-03", "c2", "gold", 4, 100, 176, 30.0));
    BgNbdParams bgFeb = new BgNbdParams(1.5, 35, 2.5, 4);
    List<ClvModels.PeriodFit> fits = List.of(
        new ClvModels.PeriodFit("2026-01", stats(rows, "2026-01"),
            new FitResult<>(BG, -1, 5, true), new FitResult<>(GG, -1, 4, true)),
        // Gamma-Gamma not usable in February: spend columns NULL, purchase columns present
        new ClvModels.PeriodFit("2026-02", stats(rows, "2026-02"),
            new FitResult<>(bgFeb, -1, 2, true), new FitResult<>(GG, -1, 1, false)),
        // BG/NBD not usable in March: purchase columns NULL, spend present
        new ClvModels.PeriodFit("2026-03", stats(rows, "2026-03"),
            new FitResult<>(BG, -1, 1, false), new FitResult<>(GG, -1, 1, true)));
    Dataset<Row> scored = ClvModels.score(Rows.df(BUYERS, rows), fits, H, D);

    List<String> expectedColumns = new ArrayList<>(List.of(BUYERS.fieldNames()));
    expectedColumns.addAll(List.of(Cols.P_ALIVE, Cols.EXPECTED_PURCHASES, Cols.EXPECTED_SPEND,
        Cols.PREDICTED_CLV));
    assertArrayEquals(expectedColumns.toArray(), scored.columns());
    for (String c : List.of(Cols.P_ALIVE, Cols.EXPECTED_PURCHASES, Cols.EXPECTED_SPEND,
        Cols.PREDICTED_CLV)) {
      assertEquals(DataTypes.DoubleType, scored.schema().apply(c).dataType());
    }

    Map<String, Row> byKey = new HashMap<>();
    for (Row r : scored.collectAsList()) {
      byKey.put(r.getString(0) + "/" + r.getString(1), r);
    }
    assertEquals(rows.size(), byKey.size());
    for (Row in : rows) {
      String period = in.getString(0);
      Row out = byKey.get(period + "/" + in.getString(1));
      assertEquals(in.get(2), out.get(2), "segment carried through");
      int x = in.getInt(3);
      int tx = in.getInt(4);
      int t = in.getInt(5);
      double m = in.getDouble(6);
      String what = period + "/" + in.getString(1);
      BgNbdParams bg = period.equals("2026-02") ? bgFeb : BG;
      if (period.equals("2026-03")) {
        assertNull(out.get(7), what + " p_alive");
        assertNull(out.get(8), what + " expected_purchases");
      } else {
        assertRel(BgNbd.pAlive(bg, x, tx, t), (Double) out.get(7), 1e-12, what + " p_alive");
        assertRel(BgNbd.conditionalExpectedPurchases(bg, x, tx, t, 30.0 * H), (Double) out.get(8),
            1e-12, what + " expected_purchases");
      }
      if (period.equals("2026-02")) {
        assertNull(out.get(9), what + " expected_spend");
      } else {
        assertRel(GammaGamma.conditionalExpectedSpend(GG, x, m), (Double) out.get(9), 1e-12,
            what + " expected_spend");
      }
      if (period.equals("2026-01")) {
        double spend = GammaGamma.conditionalExpectedSpend(GG, x, m);
        assertRel(clvByDefinition(bg, spend, x, tx, t), (Double) out.get(10), 1e-11,
            what + " predicted_clv");
      } else {
        assertNull(out.get(10), what + " predicted_clv");
      }
    }
    // the customer without repeat purchases is alive and gets the population mean spend
    Row c1 = byKey.get("2026-01/c1");
    assertEquals(1.0, c1.getDouble(7));
    assertRel(30.0, c1.getDouble(9), 1e-15, "population mean spend");
  }

  @Test
  void fitsPerPeriodMatchTheJavaFitsOnTheSameBuyers() {
    Map<String, Simulation.Buyer[]> periods = Map.of(
        "2026-01", Simulation.simulate(1500, BG, GG, 0, 400, true, 3),
        "2026-02", Simulation.simulate(1200, new BgNbdParams(1.2, 40, 1.5, 3), GG, 0, 400, true,
            5));
    List<Row> rows = new ArrayList<>();
    periods.forEach((period, buyers) -> {
      for (int i = 0; i < buyers.length; i++) {
        Simulation.Buyer b = buyers[i];
        double m = b.x() == 0 ? 0.0 : b.cents() / 100.0 / b.x();
        rows.add(row(period, "c" + i, "s", b.x(), (int) b.tx(), (int) b.t(), m));
      }
    });
    ClvModels.ClvResult result = ClvModels.fitAndScore(Rows.df(BUYERS, rows), H, D);

    List<Row> models = result.models().orderBy(Cols.PERIOD, ClvModels.MODEL).collectAsList();
    assertEquals(4, models.size());
    assertEquals(ClvModels.MODEL_SCHEMA, result.models().schema());
    int k = 0;
    for (String period : List.of("2026-01", "2026-02")) {
      Simulation.Buyer[] buyers = periods.get(period);
      FitResult<BgNbdParams> bg = BgNbd.fit(Simulation.bgNbdStats(buyers));
      FitResult<GammaGammaParams> gg = GammaGamma.fit(Simulation.spendStats(buyers));
      assertTrue(bg.converged() && gg.converged(), period);
      Row bgRow = models.get(k++);
      Row ggRow = models.get(k++);
      assertEquals(ClvModels.BGNBD, bgRow.getString(1));
      assertEquals(ClvModels.GAMMA_GAMMA, ggRow.getString(1));
      double[] want = bg.params().toArray();
      for (int i = 0; i < 4; i++) {
        assertRel(want[i], bgRow.getDouble(2 + i), 1e-5, period + " bgnbd param " + i);
        assertTrue(ggRow.isNullAt(2 + i));
      }
      double[] wantGg = gg.params().toArray();
      for (int i = 0; i < 3; i++) {
        assertRel(wantGg[i], ggRow.getDouble(6 + i), 1e-5, period + " gamma_gamma param " + i);
        assertTrue(bgRow.isNullAt(6 + i));
      }
      assertRel(bg.logLikelihood(), bgRow.getDouble(9), 1e-9, period + " bgnbd log-likelihood");
      assertRel(gg.logLikelihood(), ggRow.getDouble(9), 1e-9, period + " gg log-likelihood");
      assertEquals(buyers.length, bgRow.getLong(10));
      assertEquals(java.util.Arrays.stream(buyers).filter(b -> b.x() > 0).count(),
          ggRow.getLong(10));
      assertTrue(bgRow.getBoolean(11) && ggRow.getBoolean(11));
    }
    Dataset<Row> scored = result.scored();
    assertEquals(rows.size(), scored.count());
    assertEquals(0, scored.filter(scored.col(Cols.PREDICTED_CLV).isNull()
        .or(scored.col(Cols.P_ALIVE).lt(0)).or(scored.col(Cols.P_ALIVE).gt(1))).count());
  }

  @Test
  void noBuyersGiveEmptyOutputs() {
    ClvModels.ClvResult result = ClvModels.fitAndScore(Rows.df(BUYERS, List.of()), H, D);
    assertEquals(0, result.scored().count());
    assertEquals(BUYERS.size() + 4, result.scored().columns().length);
    assertEquals(0, result.models().count());
    assertTrue(result.fits().isEmpty());
  }

  @Test
  void onlyOneTimeBuyersFitNothingAndScoreNull() {
    List<Row> rows = List.of(row("2026-01", "c1", "gold", 0, 0, 40, 0.0),
        row("2026-01", "c2", "gold", 0, 0, 3, 0.0), row("2026-01", "c3", "gold", 0, 0, 0, 0.0));
    ClvModels.ClvResult result = ClvModels.fitAndScore(Rows.df(BUYERS, rows), H, D);
    List<Row> models = result.models().orderBy(ClvModels.MODEL).collectAsList();
    assertEquals(2, models.size());
    Row bg = models.get(0);
    Row gg = models.get(1);
    assertEquals(ClvModels.BGNBD, bg.getString(1));
    assertEquals(3L, bg.getLong(10));
    assertEquals(0L, gg.getLong(10));
    for (Row m : models) {
      for (int i = 2; i <= 9; i++) {
        assertTrue(m.isNullAt(i), m + " column " + i);
      }
      assertFalse(m.getBoolean(11));
    }
    for (Row r : result.scored().collectAsList()) {
      for (int i = 7; i <= 10; i++) {
        assertTrue(r.isNullAt(i), r + " column " + i);
      }
    }
  }

  @Test
  void aHandfulOfBuyersIsFlaggedAndScoresFollowTheFlags() {
    List<Row> rows = List.of(row("2026-01", "c1", "gold", 0, 0, 40, 0.0),
        row("2026-01", "c2", "gold", 2, 30, 60, 20.0), row("2026-01", "c3", "gold", 1, 5, 90, 8.0),
        row("2026-01", "c4", "gold", 5, 70, 70, 11.5));
    ClvModels.ClvResult result = ClvModels.fitAndScore(Rows.df(BUYERS, rows), H, D);
    List<Row> models = result.models().orderBy(ClvModels.MODEL).collectAsList();
    boolean bgOk = models.get(0).getBoolean(11);
    boolean ggOk = models.get(1).getBoolean(11);
    assertEquals(4L, models.get(0).getLong(10));
    assertEquals(3L, models.get(1).getLong(10));
    assertFalse(bgOk && ggOk, "four buyers cannot identify seven parameters");
    for (Row r : result.scored().collectAsList()) {
      assertEquals(!bgOk, r.isNullAt(7), "p_alive follows the BG/NBD flag");
      assertEquals(!ggOk, r.isNullAt(9), "expected_spend follows the Gamma-Gamma flag");
      assertEquals(!(bgOk && ggOk), r.isNullAt(10));
    }
  }
}
