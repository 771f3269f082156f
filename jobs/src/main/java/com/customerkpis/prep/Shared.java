package com.customerkpis.prep;

/** Shared preparations a KPI may use; one used by two or more KPIs of a run is persisted once. */
public enum Shared {
  CUSTOMERS, KEYED_EVENTS, SESSIONS, ACTIVITY_DAYS, COMPLETED_ORDERS, PURCHASE_DAYS, BUYER_STATES,
  CLV_SCORES,
  SURVEY_SCORES
}
