package com.customerkpis.generate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The true parameters behind generated data, as written to {@code _truth.json}: what a model
 * fitted on the data should recover.
 *
 * @param bgnbd purchase process
 * @param gammaGamma spend per purchase
 * @param population everything else (shares, rates, propensities), keyed by name
 */
public record Truth(BgNbd bgnbd, GammaGamma gammaGamma, Map<String, Object> population) {

  /**
   * BG/NBD (Fader, Hardie and Lee 2005) with days as the time unit: purchase rate
   * lambda ~ Gamma(shape r, rate alpha), dropout after each repeat purchase p ~ Beta(a, b).
   * A share of customers buys, the first time after an exponential wait from signup that does
   * not depend on lambda; that first purchase is time zero of the model, so dropout can follow
   * repeat purchases only.
   */
  public record BgNbd(double r, double alpha, double a, double b) {}

  /**
   * Gamma-Gamma (Fader and Hardie 2013): per-customer nu ~ Gamma(shape q, rate gamma), amounts of
   * completed orders ~ Gamma(shape p, rate nu), so the population mean spend is p gamma / (q - 1).
   */
  public record GammaGamma(double p, double q, double gamma) {
    /** Population mean of a completed order's amount. */
    public double meanSpend() {
      return p * gamma / (q - 1);
    }
  }

  /** The parameters every generated data set uses. */
  public static Truth standard() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time_unit", "days");
    m.put("buyer_share", Model.BUYER_SHARE);
    m.put("first_purchase_days_after_signup_mean", Model.FIRST_PURCHASE_DAYS_MEAN);
    m.put("signup_density_growth", Model.SIGNUP_GROWTH);
    m.put("acquisition_channel_share", byChannel(Model.ACQUISITION_SHARE));
    m.put("segment_share", byName(Model.SEGMENTS, Model.SEGMENT_SHARE));
    m.put("traffic_mix", byChannel(Model.TRAFFIC_MIX));
    m.put("own_acquisition_channel_traffic", Model.OWN_CHANNEL_TRAFFIC);
    m.put("conversion_propensity", byChannel(Model.CONVERSION_PROPENSITY));
    m.put("cac_per_new_customer", byChannel(Model.CAC));
    m.put("spend_only_channel", Model.SPEND_ONLY_CHANNEL);
    m.put("spend_only_daily_per_1000_customers", Model.SPEND_ONLY_DAILY_PER_1K_CUSTOMERS);
    m.put("device_share", byName(Model.DEVICES, Model.DEVICE_SHARE));
    m.put("anonymous_visitors_per_customer", Model.ANONYMOUS_VISITORS_PER_CUSTOMER);
    m.put("pre_signup_browsing_share", Model.PRE_SIGNUP_BROWSING_SHARE);
    m.put("session_id_share", Model.SESSION_ID_SHARE);
    m.put("browse_sessions_per_engaged_day_mean", Model.BROWSE_SESSIONS_PER_DAY);
    m.put("browse_rate_gamma_shape", Model.BROWSE_RATE_SHAPE);
    m.put("engaged_days_mean", Model.ENGAGED_DAYS_MEAN);
    m.put("disengaged_rate_factor", Model.DISENGAGED_RATE_FACTOR);
    m.put("bounce_share", Model.BOUNCE_SHARE);
    m.put("purchase_event_share_of_completed_orders", Model.PURCHASE_EVENT_SHARE);
    m.put("refunded_per_completed_order", Model.REFUNDED_PER_COMPLETED);
    m.put("cancelled_per_completed_order", Model.CANCELLED_PER_COMPLETED);
    m.put("survey_type_share", byName(Model.SURVEY_TYPES, Model.SURVEY_TYPE_SHARE));
    m.put("survey_channel_share", byName(Model.SURVEY_CHANNELS, Model.SURVEY_CHANNEL_SHARE));
    m.put("survey_channel_latent_shift", byName(Model.SURVEY_CHANNELS, Model.SURVEY_CHANNEL_SHIFT));
    m.put("surveys_per_customer_month", Model.SURVEYS_PER_CUSTOMER_MONTH);
    m.put("survey_without_customer_share", Model.SURVEY_ANONYMOUS_SHARE);
    m.put("tickets_per_customer_month", Model.TICKETS_PER_CUSTOMER_MONTH);
    m.put("ticket_channel_share", byName(Model.TICKET_CHANNELS, Model.TICKET_CHANNEL_SHARE));
    m.put("first_response_median_hours",
        byName(Model.TICKET_CHANNELS, Model.FIRST_RESPONSE_MEDIAN_HOURS));
    m.put("resolution_median_hours_after_first_response", Model.RESOLUTION_MEDIAN_HOURS);
    m.put("subscribe_share_by_segment_kind", byName(SEGMENT_KINDS, Model.SUBSCRIBE_SHARE));
    m.put("plan_mrr_by_segment_kind", planPrices());
    m.put("subscription_interval_days_mean", Model.INTERVAL_DAYS_MEAN);
    m.put("subscription_change_share",
        byName(new String[] {"expand", "contract", "to_free", "churn"}, Model.CHANGE_SHARE));
    m.put("reactivation_share", Model.REACTIVATION_SHARE);
    m.put("mention_platform_share", byName(Model.PLATFORMS, Model.PLATFORM_SHARE));
    m.put("mention_sentiment_share", byName(Model.SENTIMENTS, Model.SENTIMENT_SHARE));
    m.put("mention_labelled_share", Model.MENTION_LABELLED_SHARE);
    m.put("mention_portuguese_share", Model.MENTION_PORTUGUESE_SHARE);
    m.put("referrer_share", Model.REFERRER_SHARE);
    m.put("referral_conversion", Model.REFERRAL_CONVERSION);
    return new Truth(
        new BgNbd(Model.BGNBD_R, Model.BGNBD_ALPHA, Model.BGNBD_A, Model.BGNBD_B),
        new GammaGamma(Model.GG_P, Model.GG_Q, Model.GG_GAMMA),
        Collections.unmodifiableMap(m));
  }

  private static final String[] SEGMENT_KINDS = {"smb", "mid_market", "enterprise", "unknown"};

  private static Map<String, Object> planPrices() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < SEGMENT_KINDS.length; i++) {
      m.put(SEGMENT_KINDS[i], Model.PLAN_MRR[i].clone());
    }
    return m;
  }

  private static Map<String, Double> byChannel(double[] values) {
    return byName(Model.CHANNELS, values);
  }

  /** Null names are reported as "null", blank ones quoted, as JSON keys cannot be null. */
  private static Map<String, Double> byName(String[] names, double[] values) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      String n = names[i] == null ? "null" : names[i].isBlank() ? "'" + names[i] + "'" : names[i];
      m.merge(n, values[i], Double::sum);
    }
    return m;
  }
}
