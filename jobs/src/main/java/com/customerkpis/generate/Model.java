package com.customerkpis.generate;

/**
 * The true parameters of the synthetic population: every generator reads them from here and
 * {@link Truth} reports them, so the data and {@code _truth.json} cannot drift apart.
 */
final class Model {
  private Model() {}

  // BG/NBD, days as the time unit: lambda ~ Gamma(R, rate ALPHA), dropout p ~ Beta(A, B).
  static final double BGNBD_R = 0.75;
  static final double BGNBD_ALPHA = 30.0;
  static final double BGNBD_A = 0.8;
  static final double BGNBD_B = 3.2;
  /** Share of customers who ever buy, and their mean wait from signup to the first purchase. */
  static final double BUYER_SHARE = 0.75;
  static final double FIRST_PURCHASE_DAYS_MEAN = 14.0;
  // Gamma-Gamma: nu ~ Gamma(Q, rate GAMMA), amount ~ Gamma(P, rate nu); mean spend P*GAMMA/(Q-1).
  static final double GG_P = 6.0;
  static final double GG_Q = 4.0;
  static final double GG_GAMMA = 40.0;

  /** Signup density grows linearly over the window, ending (1 + growth) times the start rate. */
  static final double SIGNUP_GROWTH = 2.0;

  // Index order of every channel-indexed array below; the last entry is a null channel.
  static final String[] CHANNELS = {
      "organic_search", "paid_search", "email", "social", "referral", "direct", null};
  static final int REFERRAL = 4;
  static final double[] ACQUISITION_SHARE = {0.28, 0.20, 0.10, 0.14, 0.10, 0.13, 0.05};
  static final double[] TRAFFIC_MIX = {0.30, 0.18, 0.10, 0.17, 0.07, 0.15, 0.03};
  /** Relative odds that a purchase session comes from the channel, given the traffic mix. */
  static final double[] CONVERSION_PROPENSITY = {1.0, 1.5, 2.0, 0.5, 1.6, 1.3, 1.0};
  /** Share of a customer's sessions that come through their own acquisition channel. */
  static final double OWN_CHANNEL_TRAFFIC = 0.5;
  /** Marketing cost per acquired customer; direct has no spend, display has spend only. */
  static final double[] CAC = {20.0, 150.0, 25.0, 90.0, 40.0, 0.0, 0.0};
  static final String SPEND_ONLY_CHANNEL = "display";
  static final double SPEND_ONLY_DAILY_PER_1K_CUSTOMERS = 3.0;

  // Segments: raw values as written, including null and blank spellings of unknown.
  static final String[] SEGMENTS = {"smb", "mid_market", "enterprise", null, "", "  "};
  static final double[] SEGMENT_SHARE = {0.55, 0.25, 0.12, 0.04, 0.02, 0.02};

  static final String[] DEVICES = {"desktop", "mobile", "tablet", null};
  static final double[] DEVICE_SHARE = {0.55, 0.35, 0.07, 0.03};

  // Web behaviour.
  static final double ANONYMOUS_VISITORS_PER_CUSTOMER = 0.5;
  static final double PRE_SIGNUP_BROWSING_SHARE = 0.45;
  static final double SESSION_ID_SHARE = 0.6;
  /** Mean browsing sessions per day of an engaged customer (Gamma across customers). */
  static final double BROWSE_SESSIONS_PER_DAY = 0.25;
  static final double BROWSE_RATE_SHAPE = 1.5;
  /** Mean days a customer stays engaged after signup; afterwards they browse at a fraction. */
  static final double ENGAGED_DAYS_MEAN = 150.0;
  static final double DISENGAGED_RATE_FACTOR = 0.15;
  static final double BOUNCE_SHARE = 0.3;
  static final double PURCHASE_EVENT_SHARE = 0.95;
  static final double LOGGED_IN_WITH_ANONYMOUS_ID = 0.3;

  // Orders beyond the BG/NBD process: non-revenue orders next to completed ones.
  static final double REFUNDED_PER_COMPLETED = 0.06;
  static final double CANCELLED_PER_COMPLETED = 0.04;
  static final double ODD_STATUS_SPELLING = 0.03;
  static final double ORDER_CHANNEL_NULL = 0.05;

  // Surveys: latent satisfaction shift by touchpoint, in latent standard deviations.
  static final String[] SURVEY_CHANNELS = {"email", "chat", "phone", "web", null};
  static final double[] SURVEY_CHANNEL_SHARE = {0.4, 0.25, 0.15, 0.15, 0.05};
  static final double[] SURVEY_CHANNEL_SHIFT = {0.2, 0.6, -0.5, 0.0, 0.0};
  static final String[] SURVEY_TYPES = {"csat", "nps", "ces"};
  static final double[] SURVEY_TYPE_SHARE = {0.5, 0.3, 0.2};
  static final double SURVEYS_PER_CUSTOMER_MONTH = 0.25;
  static final double SURVEY_ANONYMOUS_SHARE = 0.1;

  // Tickets.
  static final String[] TICKET_CHANNELS = {"email", "chat", "phone", "web", null};
  static final double[] TICKET_CHANNEL_SHARE = {0.4, 0.3, 0.2, 0.08, 0.02};
  static final double[] FIRST_RESPONSE_MEDIAN_HOURS = {6.0, 0.2, 0.5, 10.0, 8.0};
  static final double RESOLUTION_MEDIAN_HOURS = 20.0;
  static final double TICKETS_PER_CUSTOMER_MONTH = 0.12;
  static final double TICKET_NEVER_RESOLVED = 0.05;

  // Subscriptions: plan prices per segment kind (smb, mid_market, enterprise, unknown).
  static final double[][] PLAN_MRR = {
      {19, 49, 99}, {199, 399, 799}, {1500, 3000, 6000}, {19, 49, 99}};
  static final double[] SUBSCRIBE_SHARE = {0.5, 0.7, 0.85, 0.5};
  static final double FREE_PLAN_START_SHARE = 0.15;
  static final double INTERVAL_DAYS_MEAN = 120.0;
  /** At the end of a priced interval: expand, contract, move to free, churn. */
  static final double[] CHANGE_SHARE = {0.3, 0.2, 0.1, 0.4};
  static final double REACTIVATION_SHARE = 0.3;
  static final double REACTIVATION_GAP_DAYS_MEAN = 60.0;
  static final double ADDON_SHARE = 0.1;
  static final double[] ADDON_MRR = {10, 25, 50};
  /** Share of still-running subscriptions whose end is already scheduled after the window. */
  static final double FUTURE_END_SHARE = 0.3;

  // Mentions.
  static final String[] PLATFORMS = {"twitter", "reddit", "trustpilot", "app_store", null};
  static final double[] PLATFORM_SHARE = {0.35, 0.25, 0.2, 0.15, 0.05};
  static final String[] SENTIMENTS = {"positive", "neutral", "negative"};
  static final double[] SENTIMENT_SHARE = {0.45, 0.30, 0.25};
  static final double MENTION_LABELLED_SHARE = 0.6;
  static final double MENTION_PORTUGUESE_SHARE = 0.25;
  static final double MENTIONS_PER_CUSTOMER_MONTH = 0.02;

  // Referrals.
  static final double REFERRER_SHARE = 0.12;
  static final double REFERRAL_CONVERSION = 0.35;
  static final double REFERRAL_SIGNUP_LAG_DAYS_MEAN = 5.0;
}
