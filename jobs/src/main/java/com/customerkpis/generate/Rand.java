package com.customerkpis.generate;

import java.util.SplittableRandom;

/** Seeded random streams and the few distributions the generator samples from. */
final class Rand {
  private Rand() {}

  /** SplitMix64 finaliser: a bijection on longs, so distinct inputs give distinct ids. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /**
   * The random stream of one entity of one table: depends only on (seed, stream, entity), which
   * is what makes the output independent of partitioning.
   */
  static SplittableRandom of(long seed, long stream, long entity) {
    return new SplittableRandom(mix(mix(mix(seed) + stream) + entity));
  }

  /** Uniform in (0, 1]: safe for logarithms and powers. */
  static double open(SplittableRandom r) {
    return 1.0 - r.nextDouble();
  }

  static boolean chance(SplittableRandom r, double p) {
    return r.nextDouble() < p;
  }

  /** Exponential with the given mean. */
  static double exp(SplittableRandom r, double mean) {
    return -Math.log(open(r)) * mean;
  }

  /** Gamma with the given shape and scale (Marsaglia and Tsang; boosted for shape below 1). */
  static double gamma(SplittableRandom r, double shape, double scale) {
    if (shape < 1.0) {
      return gamma(r, shape + 1.0, scale) * Math.pow(open(r), 1.0 / shape);
    }
    double d = shape - 1.0 / 3.0;
    double c = 1.0 / Math.sqrt(9.0 * d);
    while (true) {
      double x;
      double v;
      do {
        x = r.nextGaussian();
        v = 1.0 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = open(r);
      if (u < 1.0 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1.0 - v + Math.log(v))) {
        return d * v * scale;
      }
    }
  }

  static double beta(SplittableRandom r, double a, double b) {
    double x = gamma(r, a, 1.0);
    double y = gamma(r, b, 1.0);
    return x / (x + y);
  }

  /** Poisson by inversion: the means used here are small. */
  static int poisson(SplittableRandom r, double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 50) {
      return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
    }
    double l = Math.exp(-mean);
    int k = 0;
    double p = r.nextDouble();
    double cum = l;
    double term = l;
    while (p > cum && k < 1000) {
      k++;
      term *= mean / k;
      cum += term;
    }
    return k;
  }

  /** Log-normal with the given median and log-scale sigma. */
  static double logNormal(SplittableRandom r, double median, double sigma) {
    return median * Math.exp(sigma * r.nextGaussian());
  }

  /** Index drawn from weights that need not sum to one. */
  static int pick(SplittableRandom r, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = r.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  static <T> T pick(SplittableRandom r, T[] values) {
    return values[r.nextInt(values.length)];
  }

  /** 16 lower-case hex digits: fixed width so ids sort like their numbers. */
  static String hex16(long v) {
    String h = Long.toHexString(v);
    return "0000000000000000".substring(h.length()) + h;
  }
}
