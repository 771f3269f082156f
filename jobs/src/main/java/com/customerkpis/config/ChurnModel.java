package com.customerkpis.config;

import java.util.Locale;

/** How "live" is decided for churn: by subscriptions or by recent activity. */
public enum ChurnModel {
  SUBSCRIPTION, ACTIVITY;

  /** Parses {@code subscription|activity}, naming the bad value otherwise. */
  public static ChurnModel parse(String s) {
    for (ChurnModel c : values()) {
      if (c.name().toLowerCase(Locale.ROOT).equals(s.trim().toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "invalid --churn-model '" + s + "': expected subscription or activity");
  }
}
