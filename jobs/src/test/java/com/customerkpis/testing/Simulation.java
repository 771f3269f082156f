package com.customerkpis.testing;

import com.customerkpis.clv.BgNbdParams;
import com.customerkpis.clv.BgNbdStats;
import com.customerkpis.clv.GammaGammaParams;
import com.customerkpis.clv.GammaGammaStats;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/** Seeded simulators of the BG/NBD and Gamma-Gamma generative processes. */
public final class Simulation {
  private Simulation() {}

  /** One simulated buyer: frequency, recency, age, and total repeat spend in cents. */
  public record Buyer(int x, double tx, double t, long cents) {}

  /**
   * Simulates n customers of a BG/NBD(r, α, a, b) population whose age T is uniform on
   * [minT, maxT] days: purchases arrive at rate λ ~ Gamma(r, rate α) and after each repeat
   * purchase the customer drops out with probability p ~ Beta(a, b). With {@code days} the times
   * are mapped to whole days as production does (purchase day = floor(time), repeat purchases on
   * one day merge), otherwise they stay continuous. Spend per repeat purchase is Gamma(pS, rate ν),
   * ν ~ Gamma(qS, rate γ), summed and rounded to cents.
   */
  public static Buyer[] simulate(int n, BgNbdParams bg, GammaGammaParams gg, double minT,
      double maxT, boolean days, long seed) {
    RandomGenerator rng = new Well19937c(seed);
    GammaDistribution rates = new GammaDistribution(rng, bg.r(), 1 / bg.alpha());
    BetaDistribution drop = new BetaDistribution(rng, bg.a(), bg.b());
    GammaDistribution spendRates = new GammaDistribution(rng, gg.q(), 1 / gg.gamma());
    Buyer[] out = new Buyer[n];
    for (int i = 0; i < n; i++) {
      double t = minT + rng.nextDouble() * (maxT - minT);
      if (days) {
        t = Math.floor(t);
      }
      double lambda = rates.sample();
      double p = drop.sample();
      double now = 0;
      int x = 0;
      double tx = 0;
      while (true) {
        now += -Math.log(1 - rng.nextDouble()) / lambda;
        if ((days ? Math.floor(now) : now) > t) {
          break;
        }
        double when = days ? Math.floor(now) : now;
        if (when > tx || !days) {
          if (when > 0 || !days) {
            x++;
            tx = when;
          }
        }
        if (rng.nextDouble() < p) {
          break;
        }
      }
      long cents = 0;
      if (x > 0) {
        double nu = spendRates.sample();
        double s = new GammaDistribution(rng, gg.p() * x, 1 / nu).sample();
        cents = Math.max(1, Math.round(s * 100));
      }
      out[i] = new Buyer(x, tx, t, cents);
    }
    return out;
  }

  /** The BG/NBD sufficient statistics of simulated buyers. */
  public static BgNbdStats bgNbdStats(Buyer[] buyers) {
    BgNbdStats.Builder b = BgNbdStats.builder();
    for (Buyer c : buyers) {
      b.add(c.x(), c.tx(), c.t(), 1);
    }
    return b.build();
  }

  /** The Gamma-Gamma sufficient statistics of simulated repeat buyers. */
  public static GammaGammaStats spendStats(Buyer[] buyers) {
    GammaGammaStats.Builder b = GammaGammaStats.builder();
    for (Buyer c : buyers) {
      if (c.x() > 0) {
        b.addCents(c.x(), c.cents(), 1);
      }
    }
    return b.build();
  }
}
