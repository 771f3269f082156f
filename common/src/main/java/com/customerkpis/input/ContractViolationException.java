package com.customerkpis.input;

/** An input breaks the contract (missing table or column, unreadable type): exit code 3. */
public class ContractViolationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming table, column, expected and found type. */
  public ContractViolationException(String message) {
    super(message);
  }
}
