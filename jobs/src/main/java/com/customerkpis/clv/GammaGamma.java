package com.customerkpis.clv;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.special.Gamma;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Gamma-Gamma spend model (Fader &amp; Hardie 2013, "The Gamma-Gamma Model of Monetary
 * Value"): per-customer likelihood of the mean repeat spend m̄ over x repeat purchases, the
 * conditional expected spend per purchase, and a maximum-likelihood fit. It assumes spend per
 * purchase is independent of how often a customer buys.
 */
public final class GammaGamma {
  private static final Logger LOG = LoggerFactory.getLogger(GammaGamma.class);

  private GammaGamma() {}

  /**
   * ln f(m̄ | p, q, γ, x) = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q·ln γ + (px−1)·ln m̄ + px·ln x
   * − (px+q)·ln(γ + x·m̄), written with the total repeat spend S = x·m̄ as
   * ... + (px−1)·ln S + ln x − (px+q)·ln(γ + S), so it depends on the data only through (x, S).
   */
  public static double logLikelihood(GammaGammaParams p, int x, double totalSpend) {
    double px = p.p() * x;
    return Gamma.logGamma(px + p.q()) - Gamma.logGamma(px) - Gamma.logGamma(p.q())
        + p.q() * Math.log(p.gamma()) + (px - 1) * Math.log(totalSpend) + Math.log(x)
        - (px + p.q()) * Math.log(p.gamma() + totalSpend);
  }

  /** Total log-likelihood of all customers summarised by {@code s} (x-only terms once per x). */
  public static double logLikelihood(GammaGammaParams p, GammaGammaStats s) {
    double logGamma = Math.log(p.gamma());
    double lgq = Gamma.logGamma(p.q());
    double[] common = new double[s.maxX() + 1];
    for (int g = 0; g < s.groups(); g++) {
      int x = s.x(s.groupStart(g));
      double px = p.p() * x;
      common[x] = Gamma.logGamma(px + p.q()) - Gamma.logGamma(px) - lgq + p.q() * logGamma
          + Math.log(x);
    }
    return ChunkedSum.sum(s.size(), (from, to) -> {
      double sum = 0;
      for (int i = from; i < to; i++) {
        int x = s.x(i);
        double px = p.p() * x;
        sum += s.count(i) * (common[x] + (px - 1) * s.logSpend(i)
            - (px + p.q()) * Math.log(p.gamma() + s.spend(i)));
      }
      return sum;
    });
  }

  /**
   * E[spend per purchase | x, m̄] = p·(γ + x·m̄) / (p·x + q − 1): a weighted mean of the
   * population mean and the customer's own mean m̄. With x = 0 it is the population mean.
   */
  public static double conditionalExpectedSpend(GammaGammaParams p, int x, double meanSpend) {
    return p.p() * (p.gamma() + x * meanSpend) / (p.p() * x + p.q() - 1);
  }

  /** The population mean spend per purchase p·γ/(q−1); it exists only for q &gt; 1. */
  public static double populationMeanSpend(GammaGammaParams p) {
    return p.p() * p.gamma() / (p.q() - 1);
  }

  /**
   * Maximum-likelihood fit over log-parameters by multi-start BOBYQA (see MaxLikelihood), spend
   * rescaled by the mean m̄ for the search (γ scales with the currency unit, p and q do not). Not
   * converged (with a warning) when the optimiser did not finish, when a parameter runs to 0 or ∞,
   * when the likelihood is flat at the optimum, when the optimum is not located, or when q ≤ 1
   * (the population mean spend, used for customers without repeat purchases, would not exist).
   * With no customers there is nothing to fit: no parameters, not converged.
   */
  public static FitResult<GammaGammaParams> fit(GammaGammaStats s) {
    long n = s.customers();
    if (n == 0) {
      return FitResult.empty(0);
    }
    double scale = s.meanSpendPerPurchase();
    ToDoubleFunction<double[]> objective = theta -> -logLikelihood(unscale(theta, scale), s) / n;
    GammaGammaStats sample = s.thin(s.size() / MaxLikelihood.SCREEN_SIZE);
    long sampleN = sample.customers();
    ToDoubleFunction<double[]> screen = sample == s ? objective
        : theta -> -logLikelihood(unscale(theta, scale), sample) / sampleN;
    List<double[]> starts = List.of(
        BgNbd.logs(1.0, 3.0, 2.0),
        BgNbd.logs(4.0, 4.0, 0.75),
        BgNbd.logs(10.0, 2.0, 0.1),
        BgNbd.logs(2.0, 10.0, 4.5));
    MaxLikelihood.Outcome out = MaxLikelihood.minimise(objective, screen, starts);
    GammaGammaParams params = unscale(out.theta(), scale);
    double ll = logLikelihood(params, s);
    String problem = out.problem();
    if (problem == null && !(params.q() > 1.0)) {
      problem = "q <= 1: the population mean spend does not exist";
    }
    if (problem != null) {
      LOG.warn("Gamma-Gamma fit over {} customers not converged ({}): {}", n, problem, params);
    }
    return new FitResult<>(params, ll, n, problem == null);
  }

  /** Asymptotic standard errors of (p, q, γ) from the observed information (delta method). */
  public static double[] standardErrors(GammaGammaParams p, GammaGammaStats s) {
    double[] theta = BgNbd.logs(p.p(), p.q(), p.gamma());
    double[][] cov = MaxLikelihood.inverse(MaxLikelihood.hessian(
        th -> -logLikelihood(unscale(th, 1.0), s), theta));
    double[] v = p.toArray();
    double[] se = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      se[i] = v[i] * Math.sqrt(cov[i][i]);
    }
    return se;
  }

  private static GammaGammaParams unscale(double[] theta, double scale) {
    return new GammaGammaParams(Math.exp(theta[0]), Math.exp(theta[1]),
        scale * Math.exp(theta[2]));
  }
}
