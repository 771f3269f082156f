package com.customerkpis.kpi;

import static com.customerkpis.testing.Rows.dec;
import static com.customerkpis.testing.Rows.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.customerkpis.config.ChurnModel;
import com.customerkpis.config.KpiParams;
import com.customerkpis.input.InputTable;
import com.customerkpis.testing.Fixtures;
import com.customerkpis.time.Grain;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class CustomerChurnTest {
  static final KpiParams UTC_MONTH = KpiParams.defaults(ZoneId.of("UTC"), Grain.MONTH);
  static final String[] COLS = {"period", "segment", "customers_start", "churned_customers",
      "new_customers", "reactivated_customers", "customers_end", "churn_rate", "retention_rate"};

  static Fixtures customers() {
    Fixtures f = new Fixtures();
    for (String[] c : new String[][] {{"k1", "smb"}, {"k2", "smb"}, {"k3", "ent"}, {"k4", "ent"},
        {"k5", "smb"}}) {
      f.add(InputTable.CUSTOMERS, c[0], ts("2025-01-01T00:00:00Z"), "email", c[1]);
    }
    return f;
  }

  @Test
  void subscriptionModel() {
    Fixtures f = customers()
        .add(InputTable.SUBSCRIPTIONS, "s1", "k1", dec("10.00"), ts("2026-01-01T00:00:00Z"), null)
        .add(InputTable.SUBSCRIPTIONS, "s2", "k2", dec("10.00"), ts("2026-01-01T00:00:00Z"),
            ts("2026-02-15T00:00:00Z"))
        .add(InputTable.SUBSCRIPTIONS, "s3", "k3", dec("0.00"), ts("2026-02-10T00:00:00Z"), null)
        .add(InputTable.SUBSCRIPTIONS, "s4", "k4", dec("10.00"), ts("2025-10-01T00:00:00Z"),
            ts("2025-12-01T00:00:00Z"))
        .add(InputTable.SUBSCRIPTIONS, "s5", "k4", dec("10.00"), ts("2026-02-20T00:00:00Z"), null)
        // ends exactly at P.end: not live at P.end (half-open)
        .add(InputTable.SUBSCRIPTIONS, "s6", "k5", dec("10.00"), ts("2026-01-15T00:00:00Z"),
            ts("2026-03-01T00:00:00Z"))
        // not a customer of customers: ignored
        .add(InputTable.SUBSCRIPTIONS, "s7", "zz", dec("10.00"), ts("2026-01-01T00:00:00Z"), null);
    var out = CustomerChurn.KPI.compute(f.prepare(UTC_MONTH, "2026-02-01", "2026-03-31"));
    assertEquals(List.of(
        "2026-02|ALL|3|2|1|1|3|0.6667|0.3333",
        "2026-02|ent|0|0|1|1|2|null|null",
        "2026-02|smb|3|2|0|0|1|0.6667|0.3333",
        "2026-03|ALL|3|0|0|0|3|0.0000|1.0000",
        "2026-03|ent|2|0|0|0|2|0.0000|1.0000",
        "2026-03|smb|1|0|0|0|1|0.0000|1.0000"), Fixtures.render(out, COLS));
    assertIdentity(out.collectAsList());
  }

  @Test
  void activityModelWithNinetyDayBoundary() {
    Fixtures f = customers()
        .add(InputTable.EVENTS, "e1", ts("2026-01-20T00:00:00Z"), "k1", null, null, "login", null,
            null, null)
        // exactly 90 days before P.start (2026-02-01): inside the start window
        .add(InputTable.EVENTS, "e2", ts("2025-11-03T00:00:00Z"), "k2", null, null, "login", null,
            null, null)
        // 91 days before P.start: outside
        .add(InputTable.EVENTS, "e3", ts("2025-11-02T23:59:59Z"), "k5", null, null, "login", null,
            null, null)
        .add(InputTable.EVENTS, "e4", ts("2026-02-10T00:00:00Z"), "k3", null, null, "login", null,
            null, null)
        .add(InputTable.EVENTS, "e5", ts("2025-06-01T00:00:00Z"), "k4", null, null, "login", null,
            null, null)
        .add(InputTable.ORDERS, "o1", "k4", ts("2026-02-20T00:00:00Z"), dec("5.00"), "completed",
            null)
        .empty(InputTable.SUBSCRIPTIONS);
    KpiParams activity = UTC_MONTH.withChurnModel(ChurnModel.ACTIVITY);
    var out = CustomerChurn.KPI.compute(f.prepare(activity, "2026-02-01", "2026-02-28"));
    assertEquals(List.of(
        "2026-02|ALL|2|1|1|1|3|0.5000|0.5000",
        "2026-02|ent|0|0|1|1|2|null|null",
        "2026-02|smb|2|1|0|0|1|0.5000|0.5000"), Fixtures.render(out, COLS));
    assertIdentity(out.collectAsList());
    // Same customers under the subscription model: nobody has a subscription.
    var subs = CustomerChurn.KPI.compute(f.prepare(UTC_MONTH, "2026-02-01", "2026-02-28"));
    assertEquals(List.of("2026-02|ALL|0|0|0|0|0|null|null"), Fixtures.render(subs, COLS));
  }

  /**
   * São Paulo (UTC-3), January 2026: P = [2026-01-01T03:00Z, 2026-02-01T03:00Z). A subscription
   * starting exactly at P.end is live at P.end, so a plan change there is no churn and a first
   * subscription there is new in January.
   */
  @Test
  void subscriptionStartingExactlyAtPeriodEnd() {
    KpiParams saoPaulo = KpiParams.defaults(ZoneId.of("America/Sao_Paulo"), Grain.MONTH);
    Fixtures f = customers()
        // k1: plan change at the boundary: still a customer at P.end
        .add(InputTable.SUBSCRIPTIONS, "s1", "k1", dec("10.00"), ts("2025-12-01T03:00:00Z"),
            ts("2026-02-01T03:00:00Z"))
        .add(InputTable.SUBSCRIPTIONS, "s2", "k1", dec("20.00"), ts("2026-02-01T03:00:00Z"), null)
        // k2: first subscription starts exactly at P.end: new in January
        .add(InputTable.SUBSCRIPTIONS, "s3", "k2", dec("10.00"), ts("2026-02-01T03:00:00Z"), null)
        // k3: ends exactly at P.end: churned
        .add(InputTable.SUBSCRIPTIONS, "s4", "k3", dec("10.00"), ts("2025-12-15T00:00:00Z"),
            ts("2026-02-01T03:00:00Z"))
        // k4: starts one microsecond after P.end: not live at P.end, no row of its own
        .add(InputTable.SUBSCRIPTIONS, "s5", "k4", dec("10.00"),
            ts("2026-02-01T03:00:00.000001Z"), null)
        // k5: an empty interval (live at no instant) before, then a start at P.end: new, not
        // reactivated
        .add(InputTable.SUBSCRIPTIONS, "s6", "k5", dec("10.00"), ts("2025-11-10T00:00:00Z"),
            ts("2025-11-10T00:00:00Z"))
        .add(InputTable.SUBSCRIPTIONS, "s7", "k5", dec("10.00"), ts("2026-02-01T03:00:00Z"), null);
    var out = CustomerChurn.KPI.compute(f.prepare(saoPaulo, "2026-01-01", "2026-01-31"));
    assertEquals(List.of(
        "2026-01|ALL|2|1|2|0|3|0.5000|0.5000",
        "2026-01|ent|1|1|0|0|0|1.0000|0.0000",
        "2026-01|smb|1|0|2|0|3|0.0000|1.0000"), Fixtures.render(out, COLS));
    assertIdentity(out.collectAsList());
  }

  /**
   * Berlin, day grain across the spring DST change (2026-03-29 is 23 hours long), one-day
   * inactivity window: activity exactly one calendar day before P.end is live at P.end.
   */
  @Test
  void activityWindowAcrossDstChange() {
    KpiParams berlinDay = KpiParams.defaults(ZoneId.of("Europe/Berlin"), Grain.DAY);
    berlinDay = new KpiParams(berlinDay.zone(), berlinDay.grain(), berlinDay.cohortBy(),
        berlinDay.maxCohortAge(), ChurnModel.ACTIVITY, 1, berlinDay.sessionTimeout(),
        berlinDay.conversionEvents(), 12, 0.01, 3.0);
    // P = 2026-03-29 = [2026-03-28T23:00Z, 2026-03-29T22:00Z); P.end − 1 day = P.start.
    Fixtures f = customers()
        // k1: exactly at P.start = one day before P.end: live at P.end, not at P.start
        .add(InputTable.EVENTS, "e1", ts("2026-03-28T23:00:00Z"), "k1", null, null, "login", null,
            null, null)
        // k2: one microsecond before P.start: live at P.start only (churned)
        .add(InputTable.EVENTS, "e2", ts("2026-03-28T22:59:59.999999Z"), "k2", null, null,
            "login", null, null, null)
        // k3: exactly at P.end: after P, no row
        .add(InputTable.EVENTS, "e3", ts("2026-03-29T22:00:00Z"), "k3", null, null, "login", null,
            null, null)
        .empty(InputTable.SUBSCRIPTIONS);
    var out = CustomerChurn.KPI.compute(f.prepare(berlinDay, "2026-03-29", "2026-03-29"));
    assertEquals(List.of(
        "2026-03-29|ALL|1|1|1|0|1|1.0000|0.0000",
        "2026-03-29|smb|1|1|1|0|1|1.0000|0.0000"), Fixtures.render(out, COLS));
  }

  static void assertIdentity(List<Row> rows) {
    for (Row r : rows) {
      long start = r.getAs("customers_start");
      long churned = r.getAs("churned_customers");
      long added = (long) r.getAs("new_customers") + (long) r.getAs("reactivated_customers");
      assertEquals(start - churned + added, (long) r.getAs("customers_end"), r.toString());
    }
  }
}
