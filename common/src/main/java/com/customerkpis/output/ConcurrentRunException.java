package com.customerkpis.output;

/**
 * Another run committed the same periods of a table while this run was writing them: this run's
 * rows were not committed there, and the table holds the other run's complete version.
 */
public class ConcurrentRunException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the table and periods. */
  public ConcurrentRunException(String message, Throwable cause) {
    super(message, cause);
  }
}
