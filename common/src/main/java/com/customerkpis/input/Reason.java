package com.customerkpis.input;

import java.util.Locale;

/** Quarantine reasons of SPEC §2, in the order they are tried: a row gets the first that applies. */
public enum Reason {
  NULL_KEY,
  NO_IDENTITY,
  /** A value that cannot be read as its declared type (e.g. beyond DECIMAL(18,2), NaN). */
  VALUE_OUT_OF_RANGE,
  NULL_REQUIRED,
  TIMESTAMP_OUT_OF_RANGE,
  NEGATIVE_AMOUNT,
  SCORE_OUT_OF_SCALE,
  UNKNOWN_SURVEY_TYPE,
  ENDS_BEFORE_START;

  /** The code written to {@code _quarantine.reason}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
