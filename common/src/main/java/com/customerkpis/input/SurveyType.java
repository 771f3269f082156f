package com.customerkpis.input;

import java.util.Locale;

/**
 * The survey types of SPEC §2 with their score scales: the reader quarantines scores outside the
 * scale and the survey KPIs select their responses by {@link #code()}.
 */
public enum SurveyType {
  /** Customer satisfaction, 1–5. */
  CSAT(1, 5),
  /** Net Promoter Score, 0–10. */
  NPS(0, 10),
  /** Customer effort, 1–7 (7 = easiest). */
  CES(1, 7);

  private final int minScore;
  private final int maxScore;

  SurveyType(int minScore, int maxScore) {
    this.minScore = minScore;
    this.maxScore = maxScore;
  }

  /** The normalised {@code survey_type} value (trimmed, lower case). */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Lowest valid score. */
  public int minScore() {
    return minScore;
  }

  /** Highest valid score. */
  public int maxScore() {
    return maxScore;
  }
}
