package com.customerkpis.clv;

/**
 * BG/NBD parameters, time unit days: purchase rates are Gamma(shape r, rate alpha) across
 * customers, and the drop-out probability after each repeat purchase is Beta(a, b).
 *
 * @param r shape of the purchase-rate distribution
 * @param alpha rate (inverse scale, in days) of the purchase-rate distribution
 * @param a first shape of the drop-out probability distribution
 * @param b second shape of the drop-out probability distribution
 */
public record BgNbdParams(double r, double alpha, double a, double b) {

  /** The parameters as an array in the order r, alpha, a, b. */
  public double[] toArray() {
    return new double[] {r, alpha, a, b};
  }

  /** Parameters from an array in the order r, alpha, a, b. */
  public static BgNbdParams of(double[] v) {
    return new BgNbdParams(v[0], v[1], v[2], v[3]);
  }
}
