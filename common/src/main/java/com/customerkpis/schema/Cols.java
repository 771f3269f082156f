package com.customerkpis.schema;

/** Column-name constants: every SPEC column name appears once, here. */
public final class Cols {
  private Cols() {}

  // input columns
  public static final String CUSTOMER_ID = "customer_id";
  public static final String SIGNUP_TS = "signup_ts";
  public static final String ACQUISITION_CHANNEL = "acquisition_channel";
  public static final String SEGMENT = "segment";
  public static final String EVENT_ID = "event_id";
  public static final String EVENT_TS = "event_ts";
  public static final String ANONYMOUS_ID = "anonymous_id";
  public static final String SESSION_ID = "session_id";
  public static final String EVENT_TYPE = "event_type";
  public static final String CHANNEL = "channel";
  public static final String PAGE = "page";
  public static final String DEVICE = "device";
  public static final String ORDER_ID = "order_id";
  public static final String ORDER_TS = "order_ts";
  public static final String AMOUNT = "amount";
  public static final String STATUS = "status";
  public static final String RESPONSE_ID = "response_id";
  public static final String SURVEY_TYPE = "survey_type";
  public static final String SCORE = "score";
  public static final String RESPONDED_TS = "responded_ts";
  public static final String TICKET_ID = "ticket_id";
  public static final String CREATED_TS = "created_ts";
  public static final String FIRST_RESPONSE_TS = "first_response_ts";
  public static final String RESOLVED_TS = "resolved_ts";
  public static final String AGENT_REPLIES = "agent_replies";
  public static final String REOPENED = "reopened";
  public static final String SUBSCRIPTION_ID = "subscription_id";
  public static final String MRR = "mrr";
  public static final String START_TS = "start_ts";
  public static final String END_TS = "end_ts";
  public static final String SPEND_DATE = "spend_date";
  public static final String MENTION_ID = "mention_id";
  public static final String MENTION_TS = "mention_ts";
  public static final String PLATFORM = "platform";
  public static final String TEXT = "text";
  public static final String SENTIMENT = "sentiment";
  public static final String REFERRAL_ID = "referral_id";
  public static final String REFERRER_ID = "referrer_id";
  public static final String REFERRED_TS = "referred_ts";
  public static final String REFERRED_CUSTOMER_ID = "referred_customer_id";

  // common output columns (SPEC §1)
  public static final String PERIOD = "period";
  public static final String GRAIN = "grain";
  public static final String PERIOD_START = "period_start";
  public static final String PERIOD_END = "period_end";
  public static final String RUN_ID = "run_id";

  // internal period-table columns: half-open instant bounds and local date bounds
  public static final String P_START_TS = "p_start_ts";
  public static final String P_END_TS = "p_end_ts";
  public static final String P_START_DATE = "p_start_date";
  /** Exclusive local end date (first date of the next period). */
  public static final String P_END_DATE_EXCL = "p_end_date_excl";
  public static final String P_INDEX = "p_index";

  // derived columns shared by preparation and KPIs
  public static final String LOCAL_DATE = "local_date";
  public static final String VISITOR_KEY = "visitor_key";
  public static final String LINKED_CUSTOMER = "linked_customer";
  public static final String LINK_TS = "link_ts";
  public static final String AVAILABLE_FROM = "available_from";
  public static final String SESSION_KEY = "session_key";
  public static final String LANDING_PAGE = "landing_page";
  public static final String FIRST_TS = "first_ts";
  public static final String LAST_TS = "last_ts";
  public static final String EVENT_COUNT = "event_count";
  public static final String PAGE_VIEW_COUNT = "page_view_count";
  public static final String CONVERTED = "converted";
  public static final String DURATION_S = "duration_s";
  public static final String BOUNCE = "bounce";
  public static final String FIRST_LIVE = "first_live";

  // clv_customer columns, shared by the CLV preparation, models and KPIs
  public static final String FREQUENCY = "frequency";
  public static final String RECENCY_DAYS = "recency_days";
  public static final String T_DAYS = "t_days";
  public static final String MONETARY_VALUE = "monetary_value";
  public static final String REVENUE_TO_DATE = "revenue_to_date";
  public static final String P_ALIVE = "p_alive";
  public static final String EXPECTED_PURCHASES = "expected_purchases";
  public static final String EXPECTED_SPEND = "expected_spend";
  public static final String PREDICTED_CLV = "predicted_clv";

  /** The roll-up value of segment and dimension columns. */
  public static final String ALL = "ALL";
  /** Segment of rows that belong to no known customer. */
  public static final String ANONYMOUS = "anonymous";
  /** Segment or dimension value for null or blank. */
  public static final String UNKNOWN = "unknown";
  /** events.channel value for null or blank. */
  public static final String DIRECT = "direct";

  // quarantine and runs tables
  public static final String TABLE_NAME = "table_name";
  public static final String REASON = "reason";
  public static final String ROW_JSON = "row_json";
  public static final String QUARANTINED_AT = "quarantined_at";

  // Output columns of the KPI tables (SPEC §4), shared where two tables use the same name.
  public static final String NEW_CUSTOMERS = "new_customers";
  public static final String SHARE_OF_NEW = "share_of_new";
  public static final String SPEND = "spend";
  public static final String CAC = "cac";
  public static final String DAU_AVG = "dau_avg";
  public static final String WAU_AVG = "wau_avg";
  public static final String MAU = "mau";
  public static final String STICKINESS = "stickiness";
  public static final String REFERRALS = "referrals";
  public static final String CONVERTED_REFERRALS = "converted_referrals";
  public static final String REFERRAL_CONVERSION_RATE = "referral_conversion_rate";
  public static final String REFERRED_REVENUE = "referred_revenue";
  public static final String REFERRED_REVENUE_SHARE = "referred_revenue_share";
  public static final String RESPONSES = "responses";
  public static final String AVG_EFFORT = "avg_effort";
  public static final String LOW_EFFORT_SHARE = "low_effort_share";
  public static final String CUSTOMERS = "customers";
  public static final String BUYERS = "buyers";
  public static final String ORDERS = "orders";
  public static final String REVENUE = "revenue";
  public static final String AOV = "aov";
  public static final String PURCHASE_FREQUENCY = "purchase_frequency";
  public static final String HISTORICAL_CLV = "historical_clv";
  public static final String FORMULA_CLV = "formula_clv";
  public static final String P_ALIVE_AVG = "p_alive_avg";
  public static final String AT_RISK = "at_risk_customers";
  public static final String COHORT = "cohort";
  public static final String PERIOD_OFFSET = "period_offset";
  public static final String COHORT_SIZE = "cohort_size";
  public static final String ACTIVE_CUSTOMERS = "active_customers";
  public static final String RETENTION_RATE = "retention_rate";
  public static final String SESSIONS = "sessions";
  public static final String CONVERTED_SESSIONS = "converted_sessions";
  public static final String VISITORS = "visitors";
  public static final String CONVERTED_VISITORS = "converted_visitors";
  public static final String SESSION_CONVERSION_RATE = "session_conversion_rate";
  public static final String CONVERSION_RATE = "conversion_rate";
  public static final String POSITIVE_RESPONSES = "positive_responses";
  public static final String CSAT = "csat";
  public static final String AVG_SCORE = "avg_score";
  public static final String CUSTOMERS_START = "customers_start";
  public static final String CHURNED = "churned_customers";
  public static final String NEW = "new_customers";
  public static final String REACTIVATED = "reactivated_customers";
  public static final String CUSTOMERS_END = "customers_end";
  public static final String CHURN_RATE = "churn_rate";
  public static final String PAGE_VIEWS = "page_views";
  public static final String PAGES_PER_SESSION = "pages_per_session";
  public static final String AVG_SESSION_DURATION_S = "avg_session_duration_s";
  public static final String BOUNCE_RATE = "bounce_rate";
  public static final String MRR_START = "mrr_start";
  public static final String NEW_MRR = "new_mrr";
  public static final String EXPANSION_MRR = "expansion_mrr";
  public static final String CONTRACTION_MRR = "contraction_mrr";
  public static final String CHURNED_MRR = "churned_mrr";
  public static final String REACTIVATION_MRR = "reactivation_mrr";
  public static final String MRR_END = "mrr_end";
  public static final String PAYING_CUSTOMERS = "paying_customers";
  public static final String REVENUE_CHURN_RATE = "revenue_churn_rate";
  public static final String NET_REVENUE_RETENTION = "net_revenue_retention";
  public static final String PROMOTERS = "promoters";
  public static final String PASSIVES = "passives";
  public static final String DETRACTORS = "detractors";
  public static final String NPS = "nps";
  public static final String REPEAT_BUYERS = "repeat_buyers";
  public static final String REPEAT_CUSTOMER_RATE = "repeat_customer_rate";
  public static final String ORDERS_PER_BUYER = "orders_per_buyer";
  public static final String MENTIONS = "mentions";
  public static final String POSITIVE = "positive";
  public static final String NEUTRAL = "neutral";
  public static final String NEGATIVE = "negative";
  public static final String NET_SENTIMENT = "net_sentiment";
  public static final String TICKETS_CREATED = "tickets_created";
  public static final String TICKETS_RESOLVED = "tickets_resolved";
  public static final String FIRST_CONTACT_RESOLUTION_RATE = "first_contact_resolution_rate";
  public static final String AVG_FIRST_RESPONSE_HOURS = "avg_first_response_hours";
  public static final String AVG_RESOLUTION_HOURS = "avg_resolution_hours";
  public static final String MEDIAN_RESOLUTION_HOURS = "median_resolution_hours";
}
