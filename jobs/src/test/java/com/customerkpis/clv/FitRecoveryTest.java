package com.customerkpis.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.customerkpis.testing.Simulation;
import org.junit.jupiter.api.Test;

/**
 * Parameter recovery: fits on 50,000 simulated customers must land within four asymptotic
 * standard errors of the true parameters (from the observed information at the fit; a
 * four-sigma band fails by chance with probability about 6·10^−5 per parameter), and the
 * standard errors must be small enough for that to mean something (under 15 % of the value).
 */
class FitRecoveryTest {
  private static final BgNbdParams BG = new BgNbdParams(0.75, 20, 0.8, 2.4);
  private static final GammaGammaParams GG = new GammaGammaParams(6, 4, 15);

  private static void assertRecovered(String name, double truth, double fitted, double se) {
    System.out.printf("%s: true %.4f fitted %.4f se %.4f (%.2f se)%n", name, truth, fitted, se,
        (fitted - truth) / se);
    assertTrue(se < 0.15 * truth, name + " standard error " + se + " too large to test");
    assertEquals(truth, fitted, 4 * se, name);
  }

  @Test
  void bgNbdRecoversKnownParameters() {
    Simulation.Buyer[] buyers = Simulation.simulate(50_000, BG, GG, 30, 730, false, 7);
    BgNbdStats s = Simulation.bgNbdStats(buyers);
    long t0 = System.nanoTime();
    FitResult<BgNbdParams> fit = BgNbd.fit(s);
    System.out.printf("BG/NBD fit of %d customers (%d triples): %d ms%n", s.customers(), s.size(),
        (System.nanoTime() - t0) / 1_000_000);
    assertTrue(fit.converged());
    assertEquals(50_000, fit.customers());
    double[] se = BgNbd.standardErrors(fit.params(), s);
    double[] truth = BG.toArray();
    double[] got = fit.params().toArray();
    String[] names = {"r", "alpha", "a", "b"};
    for (int i = 0; i < 4; i++) {
      assertRecovered(names[i], truth[i], got[i], se[i]);
    }
    assertTrue(fit.logLikelihood() >= BgNbd.logLikelihood(BG, s), "fit beats the truth");
  }

  @Test
  void gammaGammaRecoversKnownParameters() {
    Simulation.Buyer[] buyers = Simulation.simulate(50_000, new BgNbdParams(2, 20, 3, 1), GG,
        180, 730, false, 11);
    GammaGammaStats s = Simulation.spendStats(buyers);
    long t0 = System.nanoTime();
    FitResult<GammaGammaParams> fit = GammaGamma.fit(s);
    System.out.printf("Gamma-Gamma fit of %d customers: %d ms%n", s.customers(),
        (System.nanoTime() - t0) / 1_000_000);
    assertTrue(fit.converged());
    double[] se = GammaGamma.standardErrors(fit.params(), s);
    double[] truth = GG.toArray();
    double[] got = fit.params().toArray();
    String[] names = {"p", "q", "gamma"};
    for (int i = 0; i < 3; i++) {
      assertRecovered(names[i], truth[i], got[i], se[i]);
    }
    assertTrue(fit.logLikelihood() >= GammaGamma.logLikelihood(GG, s), "fit beats the truth");
  }
}
