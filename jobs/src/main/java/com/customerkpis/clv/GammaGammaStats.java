package com.customerkpis.clv;

import java.util.Arrays;

/**
 * Sufficient statistics of the Gamma-Gamma likelihood: the distinct (frequency x, total repeat
 * spend S) pairs with how many customers share each. The likelihood of m̄ = S/x depends on the
 * data only through x and S. S is kept in integer cents: repeat spend is a sum of DECIMAL(·,2)
 * amounts, so cents are its exact value and the likelihood over these pairs is exactly the
 * likelihood over all customers. Pairs are grouped by x.
 */
public final class GammaGammaStats {
  private final int[] x;
  private final double[] spend;
  private final double[] logSpend;
  private final long[] n;
  private final int[] groupStart;
  private final long customers;

  private GammaGammaStats(int[] x, double[] spend, long[] n) {
    this.x = x;
    this.spend = spend;
    this.n = n;
    this.logSpend = new double[x.length];
    int groups = 0;
    long c = 0;
    for (int i = 0; i < x.length; i++) {
      logSpend[i] = Math.log(spend[i]);
      if (i == 0 || x[i] != x[i - 1]) {
        groups++;
      }
      c += n[i];
    }
    groupStart = new int[groups + 1];
    int g = 0;
    for (int i = 0; i < x.length; i++) {
      if (i == 0 || x[i] != x[i - 1]) {
        groupStart[g++] = i;
      }
    }
    groupStart[groups] = x.length;
    customers = c;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Number of distinct pairs. */
  public int size() {
    return x.length;
  }

  /** Frequency of pair i. */
  public int x(int i) {
    return x[i];
  }

  /** Total repeat spend of pair i, in currency units. */
  public double spend(int i) {
    return spend[i];
  }

  /** ln of the total repeat spend of pair i. */
  double logSpend(int i) {
    return logSpend[i];
  }

  /** The largest frequency. */
  int maxX() {
    return x.length == 0 ? 0 : x[x.length - 1];
  }

  /** Number of customers with pair i. */
  public long count(int i) {
    return n[i];
  }

  /** Number of groups of pairs sharing one frequency. */
  public int groups() {
    return groupStart.length - 1;
  }

  /** Index of the first pair of group g. */
  public int groupStart(int g) {
    return groupStart[g];
  }

  /** Index past the last pair of group g. */
  public int groupEnd(int g) {
    return groupStart[g + 1];
  }

  /** Total customers. */
  public long customers() {
    return customers;
  }

  /**
   * A systematic subsample for screening optimiser starts: every k-th pair in frequency order, its
   * count multiplied by k. Itself when k ≤ 1.
   */
  GammaGammaStats thin(int k) {
    if (k <= 1) {
      return this;
    }
    Builder b = builder();
    for (int i = k / 2; i < x.length; i += k) {
      b.add(x[i], spend[i], n[i] * k);
    }
    return b.build();
  }

  /** Count-weighted mean spend per purchase, m̄. */
  double meanSpendPerPurchase() {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += spend[i] / x[i] * n[i];
    }
    return customers == 0 ? Double.NaN : s / customers;
  }

  /** Accumulates pairs; equal pairs are merged by {@link #build()}. */
  public static final class Builder {
    private int[] x = new int[16];
    private double[] spend = new double[16];
    private long[] n = new long[16];
    private int size;

    /** Adds {@code count} customers with frequency x ≥ 1 and total repeat spend in cents ≥ 1. */
    public Builder addCents(int x, long totalCents, long count) {
      if (totalCents < 1) {
        throw new IllegalArgumentException("Gamma-Gamma needs positive spend, got " + totalCents);
      }
      return add(x, totalCents / 100.0, count);
    }

    /** Adds {@code count} customers with frequency x ≥ 1 and total repeat spend S &gt; 0. */
    public Builder add(int x, double totalSpend, long count) {
      if (x < 1 || !(totalSpend > 0) || !Double.isFinite(totalSpend) || count < 1) {
        throw new IllegalArgumentException(
            "invalid Gamma-Gamma pair x=" + x + " S=" + totalSpend + " n=" + count);
      }
      if (size == this.x.length) {
        int cap = size * 2;
        this.x = Arrays.copyOf(this.x, cap);
        this.spend = Arrays.copyOf(this.spend, cap);
        this.n = Arrays.copyOf(this.n, cap);
      }
      this.x[size] = x;
      this.spend[size] = totalSpend;
      this.n[size] = count;
      size++;
      return this;
    }

    /** The statistics, sorted by (x, S) with equal pairs merged, so input order cannot matter. */
    public GammaGammaStats build() {
      Integer[] order = new Integer[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (i, j) -> {
        int c = Integer.compare(x[i], x[j]);
        return c != 0 ? c : Double.compare(spend[i], spend[j]);
      });
      int[] sx = new int[size];
      double[] ss = new double[size];
      long[] sn = new long[size];
      int m = 0;
      for (int k = 0; k < size; k++) {
        int i = order[k];
        if (m > 0 && sx[m - 1] == x[i] && ss[m - 1] == spend[i]) {
          sn[m - 1] += n[i];
          continue;
        }
        sx[m] = x[i];
        ss[m] = spend[i];
        sn[m] = n[i];
        m++;
      }
      return new GammaGammaStats(Arrays.copyOf(sx, m), Arrays.copyOf(ss, m), Arrays.copyOf(sn, m));
    }
  }
}
