package com.customerkpis.clv;

/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) for real parameters and real z &lt; 1.
 *
 * <p>Method: for 0 ≤ z ≤ 1/2 the power series, summed until its tail is provably below
 * double precision. For 1/2 &lt; z &lt; 1 the function is continued analytically along the real
 * axis with the hypergeometric differential equation z(1−z)y'' + [c − (a+b+1)z]y' − ab·y = 0:
 * value and derivative at z0 = 1/2 come from the series, then each step expands y in a Taylor
 * series about the current point (its coefficients follow from the equation by a three-term
 * recurrence) and moves half of the way to the singular point z = 1, until z is within half that
 * distance. Every expansion therefore converges at least like 2^−k, and reaching 1 − z = 10^−9
 * takes about 30 steps.
 *
 * <p>Why not the usual 1 − z connection formula: its two terms carry Γ(c−a−b) and Γ(a+b−c), which
 * have poles when c − a − b is an integer and lose about −log10(distance to that integer) digits
 * near one. The CLV models evaluate 2F1 with c − a − b = x + r − a + 1 for every purchase count x,
 * so a fitted r − a close to an integer would put every call near that case. The continuation has
 * no special cases. For z &lt; 0, Pfaff's transformation 2F1(a,b;c;z) = (1−z)^−a
 * 2F1(a, c−b; c; z/(z−1)) maps the argument into [0, 1).
 */
public final class Hyp2f1 {
  private static final double TOL = 1e-17;
  private static final int MAX_TERMS = 200_000;
  private static final int MAX_STEP_TERMS = 5_000;
  /** Where the direct series hands over to the continuation. */
  private static final double SERIES_LIMIT = 0.5;

  private Hyp2f1() {}

  /**
   * 2F1(a, b; c; z).
   *
   * @throws IllegalArgumentException if z ≥ 1, an argument is not finite, or c is a non-positive
   *     integer
   * @throws ArithmeticException if a series fails to converge (it never should for valid input)
   */
  public static double value(double a, double b, double c, double z) {
    check(a, b, c, z);
    if (z == 0.0 || a == 0.0 || b == 0.0) {
      return 1.0;
    }
    if (z < 0.0) {
      double w = z / (z - 1.0);
      return Math.exp(-a * Math.log1p(-z)) * value(a, c - b, c, w);
    }
    if (z <= SERIES_LIMIT) {
      return series(a, b, c, z)[0] + 1.0;
    }
    return continued(a, b, c, z);
  }

  /**
   * 2F1(a, b; c; z) − 1, without the cancellation of computing {@code value − 1} when z is small
   * (the series is summed from its second term).
   */
  public static double valueMinusOne(double a, double b, double c, double z) {
    check(a, b, c, z);
    if (z == 0.0 || a == 0.0 || b == 0.0) {
      return 0.0;
    }
    if (z > 0.0 && z <= SERIES_LIMIT) {
      return series(a, b, c, z)[0];
    }
    return value(a, b, c, z) - 1.0;
  }

  private static void check(double a, double b, double c, double z) {
    if (!(Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(c) && Double.isFinite(z))) {
      throw new IllegalArgumentException("2F1 arguments must be finite: a=" + a + " b=" + b
          + " c=" + c + " z=" + z);
    }
    if (!(z < 1.0)) {
      throw new IllegalArgumentException("2F1 needs z < 1, got " + z);
    }
    if (c <= 0.0 && c == Math.rint(c)) {
      throw new IllegalArgumentException("2F1 is undefined for c = " + c);
    }
  }

  /**
   * The series without its leading 1, and its derivative: {Σ_{n≥1} t_n, Σ_{n≥1} n·t_n / z}.
   * Stops once the ratio of consecutive terms has settled below 1 and the geometric bound on the
   * remaining tail of both sums is below TOL relative to the sums.
   */
  private static double[] series(double a, double b, double c, double z) {
    double term = 1.0;
    double sum = 0.0;
    double dsum = 0.0;
    double maxTerm = 0.0;
    // Past n ≈ |a|+|b|+|c| the term ratio is in its asymptotic regime
    // z·(1 + (a+b−c−1)/n + O(1/n²)), so max(next ratio, z) bounds all later ratios: the tail is
    // at most geometric.
    double settled = Math.abs(a) + Math.abs(b) + Math.abs(c) + 2.0;
    for (int n = 0; n < MAX_TERMS; n++) {
      double ratio = (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
      term *= ratio;
      if (term == 0.0) {
        return new double[] {sum, dsum}; // a or b is a non-positive integer: a polynomial
      }
      sum += term;
      double dterm = (n + 1.0) * term / z;
      dsum += dterm;
      maxTerm = Math.max(maxTerm, Math.abs(dterm) + Math.abs(term));
      if (n > settled) {
        double next = Math.abs((a + n + 1) * (b + n + 1) / ((c + n + 1) * (n + 2.0)) * z);
        double rho = Math.max(next, z);
        if (rho < 1.0) {
          // the derivative's later terms shrink by at most rho·(n+2)/(n+1)
          double rhoD = rho * (n + 2.0) / (n + 1.0);
          double tail = Math.abs(term) * rho / (1.0 - rho);
          double dtail = rhoD < 1.0 ? Math.abs(dterm) * rhoD / (1.0 - rhoD) : Double.MAX_VALUE;
          double floor = 1e-16 * maxTerm;
          if (tail <= TOL * Math.max(Math.abs(sum + 1.0), floor)
              && dtail <= TOL * Math.max(Math.abs(dsum), floor)) {
            return new double[] {sum, dsum};
          }
        }
      }
    }
    throw new ArithmeticException("2F1 series did not converge: a=" + a + " b=" + b + " c=" + c
        + " z=" + z);
  }

  /** Analytic continuation from z0 = 1/2 to z in (1/2, 1) by Taylor steps along the equation. */
  private static double continued(double a, double b, double c, double z) {
    double z0 = SERIES_LIMIT;
    double[] s = series(a, b, c, z0);
    double y = s[0] + 1.0;
    double dy = s[1];
    while (z0 < z) {
      double h = Math.min(z - z0, 0.5 * (1.0 - z0));
      double[] next = taylorStep(a, b, c, z0, h, y, dy);
      y = next[0];
      dy = next[1];
      z0 = (z - z0 <= 0.5 * (1.0 - z0)) ? z : z0 + h;
    }
    return y;
  }

  /**
   * y and y' at z0 + h from y and y' at z0, with 0 &lt; h ≤ (1 − z0)/2 and z0 ≥ 1/2, so the
   * nearest singular point (z = 1) is at least 2h away. With e_k = c_k·h^k the coefficient of h^k
   * in the equation gives e_{k+2} = −[(P1·k + Q0)(k+1)·h·e_{k+1} + (P2·k(k−1) + Q1·k + R)·h²·e_k]
   * / (P0·(k+2)(k+1)), where z(1−z) = P0 + P1·h + P2·h², c − (a+b+1)z = Q0 + Q1·h, R = −ab.
   */
  private static double[] taylorStep(double a, double b, double c, double z0, double h, double y0,
      double dy0) {
    double p0 = z0 * (1.0 - z0);
    double p1 = 1.0 - 2.0 * z0;
    double p2 = -1.0;
    double q0 = c - (a + b + 1.0) * z0;
    double q1 = -(a + b + 1.0);
    double r = -a * b;
    double ePrev = y0;
    double eCur = dy0 * h;
    double y = ePrev + eCur;
    double dyh = eCur; // h·y'(z0+h) = Σ k·e_k
    double maxTerm = Math.abs(ePrev) + Math.abs(eCur);
    int small = 0;
    for (int k = 0; k < MAX_STEP_TERMS; k++) {
      double eNext = -((p1 * k + q0) * (k + 1.0) * h * eCur
          + (p2 * k * (k - 1.0) + q1 * k + r) * h * h * ePrev) / (p0 * (k + 2.0) * (k + 1.0));
      y += eNext;
      dyh += (k + 2.0) * eNext;
      maxTerm = Math.max(maxTerm, (k + 2.0) * Math.abs(eNext));
      double floor = 1e-16 * maxTerm;
      boolean negligible = Math.abs(eNext) <= TOL * Math.max(Math.abs(y), floor)
          && (k + 2.0) * Math.abs(eNext) <= TOL * Math.max(Math.abs(dyh), floor);
      // two negligible terms in a row: a coefficient of a three-term recurrence can vanish alone
      small = negligible ? small + 1 : 0;
      if (small >= 2 && k > 4) {
        return new double[] {y, dyh / h};
      }
      ePrev = eCur;
      eCur = eNext;
    }
    throw new ArithmeticException("2F1 continuation did not converge: a=" + a + " b=" + b + " c="
        + c + " z0=" + z0 + " h=" + h);
  }
}
