package com.customerkpis.config;

import java.util.Locale;

/** What puts a customer in a cohort: the signup instant or the first completed order. */
public enum CohortBy {
  SIGNUP, FIRST_ORDER;

  /** Parses {@code signup|first_order}, naming the bad value otherwise. */
  public static CohortBy parse(String s) {
    for (CohortBy c : values()) {
      if (c.name().toLowerCase(Locale.ROOT).equals(s.trim().toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new IllegalArgumentException("invalid --cohort-by '" + s + "': expected signup or first_order");
  }
}
