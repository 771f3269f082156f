package com.customerkpis.cli;

/** Exit codes of SPEC §6. */
public final class ExitCodes {
  private ExitCodes() {}

  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  public static final int CONTRACT = 3;
  /** Stopped by SIGTERM (128 + 15), as the shell reports it; the run is recorded as cancelled. */
  public static final int CANCELLED = 143;

  /** What an exit code means, for messages. */
  public static String describe(int code) {
    return switch (code) {
      case OK -> "success";
      case USAGE -> "usage error";
      case CONTRACT -> "input contract violation";
      case CANCELLED -> "cancelled";
      default -> "failure";
    };
  }
}
