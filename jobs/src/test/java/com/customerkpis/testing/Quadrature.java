package com.customerkpis.testing;

import java.util.function.DoubleBinaryOperator;

/**
 * Tanh-sinh (double-exponential) quadrature on [0, 1], an independent way to compute reference
 * values: it converges exponentially even with integrable endpoint singularities.
 */
public final class Quadrature {
  private Quadrature() {}

  /**
   * ∫_0^1 f(t) dt, where f receives (t, 1 − t) with 1 − t computed without cancellation so that
   * integrands like (1−t)^(−1/2) stay accurate at the right end. Evaluated at two step sizes;
   * fails if they disagree beyond {@code tol} (relative), so a reference value is never silently
   * unconverged.
   */
  public static double tanhSinh(DoubleBinaryOperator f, double tol) {
    double coarse = sum(f, 1.0 / 64);
    double fine = sum(f, 1.0 / 128);
    if (!(Math.abs(fine - coarse) <= tol * Math.abs(fine))) {
      throw new AssertionError("quadrature not converged: " + coarse + " vs " + fine);
    }
    return fine;
  }

  private static double sum(DoubleBinaryOperator f, double h) {
    double total = 0;
    int k = (int) Math.ceil(6.5 / h);
    for (int i = -k; i <= k; i++) {
      double u = i * h;
      double s = Math.PI / 2 * Math.sinh(u);
      double t;
      double oneMinusT;
      if (s >= 0) {
        double e = Math.exp(-2 * s);
        t = 1 / (1 + e);
        oneMinusT = e / (1 + e);
      } else {
        double e = Math.exp(2 * s);
        t = e / (1 + e);
        oneMinusT = 1 / (1 + e);
      }
      if (t == 0 || oneMinusT == 0) {
        continue;
      }
      double weight = Math.PI * Math.cosh(u) * t * oneMinusT;
      double v = f.applyAsDouble(t, oneMinusT) * weight;
      if (Double.isFinite(v)) {
        total += v;
      }
    }
    return total * h;
  }
}
