package com.customerkpis.job;

/** The run was stopped by a shutdown signal (SIGTERM, SIGINT) and recorded as cancelled. */
public class RunCancelledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code cause} is what the stop interrupted. */
  public RunCancelledException(String message, Throwable cause) {
    super(message, cause);
  }
}
