package com.customerkpis.clv;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Multi-start Nelder-Mead minimisation of a mean negative log-likelihood over log-parameters,
 * with the checks that decide whether a fit counts as converged.
 */
final class MaxLikelihood {
  /** Log-parameters beyond ±BOUND are rejected (objective +∞): e^15 ≈ 3·10^6 in scaled units. */
  static final double BOUND = 15.0;
  /** An optimum within this distance of the bound is a parameter running off to 0 or ∞. */
  static final double MARGIN = 2.0;
  private static final int MAX_EVAL_PER_RUN = 4_000;
  private static final int MAX_POLISH = 6;
  /** Polishing stops once a restart improves the mean negative log-likelihood less than this. */
  private static final double POLISH_TOL = 1e-10;
  /** Step of the central differences of the Hessian, in log-parameter units. */
  private static final double HESSIAN_STEP = 1e-3;
  /** Smallest Hessian eigenvalue (mean log-likelihood units) for an identified maximum. */
  private static final double MIN_CURVATURE = 1e-7;

  private MaxLikelihood() {}

  /**
   * The result of a minimisation.
   *
   * @param theta best log-parameters found
   * @param value objective at theta
   * @param optimiserConverged the final Nelder-Mead runs converged and restarting no longer helped
   * @param evaluations objective evaluations used in total
   */
  record Outcome(double[] theta, double value, boolean optimiserConverged, int evaluations) {}

  /**
   * Runs Nelder-Mead from every start, then restarts from the best point with a fresh simplex
   * until a restart no longer improves (a collapsed simplex can stall short of the minimum).
   */
  static Outcome minimise(ToDoubleFunction<double[]> objective, List<double[]> starts) {
    Tracked f = new Tracked(objective);
    for (double[] start : starts) {
      run(f, start, 0.5);
    }
    boolean converged = false;
    for (int i = 0; i < MAX_POLISH && Double.isFinite(f.bestValue); i++) {
      double before = f.bestValue;
      boolean ok = run(f, f.bestPoint.clone(), 0.1);
      if (ok && before - f.bestValue < POLISH_TOL) {
        converged = true;
        break;
      }
    }
    return new Outcome(f.bestPoint, f.bestValue, converged, f.evaluations);
  }

  /** One Nelder-Mead run; false when it ran out of evaluations. */
  private static boolean run(Tracked f, double[] start, double step) {
    double[] steps = new double[start.length];
    java.util.Arrays.fill(steps, step);
    SimplexOptimizer opt = new SimplexOptimizer(1e-12, 1e-14);
    try {
      opt.optimize(new MaxEval(MAX_EVAL_PER_RUN), new ObjectiveFunction(f::value),
          GoalType.MINIMIZE, new InitialGuess(start), new NelderMeadSimplex(steps));
      return true;
    } catch (TooManyEvaluationsException e) {
      return false;
    }
  }

  /** True when every log-parameter is inside the bound by at least the margin. */
  static boolean interior(double[] theta) {
    for (double t : theta) {
      if (!(Math.abs(t) < BOUND - MARGIN)) {
        return false;
      }
    }
    return true;
  }

  /** Central-difference Hessian of f at theta. */
  static double[][] hessian(ToDoubleFunction<double[]> f, double[] theta) {
    int n = theta.length;
    double h = HESSIAN_STEP;
    double f0 = f.applyAsDouble(theta);
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) {
      out[i][i] = (shifted(f, theta, i, h, i, 0) - 2 * f0 + shifted(f, theta, i, -h, i, 0))
          / (h * h);
      for (int j = 0; j < i; j++) {
        double v = (shifted(f, theta, i, h, j, h) - shifted(f, theta, i, h, j, -h)
            - shifted(f, theta, i, -h, j, h) + shifted(f, theta, i, -h, j, -h)) / (4 * h * h);
        out[i][j] = v;
        out[j][i] = v;
      }
    }
    return out;
  }

  private static double shifted(ToDoubleFunction<double[]> f, double[] theta, int i, double hi,
      int j, double hj) {
    double[] p = theta.clone();
    p[i] += hi;
    p[j] += hj;
    return f.applyAsDouble(p);
  }

  /** True when the Hessian is finite and clearly positive definite (an identified minimum). */
  static boolean positiveDefinite(double[][] h) {
    for (double[] row : h) {
      for (double v : row) {
        if (!Double.isFinite(v)) {
          return false;
        }
      }
    }
    double[] eig = new EigenDecomposition(new Array2DRowRealMatrix(h)).getRealEigenvalues();
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (double e : eig) {
      min = Math.min(min, e);
      max = Math.max(max, Math.abs(e));
    }
    return min > MIN_CURVATURE * Math.max(1.0, max);
  }

  /** The inverse of a (positive definite) matrix. */
  static double[][] inverse(double[][] h) {
    RealMatrix inv = new LUDecomposition(new Array2DRowRealMatrix(h)).getSolver().getInverse();
    return inv.getData();
  }

  /** Wraps the objective: NaN and out-of-bound points are +∞; remembers the best point seen. */
  private static final class Tracked {
    private final ToDoubleFunction<double[]> objective;
    private double[] bestPoint;
    private double bestValue = Double.POSITIVE_INFINITY;
    private int evaluations;

    Tracked(ToDoubleFunction<double[]> objective) {
      this.objective = objective;
    }

    double value(double[] theta) {
      evaluations++;
      double v = Double.POSITIVE_INFINITY;
      boolean inside = true;
      for (double t : theta) {
        inside &= Math.abs(t) <= BOUND;
      }
      if (inside) {
        double raw = objective.applyAsDouble(theta);
        v = Double.isNaN(raw) ? Double.POSITIVE_INFINITY : raw;
      }
      if (bestPoint == null || v < bestValue) {
        bestValue = v;
        bestPoint = theta.clone();
      }
      return v;
    }
  }
}
