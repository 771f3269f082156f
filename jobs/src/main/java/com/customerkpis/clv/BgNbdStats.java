package com.customerkpis.clv;

import java.util.Arrays;

/**
 * Sufficient statistics of the BG/NBD likelihood: the distinct (frequency x, recency tx, age T)
 * triples of a population with how many customers share each. The likelihood of a customer
 * depends on nothing else, so a fit over these is exactly the fit over all customers. Their
 * number is at most the customer count and, with integer days, at most cubic in the history
 * length; with years of history most repeat buyers have a triple of their own.
 * Triples are kept grouped by x so that terms depending only on x and the parameters are computed
 * once per group.
 */
public final class BgNbdStats {
  private final int[] x;
  private final double[] tx;
  private final double[] t;
  private final long[] n;
  private final int[] groupStart;
  private final long customers;
  private final long repeatCustomers;
  /** The distinct values of tx and T, ascending; ln(α + time) is computed once per value. */
  private final double[] times;
  private final int[] txIndex;
  private final int[] tIndex;

  private BgNbdStats(int[] x, double[] tx, double[] t, long[] n) {
    this.x = x;
    this.tx = tx;
    this.t = t;
    this.n = n;
    double[] all = new double[2 * x.length];
    System.arraycopy(tx, 0, all, 0, x.length);
    System.arraycopy(t, 0, all, x.length, x.length);
    this.times = java.util.Arrays.stream(all).sorted().distinct().toArray();
    this.txIndex = new int[x.length];
    this.tIndex = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      txIndex[i] = java.util.Arrays.binarySearch(times, tx[i]);
      tIndex[i] = java.util.Arrays.binarySearch(times, t[i]);
    }
    int groups = 0;
    long c = 0;
    long rc = 0;
    for (int i = 0; i < x.length; i++) {
      if (i == 0 || x[i] != x[i - 1]) {
        groups++;
      }
      c += n[i];
      rc += x[i] > 0 ? n[i] : 0;
    }
    this.groupStart = new int[groups + 1];
    int g = 0;
    for (int i = 0; i < x.length; i++) {
      if (i == 0 || x[i] != x[i - 1]) {
        groupStart[g++] = i;
      }
    }
    groupStart[groups] = x.length;
    this.customers = c;
    this.repeatCustomers = rc;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Number of distinct triples. */
  public int size() {
    return x.length;
  }

  /** Frequency (repeat purchases) of triple i. */
  public int x(int i) {
    return x[i];
  }

  /** Recency (time of the last purchase after the first) of triple i. */
  public double tx(int i) {
    return tx[i];
  }

  /** Age (time from the first purchase to the end of observation) of triple i. */
  public double t(int i) {
    return t[i];
  }

  /** The distinct values taken by tx and T, ascending. */
  double[] times() {
    return times;
  }

  /** Index of tx(i) in {@link #times()}. */
  int txIndex(int i) {
    return txIndex[i];
  }

  /** Index of t(i) in {@link #times()}. */
  int tIndex(int i) {
    return tIndex[i];
  }

  /** The largest frequency. */
  int maxX() {
    return x.length == 0 ? 0 : x[x.length - 1];
  }

  /** Number of customers with triple i. */
  public long count(int i) {
    return n[i];
  }

  /** Number of groups of triples sharing one frequency. */
  public int groups() {
    return groupStart.length - 1;
  }

  /** Index of the first triple of group g. */
  public int groupStart(int g) {
    return groupStart[g];
  }

  /** Index past the last triple of group g. */
  public int groupEnd(int g) {
    return groupStart[g + 1];
  }

  /** Total customers. */
  public long customers() {
    return customers;
  }

  /** Customers with at least one repeat purchase. */
  public long repeatCustomers() {
    return repeatCustomers;
  }

  /**
   * A systematic subsample for screening optimiser starts: every k-th triple in frequency order
   * (so each frequency is represented in proportion), its count multiplied by k so that the
   * totals stay comparable. Itself when k ≤ 1.
   */
  BgNbdStats thin(int k) {
    if (k <= 1) {
      return this;
    }
    Builder b = builder();
    for (int i = k / 2; i < x.length; i += k) {
      b.add(x[i], tx[i], t[i], n[i] * k);
    }
    return b.build();
  }

  /** Count-weighted mean of a per-triple value. */
  double mean(java.util.function.IntToDoubleFunction v) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += v.applyAsDouble(i) * n[i];
    }
    return customers == 0 ? Double.NaN : s / customers;
  }

  /** Accumulates triples; equal triples are merged by {@link #build()}. */
  public static final class Builder {
    private int[] x = new int[16];
    private double[] tx = new double[16];
    private double[] t = new double[16];
    private long[] n = new long[16];
    private int size;

    /**
     * Adds {@code count} customers with frequency x, recency tx and age T.
     *
     * @throws IllegalArgumentException unless 0 ≤ x, 0 ≤ tx ≤ T, tx &gt; 0 when x &gt; 0, count ≥ 1
     */
    public Builder add(int x, double tx, double t, long count) {
      if (x < 0 || !(tx >= 0) || !(t >= tx) || !Double.isFinite(t) || (x > 0 && tx <= 0)
          || count < 1) {
        throw new IllegalArgumentException(
            "invalid BG/NBD triple x=" + x + " tx=" + tx + " T=" + t + " n=" + count);
      }
      if (size == this.x.length) {
        int cap = size * 2;
        this.x = Arrays.copyOf(this.x, cap);
        this.tx = Arrays.copyOf(this.tx, cap);
        this.t = Arrays.copyOf(this.t, cap);
        this.n = Arrays.copyOf(this.n, cap);
      }
      this.x[size] = x;
      this.tx[size] = tx;
      this.t[size] = t;
      this.n[size] = count;
      size++;
      return this;
    }

    /**
     * The statistics, sorted by (x, T, tx) with equal triples merged: the order in which Spark
     * delivered them must not change a fit, even in the last bit of a sum.
     */
    public BgNbdStats build() {
      Integer[] order = new Integer[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(order, (i, j) -> {
        int c = Integer.compare(x[i], x[j]);
        if (c == 0) {
          c = Double.compare(t[i], t[j]);
        }
        return c != 0 ? c : Double.compare(tx[i], tx[j]);
      });
      int[] sx = new int[size];
      double[] stx = new double[size];
      double[] st = new double[size];
      long[] sn = new long[size];
      int m = 0;
      for (int k = 0; k < size; k++) {
        int i = order[k];
        if (m > 0 && sx[m - 1] == x[i] && st[m - 1] == t[i] && stx[m - 1] == tx[i]) {
          sn[m - 1] += n[i];
          continue;
        }
        sx[m] = x[i];
        stx[m] = tx[i];
        st[m] = t[i];
        sn[m] = n[i];
        m++;
      }
      return new BgNbdStats(Arrays.copyOf(sx, m), Arrays.copyOf(stx, m), Arrays.copyOf(st, m),
          Arrays.copyOf(sn, m));
    }
  }
}
