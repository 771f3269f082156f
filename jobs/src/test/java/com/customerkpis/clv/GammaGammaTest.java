package com.customerkpis.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/** Gamma-Gamma formulas against hand-computed values, and fits that must be flagged. */
class GammaGammaTest {
  private static final GammaGammaParams P = new GammaGammaParams(6, 4, 15);

  private static void assertRel(double expected, double actual, double tol) {
    assertEquals(expected, actual, tol * Math.abs(expected),
        () -> "expected " + expected + " got " + actual);
  }

  @Test
  void logLikelihoodByHand() {
    // x = 1: Γ(10)/(Γ(6)Γ(4)) = 362880/(120·6) = 504; f = 504·15^4·m^5/(15+m)^10
    double m = 20;
    assertRel(Math.log(504) + 4 * Math.log(15) + 5 * Math.log(m) - 10 * Math.log(15 + m),
        GammaGamma.logLikelihood(P, 1, m), 1e-13);
    // x = 2, m̄ = 20, S = 40: Γ(16)/(Γ(12)Γ(4)) = 12·13·14·15/6 = 5460;
    // f = 5460·15^4·m̄^11·2^12/(15+40)^16
    assertRel(Math.log(5460) + 4 * Math.log(15) + 11 * Math.log(20) + 12 * Math.log(2)
        - 16 * Math.log(55), GammaGamma.logLikelihood(P, 2, 40), 1e-13);
  }

  @Test
  void statsLikelihoodIsTheCountWeightedSumOverExactCents() {
    GammaGammaStats s = GammaGammaStats.builder().addCents(1, 2000, 3).addCents(2, 4000, 1)
        .addCents(1, 2000, 2).addCents(7, 123457, 1).build();
    assertEquals(3, s.size(), "equal pairs are merged");
    assertEquals(7, s.customers());
    double expected = 5 * GammaGamma.logLikelihood(P, 1, 20) + GammaGamma.logLikelihood(P, 2, 40)
        + GammaGamma.logLikelihood(P, 7, 1234.57);
    assertRel(expected, GammaGamma.logLikelihood(P, s), 1e-14);
  }

  @Test
  void conditionalSpendByHand() {
    // p(γ + x·m̄)/(p·x + q − 1)
    assertRel(6 * (15 + 3 * 25.0) / (18 + 3), GammaGamma.conditionalExpectedSpend(P, 3, 25), 1e-15);
    assertRel(30, GammaGamma.conditionalExpectedSpend(P, 0, 0), 1e-15);
    assertRel(30, GammaGamma.populationMeanSpend(P), 1e-15);
    // many purchases: the customer's own mean dominates
    double heavy = GammaGamma.conditionalExpectedSpend(P, 100_000, 12.34);
    assertEquals(12.34, heavy, 1e-3);
    assertTrue(Double.isFinite(GammaGamma.logLikelihood(P, 100_000, 1_234_000)));
  }

  @Test
  void noCustomersNoFit() {
    FitResult<GammaGammaParams> fit = GammaGamma.fit(GammaGammaStats.builder().build());
    assertNull(fit.params());
    assertFalse(fit.converged());
    assertEquals(0, fit.customers());
  }

  @Test
  void heavyTailedSpendWithQBelowOneIsFlagged() {
    // ν ~ Gamma(q = 0.6): the population mean p·γ/(q−1) does not exist, so the fit is not usable
    Well19937c rng = new Well19937c(17);
    GammaDistribution nu = new GammaDistribution(rng, 0.6, 1 / 15.0);
    GammaGammaStats.Builder b = GammaGammaStats.builder();
    for (int i = 0; i < 4000; i++) {
      int x = 1 + i % 5;
      double s = new GammaDistribution(rng, 6.0 * x, 1 / nu.sample()).sample();
      b.addCents(x, Math.max(1, Math.round(s * 100)), 1);
    }
    FitResult<GammaGammaParams> fit = GammaGamma.fit(b.build());
    assertTrue(fit.params().q() < 1, fit.toString());
    assertFalse(fit.converged());
  }
}
