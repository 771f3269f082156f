package com.customerkpis.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.customerkpis.testing.Quadrature;
import org.apache.commons.math3.special.Beta;
import org.junit.jupiter.api.Test;

/** BG/NBD formulas against values computed independently of the implementation. */
class BgNbdTest {
  private static final BgNbdParams P = new BgNbdParams(0.75, 20, 1.8, 2.4);
  /** The CDNOW-like case a &lt; 1: (a+b−1)/(a−1) and the bracket are both negative. */
  private static final BgNbdParams P_A_BELOW_1 = new BgNbdParams(0.243, 4.414 * 7, 0.793, 2.426);

  private static void assertRel(double expected, double actual, double tol) {
    assertEquals(expected, actual, tol * Math.abs(expected),
        () -> "expected " + expected + " got " + actual);
  }

  @Test
  void logLikelihoodOfANonRepeatBuyerIsRTimesLogAlphaOverAlphaPlusT() {
    // x = 0: L = (α/(α+T))^r
    assertRel(0.75 * Math.log(20.0 / 120.0), BgNbd.logLikelihood(P, 0, 0, 100), 1e-14);
  }

  @Test
  void logLikelihoodOfARepeatBuyerByHand() {
    // x = 2: Γ(r+2)/Γ(r) = r(r+1), B(a,b+2)/B(a,b) = b(b+1)/((a+b)(a+b+1)),
    // B(a+1,b+1)/B(a,b) = ab/((a+b)(a+b+1))
    double r = 0.75;
    double alpha = 20;
    double a = 1.8;
    double b = 2.4;
    double tx = 30;
    double t = 100;
    double ab = (a + b) * (a + b + 1);
    double l = r * (r + 1) * Math.pow(alpha, r)
        * (b * (b + 1) / ab * Math.pow(alpha + t, -(r + 2))
            + a * b / ab * Math.pow(alpha + tx, -(r + 2)));
    assertRel(Math.log(l), BgNbd.logLikelihood(P, 2, tx, t), 1e-13);
  }

  @Test
  void logLikelihoodForHugeFrequencyByProducts() {
    // x = 5000: ln Γ(r+x)/Γ(r) = Σ ln(r+k), ln B(a,b+x)/B(a,b) = Σ ln((b+k)/(a+b+k)), k < x;
    // the direct terms would underflow, the log-space sum must not
    int x = 5000;
    double tx = 9000;
    double t = 10000;
    double lg = 0;
    double lb = 0;
    for (int k = 0; k < x; k++) {
      lg += Math.log(P.r() + k);
      lb += Math.log((P.b() + k) / (P.a() + P.b() + k));
    }
    double rx = P.r() + x;
    double first = -rx * Math.log(P.alpha() + t);
    double second = Math.log(P.a() / (P.b() + x - 1)) - rx * Math.log(P.alpha() + tx);
    double hi = Math.max(first, second);
    double expected = lg + P.r() * Math.log(P.alpha()) + lb
        + hi + Math.log(Math.exp(first - hi) + Math.exp(second - hi));
    double actual = BgNbd.logLikelihood(P, x, tx, t);
    assertTrue(Double.isFinite(actual));
    assertRel(expected, actual, 1e-11);
  }

  @Test
  void statsLikelihoodIsTheCountWeightedSum() {
    BgNbdStats s = BgNbdStats.builder().add(0, 0, 100, 3).add(2, 30, 100, 2).add(1, 5, 7, 1)
        .add(0, 0, 0, 4).build();
    double expected = 3 * BgNbd.logLikelihood(P, 0, 0, 100) + 2 * BgNbd.logLikelihood(P, 2, 30, 100)
        + BgNbd.logLikelihood(P, 1, 5, 7) + 4 * BgNbd.logLikelihood(P, 0, 0, 0);
    assertRel(expected, BgNbd.logLikelihood(P, s), 1e-14);
    assertEquals(10, s.customers());
    assertEquals(3, s.repeatCustomers());
  }

  @Test
  void pAliveByHand() {
    assertEquals(1.0, BgNbd.pAlive(P, 0, 0, 500));
    // 1/(1 + a/(b+x−1)·((α+T)/(α+tx))^(r+x))
    double expected = 1 / (1 + 1.8 / (2.4 + 1) * Math.pow(120.0 / 50.0, 2.75));
    assertRel(expected, BgNbd.pAlive(P, 2, 30, 100), 1e-14);
    // last purchase at T: only the chance of dropping out right after it remains
    assertRel(1 / (1 + 1.8 / (2.4 + 499)), BgNbd.pAlive(P, 500, 10000, 10000), 1e-14);
    // long silence after many purchases: essentially dead, and 0 rather than NaN
    assertEquals(0.0, BgNbd.pAlive(P, 500, 100, 10000), 1e-300);
  }

  /** E_p[(1/p)(1 − (1 + p·t/(α+T))^−(r+x))] for p ~ Beta(a, b+x), by quadrature. */
  private static double expectedIfAliveByIntegral(BgNbdParams p, int x, double t, double h) {
    double a = p.a();
    double b = p.b() + x;
    double k = p.r() + x;
    double s = h / (p.alpha() + t);
    double lbeta = Beta.logBeta(a, b);
    return Quadrature.tanhSinh((q, u) -> -Math.expm1(-k * Math.log1p(q * s)) / q
        * Math.exp((a - 1) * Math.log(q) + (b - 1) * Math.log(u) - lbeta), 1e-11);
  }

  @Test
  void unconditionalExpectationMatchesTheMixtureIntegral() {
    // E[X(t)] = E[(1/p)(1 − (α/(α+pt))^r)] over p ~ Beta(a, b): no 2F1 involved
    for (BgNbdParams p : new BgNbdParams[] {P, P_A_BELOW_1, new BgNbdParams(0.75, 20, 1.0, 2.4),
        new BgNbdParams(0.75, 20, 1.0004, 2.4), new BgNbdParams(3, 2, 1.3, 0.6)}) {
      for (double t : new double[] {1, 30, 360, 3600}) {
        assertRel(expectedIfAliveByIntegral(p, 0, 0, t), BgNbd.expectedPurchases(p, t), 1e-10);
      }
    }
    assertEquals(0.0, BgNbd.expectedPurchases(P, 0));
  }

  @Test
  void unconditionalExpectationMatchesThePapersFormula() {
    // (a+b−1)/(a−1)·[1 − (α/(α+t))^r·2F1(r, b; a+b−1; t/(α+t))]
    for (BgNbdParams p : new BgNbdParams[] {P, P_A_BELOW_1}) {
      double t = 90;
      double paper = (p.a() + p.b() - 1) / (p.a() - 1) * (1 - Math.pow(p.alpha() / (p.alpha() + t),
          p.r()) * Hyp2f1.value(p.r(), p.b(), p.a() + p.b() - 1, t / (p.alpha() + t)));
      assertRel(paper, BgNbd.expectedPurchases(p, t), 1e-11);
    }
  }

  @Test
  void conditionalExpectationMatchesPosteriorIntegral() {
    // E[X(t) | x, tx, T] = P(alive)·E[(1/p)(1 − ((α+T)/(α+T+pt))^(r+x))], p ~ Beta(a, b+x)
    int[][] customers = {{0, 0, 50}, {0, 0, 0}, {2, 30, 100}, {10, 300, 365}, {1, 1, 1},
        {200, 700, 730}, {5000, 9000, 10000}};
    for (BgNbdParams p : new BgNbdParams[] {P, P_A_BELOW_1}) {
      for (int[] c : customers) {
        for (double h : new double[] {30, 360}) {
          double expected = BgNbd.pAlive(p, c[0], c[1], c[2])
              * expectedIfAliveByIntegral(p, c[0], c[2], h);
          double actual = BgNbd.conditionalExpectedPurchases(p, c[0], c[1], c[2], h);
          assertTrue(Double.isFinite(actual));
          assertRel(expected, actual, 1e-10);
        }
      }
    }
  }

  @Test
  void conditionalExpectationMatchesThePapersEquation10ForModerateX() {
    // the untransformed 2F1(r+x, b+x; a+b+x−1; t/(α+T+t)) of equation (10)
    int x = 4;
    double tx = 200;
    double t = 300;
    double h = 360;
    double z = h / (P.alpha() + t + h);
    double bracket = 1 - Math.pow((P.alpha() + t) / (P.alpha() + t + h), P.r() + x)
        * Hyp2f1.value(P.r() + x, P.b() + x, P.a() + P.b() + x - 1, z);
    double numerator = (P.a() + P.b() + x - 1) / (P.a() - 1) * bracket;
    double denominator = 1 + P.a() / (P.b() + x - 1)
        * Math.pow((P.alpha() + t) / (P.alpha() + tx), P.r() + x);
    assertRel(numerator / denominator, BgNbd.conditionalExpectedPurchases(P, x, tx, t, h), 1e-12);
  }

  @Test
  void expectationsAreFiniteAndOrderedAtExtremes() {
    double e = BgNbd.conditionalExpectedPurchases(P, 100_000, 1_000_000, 1_000_000, 3600);
    assertTrue(Double.isFinite(e) && e > 0);
    // an active heavy buyer's rate is about (r+x)/(α+T) per day
    assertEquals((P.r() + 100_000) / (P.alpha() + 1_000_000) * 3600, e, 0.01 * e);
    assertTrue(Double.isFinite(BgNbd.expectedPurchases(P, 1e7)));
    assertTrue(BgNbd.expectedIfAlive(P, 3, 10, 60) > BgNbd.expectedIfAlive(P, 3, 10, 30));
  }

  @Test
  void noFitWithoutRepeatBuyers() {
    FitResult<BgNbdParams> fit = BgNbd.fit(BgNbdStats.builder().add(0, 0, 10, 5).add(0, 0, 40, 2)
        .build());
    assertNull(fit.params());
    assertFalse(fit.converged());
    assertEquals(7, fit.customers());
    assertTrue(Double.isNaN(fit.logLikelihood()));
    assertEquals(0, BgNbd.fit(BgNbdStats.builder().build()).customers());
  }

  @Test
  void aHandfulOfCustomersIsFlaggedNotSilentlyFitted() {
    FitResult<BgNbdParams> fit = BgNbd.fit(BgNbdStats.builder().add(0, 0, 10, 1).add(1, 5, 40, 1)
        .add(3, 20, 25, 1).build());
    assertFalse(fit.converged());
    assertEquals(3, fit.customers());
  }
}
