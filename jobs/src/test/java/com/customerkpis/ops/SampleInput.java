package com.customerkpis.ops;

import com.customerkpis.schema.InputTable;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * A small deterministic input for every table of SPEC §2 (a stand-in for {@code kpi generate}
 * in the ops scripts until that lands), including a few bad rows and a duplicate key.
 */
public final class SampleInput {
  /** First instant of the generated history; it spans {@code months} months from here. */
  static final Instant START = Instant.parse("2025-07-01T00:00:00Z");

  private static final String[] CHANNELS = {"organic_search", "paid_search", "email", "social",
      "referral", null};
  private static final String[] SEGMENTS = {"smb", "mid_market", "enterprise", null, "  "};
  private static final String[] PAGES = {"/", "/pricing", "/blog/a", "/signup", "/product"};
  private static final String[] DEVICES = {"desktop", "mobile", "tablet", null};
  private static final String[] TOUCHPOINTS = {"email", "chat", "phone", "web", null};
  private static final String[] PLATFORMS = {"twitter", "reddit", "forum", null};
  private static final String[] TEXTS = {"love the new dashboard", "support was slow and rude",
      "it works", "great value, fast setup", "billing is confusing", "meh"};

  private SampleInput() {}

  /** Generated rows per table, in contract column order. */
  public static Map<InputTable, List<Row>> rows(int customers, int months, long seed) {
    Random r = new Random(seed);
    long spanSec = Duration.ofDays(30L * months).toSeconds();
    Map<InputTable, List<Row>> t = new EnumMap<>(InputTable.class);
    for (InputTable it : InputTable.values()) {
      t.put(it, new ArrayList<>());
    }
    int ev = 0;
    int ord = 0;
    int sub = 0;
    for (int c = 0; c < customers; c++) {
      String id = String.format("c%04d", c);
      Instant signup = START.plusSeconds((long) (r.nextDouble() * spanSec * 0.9));
      String acq = pick(r, CHANNELS);
      t.get(InputTable.CUSTOMERS).add(RowFactory.create(id, ts(signup), acq, pick(r, SEGMENTS)));
      // Anonymous browsing before signup, linked by the signup event that carries both ids.
      String anon = "a" + c;
      Instant visit = signup.minusSeconds(3600L * (1 + r.nextInt(72)));
      t.get(InputTable.EVENTS).add(event("e" + ev++, visit, null, anon, null, "page_view",
          acq, pick(r, PAGES), pick(r, DEVICES)));
      t.get(InputTable.EVENTS).add(event("e" + ev++, signup, id, anon, null, "signup", acq,
          "/signup", pick(r, DEVICES)));
      // Sessions until the customer drifts away: a geometric number of active months.
      Instant at = signup;
      double stay = 0.6 + 0.35 * r.nextDouble();
      while (at.isBefore(START.plusSeconds(spanSec))) {
        at = at.plusSeconds(3600L * (6 + r.nextInt(24 * 20)));
        if (r.nextDouble() > stay) {
          break;
        }
        String sid = r.nextInt(4) == 0 ? "s" + ev : null;
        String ch = pick(r, CHANNELS);
        String dev = pick(r, DEVICES);
        int n = 1 + r.nextInt(5);
        Instant e = at;
        for (int k = 0; k < n; k++) {
          boolean buy = k == n - 1 && r.nextInt(3) == 0;
          t.get(InputTable.EVENTS).add(event("e" + ev++, e, id, null, sid,
              buy ? "purchase" : k == 0 ? "login" : " Page_View", ch, pick(r, PAGES), dev));
          if (buy) {
            String status = r.nextInt(10) == 0 ? "refunded" : r.nextInt(15) == 0 ? "cancelled"
                : "completed";
            t.get(InputTable.ORDERS).add(RowFactory.create("o" + ord++, id, ts(e),
                money(5 + r.nextInt(300)), status, ch));
          }
          e = e.plusSeconds(30 + r.nextInt(900));
        }
      }
      if (r.nextInt(10) < 6) {
        Instant s = signup.plusSeconds(86400L * r.nextInt(10));
        int[] plans = {0, 29, 99, 299};
        int plan = plans[r.nextInt(plans.length)];
        Instant end = r.nextInt(3) == 0 ? s.plusSeconds(86400L * (20 + r.nextInt(200))) : null;
        t.get(InputTable.SUBSCRIPTIONS).add(RowFactory.create("sub" + sub++, id, money(plan),
            ts(s), end == null ? null : ts(end)));
        if (end != null && r.nextBoolean()) {
          // Upgrade or downgrade: a new priced interval starting where the old one ended.
          t.get(InputTable.SUBSCRIPTIONS).add(RowFactory.create("sub" + sub++, id,
              money(plans[r.nextInt(plans.length)]), ts(end), null));
        }
      }
      if (r.nextInt(3) == 0) {
        String type = new String[] {"csat", "nps", "ces"}[r.nextInt(3)];
        int score = type.equals("csat") ? 1 + r.nextInt(5) : type.equals("nps") ? r.nextInt(11)
            : 1 + r.nextInt(7);
        t.get(InputTable.SURVEYS).add(RowFactory.create("r" + c, id, type, score,
            pick(r, TOUCHPOINTS), ts(signup.plusSeconds(86400L * (1 + r.nextInt(60))))));
      }
      if (r.nextInt(4) == 0) {
        Instant created = signup.plusSeconds(3600L * (1 + r.nextInt(24 * 90)));
        Instant first = r.nextInt(8) == 0 ? null : created.plusSeconds(60L * (5 + r.nextInt(600)));
        Instant resolved = r.nextInt(6) == 0 ? null
            : created.plusSeconds(3600L * (1 + r.nextInt(96)));
        t.get(InputTable.TICKETS).add(RowFactory.create("t" + c, id, pick(r, TOUCHPOINTS),
            ts(created), ts(first), ts(resolved), r.nextInt(5) == 0 ? null : r.nextInt(4),
            r.nextInt(5) == 0 ? null : r.nextInt(8) == 0));
      }
      if (r.nextInt(6) == 0) {
        String referred = r.nextBoolean() ? String.format("c%04d", r.nextInt(customers)) : null;
        t.get(InputTable.REFERRALS).add(RowFactory.create("ref" + c, id,
            ts(signup.plusSeconds(86400L * r.nextInt(90))), referred));
      }
    }
    // Anonymous visitors who never sign up.
    for (int v = 0; v < customers / 2; v++) {
      Instant at = START.plusSeconds((long) (r.nextDouble() * spanSec));
      t.get(InputTable.EVENTS).add(event("e" + ev++, at, null, "v" + v, null, "page_view",
          pick(r, CHANNELS), pick(r, PAGES), pick(r, DEVICES)));
    }
    for (int d = 0; d < 30 * months; d++) {
      for (String ch : new String[] {"paid_search", "social", "email"}) {
        t.get(InputTable.MARKETING_SPEND).add(RowFactory.create(
            Date.valueOf(LocalDate.of(2025, 7, 1).plusDays(d)), ch, money(20 + r.nextInt(80))));
      }
    }
    for (int m = 0; m < customers / 2; m++) {
      t.get(InputTable.MENTIONS).add(RowFactory.create("m" + m,
          ts(START.plusSeconds((long) (r.nextDouble() * spanSec))), pick(r, PLATFORMS),
          TEXTS[r.nextInt(TEXTS.length)],
          r.nextInt(3) == 0 ? null : new String[] {"positive", "neutral", "negative"}[r.nextInt(3)]));
    }
    // Bad rows (quarantined) and a duplicate key (dropped), so data-quality paths run too.
    t.get(InputTable.EVENTS).add(event("bad1", START.plusSeconds(3600), null, null, null,
        "page_view", null, "/", null));
    t.get(InputTable.EVENTS).add(event("e0", START.plusSeconds(7200), "c0000", null, null,
        "login", null, "/", null));
    t.get(InputTable.ORDERS).add(RowFactory.create("bad2", "c0001",
        ts(START.plusSeconds(86400)), money(-5), "completed", null));
    t.get(InputTable.SURVEYS).add(RowFactory.create("bad3", "c0002", "csat", 9, "web",
        ts(START.plusSeconds(86400))));
    return t;
  }

  /** Writes one Parquet directory per table under {@code dir}. */
  public static void write(SparkSession spark, String dir, int customers, int months, long seed) {
    rows(customers, months, seed).forEach((table, rows) -> spark
        .createDataFrame(rows, table.schema()).coalesce(1).write().mode(SaveMode.Overwrite)
        .parquet(dir.replaceAll("/+$", "") + "/" + table.tableName()));
  }

  private static Row event(String id, Instant ts, String customer, String anon, String session,
      String type, String channel, String page, String device) {
    return RowFactory.create(id, ts(ts), customer, anon, session, type, channel, page, device);
  }

  private static <T> T pick(Random r, T[] values) {
    return values[r.nextInt(values.length)];
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  private static BigDecimal money(int units) {
    return BigDecimal.valueOf(units).setScale(2);
  }
}
