package com.customerkpis.clv;

/**
 * The outcome of one maximum-likelihood fit.
 *
 * @param params the fitted parameters; null when there was no data to fit (then logLikelihood is
 *     NaN and converged is false)
 * @param logLikelihood the total log-likelihood at {@code params} over all customers
 * @param customers the number of customers the fit used
 * @param converged true only when the optimiser converged to an interior maximum with
 *     non-degenerate parameters; scores from a fit that is not converged are not produced
 * @param <P> the parameter record type
 */
public record FitResult<P>(P params, double logLikelihood, long customers, boolean converged) {

  /** A fit that was not attempted because there was nothing to fit. */
  public static <P> FitResult<P> empty(long customers) {
    return new FitResult<>(null, Double.NaN, customers, false);
  }
}
