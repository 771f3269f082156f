package com.customerkpis.clv;

import java.util.stream.IntStream;

/**
 * Sums a function over index chunks, in parallel for large ranges, with a result that does not
 * depend on the number of threads: chunk bounds are fixed and the partial sums are added in order.
 */
final class ChunkedSum {
  /** Below this many items one thread is faster than scheduling chunks. */
  private static final int PARALLEL_FROM = 32_768;
  private static final int CHUNK = 8_192;

  private ChunkedSum() {}

  /** A sum over the half-open index range [from, to). */
  @FunctionalInterface
  interface RangeSum {
    double sum(int from, int to);
  }

  /** Σ over [0, n) computed as the in-order sum of per-chunk sums. */
  static double sum(int n, RangeSum f) {
    if (n < PARALLEL_FROM) {
      return f.sum(0, n);
    }
    int chunks = (n + CHUNK - 1) / CHUNK;
    double[] parts = IntStream.range(0, chunks).parallel()
        .mapToDouble(c -> f.sum(c * CHUNK, Math.min(n, (c + 1) * CHUNK))).toArray();
    double total = 0;
    for (double p : parts) {
      total += p;
    }
    return total;
  }
}
