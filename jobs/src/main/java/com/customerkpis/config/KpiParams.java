package com.customerkpis.config;

import com.customerkpis.time.Grain;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * The KPI definitions' parameters, validated once (SPEC §6 options, defaults in conf/kpi.properties).
 *
 * @param zone business time zone
 * @param grain period grain
 * @param cohortBy what defines a customer's cohort
 * @param maxCohortAge largest period_offset written by cohort_retention
 * @param churnModel how "live" is decided; null = subscription when that table exists, else activity
 * @param inactivityDays activity churn model look-back in calendar days
 * @param sessionTimeout inactivity gap that starts a new session
 * @param conversionEvents event types (normalised) that count as a conversion
 * @param clvHorizonMonths predictive CLV horizon in 30-day months
 * @param discountRate monthly discount rate of predicted CLV
 * @param lifespanYears multiplier of formula_clv
 */
public record KpiParams(ZoneId zone, Grain grain, CohortBy cohortBy, int maxCohortAge,
    ChurnModel churnModel, int inactivityDays, Duration sessionTimeout,
    List<String> conversionEvents, int clvHorizonMonths, double discountRate,
    double lifespanYears) {

  /** Validates ranges so that a bad value is reported by name before any Spark work. */
  public KpiParams {
    require(maxCohortAge >= 0, "--max-cohort-age must be >= 0, got " + maxCohortAge);
    require(inactivityDays >= 1, "--inactivity-days must be >= 1, got " + inactivityDays);
    require(!sessionTimeout.isNegative() && !sessionTimeout.isZero(),
        "--session-timeout must be positive, got " + sessionTimeout);
    require(!conversionEvents.isEmpty(), "--conversion-events must name at least one event type");
    require(clvHorizonMonths >= 1 && clvHorizonMonths <= 120,
        "--clv-horizon-months must be in 1..120, got " + clvHorizonMonths);
    require(discountRate >= 0 && discountRate < 1 && !Double.isNaN(discountRate),
        "--discount-rate must be in [0, 1), got " + discountRate);
    require(lifespanYears > 0 && !Double.isInfinite(lifespanYears),
        "--lifespan-years must be > 0, got " + lifespanYears);
    conversionEvents = List.copyOf(conversionEvents);
  }

  /** Defaults of SPEC §6 for the given zone and grain (used by tests and the generator). */
  public static KpiParams defaults(ZoneId zone, Grain grain) {
    return new KpiParams(zone, grain, CohortBy.SIGNUP, 24, null, 90, Duration.ofMinutes(30),
        List.of("purchase"), 12, 0.01, 3.0);
  }

  /** A copy with another churn model. */
  public KpiParams withChurnModel(ChurnModel m) {
    return new KpiParams(zone, grain, cohortBy, maxCohortAge, m, inactivityDays, sessionTimeout,
        conversionEvents, clvHorizonMonths, discountRate, lifespanYears);
  }

  /** A copy with another cohort definition. */
  public KpiParams withCohortBy(CohortBy c) {
    return new KpiParams(zone, grain, c, maxCohortAge, churnModel, inactivityDays, sessionTimeout,
        conversionEvents, clvHorizonMonths, discountRate, lifespanYears);
  }

  static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
