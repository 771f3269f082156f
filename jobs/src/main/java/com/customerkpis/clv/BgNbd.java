package com.customerkpis.clv;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BG/NBD model (Fader, Hardie &amp; Lee 2005, "Counting Your Customers the Easy Way"): its
 * per-customer likelihood, P(alive), expected purchases, and a maximum-likelihood fit. Times are
 * in days; x is the number of repeat purchases, tx the time of the last one and T the time to the
 * end of observation, both counted from the first purchase.
 */
public final class BgNbd {
  private static final Logger LOG = LoggerFactory.getLogger(BgNbd.class);
  /** Within this distance of a = 1 expectations are interpolated in a (see expectedIfAlive). */
  private static final double A_NEAR_ONE = 1e-3;

  private BgNbd() {}

  /**
   * ln L(r, α, a, b | x, tx, T) from the paper's equation (6):
   * L = B(a, b+x)/B(a, b) · Γ(r+x)α^r / (Γ(r)(α+T)^(r+x))
   *   + [x &gt; 0] B(a+1, b+x−1)/B(a, b) · Γ(r+x)α^r / (Γ(r)(α+tx)^(r+x)),
   * in log space; the two terms are added with a log-sum-exp, using B(a+1, b+x−1) =
   * B(a, b+x)·a/(b+x−1).
   */
  public static double logLikelihood(BgNbdParams p, int x, double tx, double t) {
    double common = commonTerm(p, x);
    double first = -(p.r() + x) * Math.log(p.alpha() + t);
    if (x == 0) {
      return common + first;
    }
    double second =
        Math.log(p.a()) - Math.log(p.b() + x - 1) - (p.r() + x) * Math.log(p.alpha() + tx);
    return common + logSumExp(first, second);
  }

  /**
   * Total log-likelihood of all customers summarised by {@code s}. Terms that depend only on x
   * are computed once per frequency and ln(α + time) once per distinct time, so each triple costs
   * one exp and one log: ln L = common(x) − (r+x)·ln(α+T) + ln(1 + e^u) with
   * u = ln(a/(b+x−1)) + (r+x)·(ln(α+T) − ln(α+tx)) ≥ ln(a/(b+x−1)).
   */
  public static double logLikelihood(BgNbdParams p, BgNbdStats s) {
    double r = p.r();
    double[] times = s.times();
    double[] logTime = new double[times.length];
    for (int k = 0; k < times.length; k++) {
      logTime[k] = Math.log(p.alpha() + times[k]);
    }
    double[] common = new double[s.maxX() + 1];
    double[] logQ = new double[s.maxX() + 1];
    double logA = Math.log(p.a());
    for (int g = 0; g < s.groups(); g++) {
      int x = s.x(s.groupStart(g));
      common[x] = commonTerm(p, x);
      logQ[x] = x > 0 ? logA - Math.log(p.b() + x - 1) : 0;
    }
    return ChunkedSum.sum(s.size(), (from, to) -> {
      double sum = 0;
      for (int i = from; i < to; i++) {
        int x = s.x(i);
        double rx = r + x;
        double logT = logTime[s.tIndex(i)];
        double v = common[x] - rx * logT;
        if (x > 0) {
          v += log1pExp(logQ[x] + rx * (logT - logTime[s.txIndex(i)]));
        }
        sum += s.count(i) * v;
      }
      return sum;
    });
  }

  /**
   * ln(1 + e^u) without overflow. Math.log(1 + y) rather than log1p: it is twice as fast and its
   * absolute error (a few 10^−16, all a likelihood sum can see) is the same.
   */
  private static double log1pExp(double u) {
    return u > 0 ? u + Math.log(1 + Math.exp(-u)) : Math.log(1 + Math.exp(u));
  }

  /** ln[Γ(r+x)α^r / Γ(r)] + ln[B(a, b+x)/B(a, b)]: the part of ln L that depends on x only. */
  private static double commonTerm(BgNbdParams p, int x) {
    return Gamma.logGamma(p.r() + x) - Gamma.logGamma(p.r()) + p.r() * Math.log(p.alpha())
        + Beta.logBeta(p.a(), p.b() + x) - Beta.logBeta(p.a(), p.b());
  }

  private static double logSumExp(double u, double v) {
    double hi = Math.max(u, v);
    return hi + Math.log1p(Math.exp(Math.min(u, v) - hi));
  }

  /**
   * P(alive at T | x, tx, T) = 1 / (1 + [x &gt; 0]·a/(b+x−1)·((α+T)/(α+tx))^(r+x)), written as
   * 1/(1 + exp(ln(a/(b+x−1)) + (r+x)·log1p((T−tx)/(α+tx)))) so that a huge exponent gives 0,
   * never NaN. Always 1 when x = 0: drop-out happens only after a repeat purchase.
   */
  public static double pAlive(BgNbdParams p, int x, double tx, double t) {
    if (x == 0) {
      return 1.0;
    }
    double e = Math.log(p.a() / (p.b() + x - 1))
        + (p.r() + x) * Math.log1p((t - tx) / (p.alpha() + tx));
    return 1.0 / (1.0 + Math.exp(e));
  }

  /**
   * Unconditional E[X(t)], the expected repeat purchases in the first t days of a new customer:
   * (a+b−1)/(a−1)·[1 − (α/(α+t))^r·2F1(r, b; a+b−1; t/(α+t))], the conditional expectation of a
   * customer with x = 0 observed for T = 0.
   */
  public static double expectedPurchases(BgNbdParams p, double t) {
    return expectedIfAlive(p, 0, 0.0, t);
  }

  /**
   * E[X(T, T+t) | x, tx, T], the paper's equation (10): expected purchases in the t days after the
   * end of observation, = P(alive)·{@link #expectedIfAlive}.
   */
  public static double conditionalExpectedPurchases(BgNbdParams p, int x, double tx, double t,
      double horizon) {
    return pAlive(p, x, tx, t) * expectedIfAlive(p, x, t, horizon);
  }

  /**
   * Expected purchases in the next {@code horizon} days of a customer known to be alive at T with
   * x repeat purchases; it does not depend on tx:
   * (a+b+x−1)/(a−1)·[1 − ((α+T)/(α+T+t))^(r+x)·2F1(r+x, b+x; a+b+x−1; z)], z = t/(α+T+t).
   *
   * <p>Evaluated through Euler's transformation 2F1(A, B; C; z) = (1−z)^(C−A−B)·2F1(C−A, C−B; C;
   * z), which turns the bracket into 1 − (1−z)^(a−1)·2F1(a+b−1−r, a−1; a+b+x−1; z). Untransformed,
   * 2F1 grows like (1−z)^−(r+x) and overflows for large x; transformed, it is bounded and tends to
   * 1 as x grows. The bracket is summed as −expm1((a−1)ln(1−z)) − (1−z)^(a−1)·(2F1 − 1) so that
   * small z (long-observed customers) loses no digits. The factor (a+b+x−1)/(a−1) and the bracket
   * both change sign at a = 1 where the value is finite (it is a removable singularity); within
   * 10^−3 of it the value is interpolated in a by a cubic through a = 1 ± 10^−3, 1 ± 2·10^−3.
   */
  public static double expectedIfAlive(BgNbdParams p, int x, double t, double horizon) {
    if (horizon == 0.0) {
      return 0.0;
    }
    double a = p.a();
    if (Math.abs(a - 1.0) >= A_NEAR_ONE) {
      return expectedIfAliveRaw(p.r(), p.alpha(), a, p.b(), x, t, horizon);
    }
    double d = A_NEAR_ONE;
    double[] nodes = {1 - 2 * d, 1 - d, 1 + d, 1 + 2 * d};
    double out = 0;
    for (int i = 0; i < nodes.length; i++) {
      double w = 1;
      for (int j = 0; j < nodes.length; j++) {
        if (j != i) {
          w *= (a - nodes[j]) / (nodes[i] - nodes[j]);
        }
      }
      out += w * expectedIfAliveRaw(p.r(), p.alpha(), nodes[i], p.b(), x, t, horizon);
    }
    return out;
  }

  private static double expectedIfAliveRaw(double r, double alpha, double a, double b, int x,
      double t, double horizon) {
    double z = horizon / (alpha + t + horizon);
    double log1mz = -Math.log1p(horizon / (alpha + t));
    double am1 = a - 1.0;
    double c = a + b + x - 1.0;
    double fMinusOne = Hyp2f1.valueMinusOne(a + b - 1.0 - r, am1, c, z);
    double bracket = -Math.expm1(am1 * log1mz) - Math.exp(am1 * log1mz) * fMinusOne;
    return c / am1 * bracket;
  }

  /**
   * Maximum-likelihood fit over log-parameters by multi-start BOBYQA (see MaxLikelihood for the
   * search and the convergence checks). Time is rescaled by
   * the mean T for the search (α scales with the time unit, the other parameters do not) so that
   * the starts and the bounds mean the same for any data; the reported parameters and
   * log-likelihood are in days. Not converged (with a warning) when there is no repeat buyer (the
   * model is not identified; no parameters then), when the optimiser did not finish, when a
   * parameter runs to 0 or ∞, when the likelihood is flat in some direction at the optimum, or
   * when the optimum is not located to 10⁻⁴ in log-parameters. a ≤ 1 is not degenerate: it makes
   * only the lifetime expectation E[X(∞)] infinite, never a finite horizon's.
   */
  public static FitResult<BgNbdParams> fit(BgNbdStats s) {
    long n = s.customers();
    if (n == 0) {
      return FitResult.empty(0);
    }
    if (s.repeatCustomers() == 0) {
      LOG.warn("BG/NBD not fitted: none of the {} customers has a repeat purchase, so purchase "
          + "rates and drop-out are not identified", n);
      return FitResult.empty(n);
    }
    double scale = s.mean(s::t);
    double meanX = s.mean(s::x);
    ToDoubleFunction<double[]> objective = theta -> -logLikelihood(unscale(theta, scale), s) / n;
    BgNbdStats sample = s.thin(s.size() / MaxLikelihood.SCREEN_SIZE);
    long sampleN = sample.customers();
    ToDoubleFunction<double[]> screen = sample == s ? objective
        : theta -> -logLikelihood(unscale(theta, scale), sample) / sampleN;
    double lambda = meanX; // purchases per scaled time unit
    List<double[]> starts = List.of(
        logs(1.0, 1.0 / lambda, 1.0, 1.0),
        logs(0.3, 0.3 / lambda, 0.5, 3.0),
        logs(3.0, 3.0 / lambda, 2.0, 8.0),
        logs(1.0, 1.0 / lambda, 5.0, 1.0));
    MaxLikelihood.Outcome out = MaxLikelihood.minimise(objective, screen, starts);
    BgNbdParams params = unscale(out.theta(), scale);
    double ll = logLikelihood(params, s);
    if (out.problem() != null) {
      LOG.warn("BG/NBD fit over {} customers not converged ({}): {}", n, out.problem(), params);
    }
    return new FitResult<>(params, ll, n, out.problem() == null);
  }

  /**
   * Asymptotic standard errors of (r, α, a, b) from the observed information: the inverse
   * Hessian of −ln L in log-parameters, mapped back by the delta method (se = θ·se(ln θ)).
   */
  public static double[] standardErrors(BgNbdParams p, BgNbdStats s) {
    double[] theta = logs(p.r(), p.alpha(), p.a(), p.b());
    double[][] cov = MaxLikelihood.inverse(MaxLikelihood.hessian(
        th -> -logLikelihood(unscale(th, 1.0), s), theta));
    double[] v = p.toArray();
    double[] se = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      se[i] = v[i] * Math.sqrt(cov[i][i]);
    }
    return se;
  }

  private static BgNbdParams unscale(double[] theta, double scale) {
    return new BgNbdParams(Math.exp(theta[0]), scale * Math.exp(theta[1]), Math.exp(theta[2]),
        Math.exp(theta[3]));
  }

  static double[] logs(double... v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.log(v[i]);
    }
    return out;
  }
}
