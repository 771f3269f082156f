package com.customerkpis.clv;

/**
 * Gamma-Gamma spend parameters: each purchase's value is Gamma(shape p, rate ν) for a customer,
 * and ν is Gamma(shape q, rate gamma) across customers; gamma is in currency units.
 *
 * @param p shape of the per-purchase spend distribution
 * @param q shape of the distribution of the customers' spend rates ν
 * @param gamma rate of the distribution of ν (currency units)
 */
public record GammaGammaParams(double p, double q, double gamma) {

  /** The parameters as an array in the order p, q, gamma. */
  public double[] toArray() {
    return new double[] {p, q, gamma};
  }

  /** Parameters from an array in the order p, q, gamma. */
  public static GammaGammaParams of(double[] v) {
    return new GammaGammaParams(v[0], v[1], v[2]);
  }
}
