package com.customerkpis.generate;

import com.customerkpis.input.InputTable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Web events: per customer a timeline of sessions (anonymous browsing before signup, the signup
 * session that links the anonymous id, browsing, and one session per purchase); per anonymous
 * visitor a few browsing sessions. Sessions of one person are kept more than 30 minutes apart so
 * that sessionizing events without a session_id recovers them.
 */
final class EventRows implements TableRows {
  private static final long serialVersionUID = 1L;
  static final long STREAM = 0x4556454e5453L;
  /** Minimum gap between two sessions of one person: above the 30-minute sessionizing timeout. */
  private static final long SESSION_GAP = 32 * Span.MINUTE;
  private static final long MAX_EVENT_GAP = 25 * Span.MINUTE;

  private static final byte ANON = 0;
  private static final byte CUSTOMER = 1;
  private static final byte BOTH = 2;

  static final String[] BLOG = {"/blog/getting-started", "/blog/pricing-explained",
      "/blog/customer-stories", "/blog/release-notes", "/blog/tips-and-tricks", "/blog/roadmap",
      "/blog/integrations", "/blog/security", "/blog/benchmarks", "/blog/case-study-retail"};
  static final String[] PRODUCTS = {"/product/analytics", "/product/dashboards",
      "/product/alerts", "/product/reports", "/product/api", "/product/integrations",
      "/product/mobile-app", "/product/data-export"};

  /** One event before identities and session attributes are applied. */
  private record Ev(long ts, String type, String page, byte ids) {}

  /** One session of a person's timeline. */
  private static final class Sess {
    final List<Ev> events = new ArrayList<>();
    final boolean anchor;
    final int channel;
    long start;
    long end;

    Sess(boolean anchor, int channel) {
      this.anchor = anchor;
      this.channel = channel;
    }

    void add(long ts, String type, String page, byte ids) {
      events.add(new Ev(ts, type, page, ids));
    }

    Sess close() {
      events.sort(Comparator.comparingLong(Ev::ts));
      start = events.get(0).ts();
      end = events.get(events.size() - 1).ts();
      return this;
    }
  }

  @Override
  public InputTable table() {
    return InputTable.EVENTS;
  }

  @Override
  public long entities(Plan plan) {
    return plan.customers + plan.anonymousVisitors;
  }

  @Override
  public double rowsPerEntity(Plan plan) {
    return 70.0 * plan.months / 12.0;
  }

  @Override
  public List<Row> rows(Plan plan, long entity) {
    SplittableRandom r = Rand.of(plan.seed, STREAM, entity);
    List<Sess> sessions;
    String customerId = null;
    String anonymousId = Profile.anonymousId(plan, entity);
    int primaryDevice;
    if (entity < plan.customers) {
      Profile p = Profile.of(plan, entity);
      customerId = p.customerId;
      primaryDevice = p.device;
      sessions = customerTimeline(plan, p, r);
    } else {
      primaryDevice = Rand.pick(r, Model.DEVICE_SHARE);
      sessions = visitorTimeline(plan, r);
    }
    return emit(plan, entity, r, sessions, customerId, anonymousId, primaryDevice);
  }

  private static List<Sess> customerTimeline(Plan plan, Profile p, SplittableRandom r) {
    double[] mix = p.trafficMix();
    Sess signup = signupSession(r, p, mix);
    List<Sess> anchors = new ArrayList<>();
    for (Orders.Order o : Orders.of(plan, p)) {
      if (o.purchaseEvent()) {
        anchors.add(purchaseSession(r, o.ts(), o.sessionChannel(), loggedInIds(r)));
      }
    }
    List<Sess> browse = new ArrayList<>();
    if (p.preSignupBrowsing) {
      int n = 1 + Rand.poisson(r, 1.0);
      for (int i = 0; i < n; i++) {
        long t = ms(p.signup - 2 * Span.HOUR - (long) (r.nextDouble() * 19 * Span.DAY));
        browse.add(browseSession(r, t, Rand.pick(r, mix), ANON, 0.05));
      }
    }
    // Engaged at the customer's own rate, then at a fraction of it: retention decays.
    long engagedUntil = p.signup + (long) (p.engagedDays * Span.DAY);
    long t = p.signup;
    double rate = Math.max(p.browseRate, 1e-6);
    while (browse.size() < 20_000) {
      boolean engaged = t < engagedUntil;
      double r0 = engaged ? rate : rate * Model.DISENGAGED_RATE_FACTOR;
      long next = t + (long) (Rand.exp(r, 1.0 / r0) * Span.DAY);
      if (engaged && next > engagedUntil) {
        // Memorylessness: restart the clock at the phase change with the new rate.
        t = engagedUntil;
        continue;
      }
      t = next;
      if (t >= plan.span.end || t < 0) {
        break;
      }
      browse.add(browseSession(r, ms(t), Rand.pick(r, mix), loggedInIds(r), 0.08));
    }
    return resolve(signup, anchors, browse);
  }

  private static List<Sess> visitorTimeline(Plan plan, SplittableRandom r) {
    int n = 1 + Rand.poisson(r, 1.2);
    List<Sess> browse = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long t = ms(plan.span.growthInstant(r.nextDouble(), plan.span.start, plan.span.end));
      browse.add(browseSession(r, t, Rand.pick(r, Model.TRAFFIC_MIX), ANON, 0.05));
    }
    return resolve(null, new ArrayList<>(), browse);
  }

  private static byte loggedInIds(SplittableRandom r) {
    return Rand.chance(r, Model.LOGGED_IN_WITH_ANONYMOUS_ID) ? BOTH : CUSTOMER;
  }

  /** Anonymous page views, then the signup event carrying both ids at signup_ts, then more. */
  private static Sess signupSession(SplittableRandom r, Profile p, double[] mix) {
    int channel = Rand.pick(r, mix);
    Sess s = new Sess(true, channel);
    s.add(p.signup, "signup", "/signup", BOTH);
    long t = p.signup;
    int before = 1 + r.nextInt(3);
    for (int i = 0; i < before; i++) {
      t -= gap(r);
      s.add(t, "page_view", i == before - 1 ? landing(r, channel) : nextPage(r), ANON);
    }
    t = p.signup;
    int after = r.nextInt(4);
    for (int i = 0; i < after; i++) {
      t += gap(r);
      s.add(t, "page_view", nextPage(r), BOTH);
    }
    return s.close();
  }

  /** Page views, add to cart and the purchase at the order's instant. */
  private static Sess purchaseSession(SplittableRandom r, long orderTs, int channel, byte ids) {
    Sess s = new Sess(true, channel);
    s.add(orderTs, "purchase", "/checkout", ids);
    long t = orderTs - gap(r);
    String product = Rand.pick(r, PRODUCTS);
    s.add(t, "add_to_cart", product, ids);
    int views = 1 + (int) Rand.exp(r, 2.0);
    for (int i = 0; i < views; i++) {
      t -= gap(r);
      boolean first = i == views - 1;
      s.add(t, "page_view", first ? landing(r, channel) : i == 0 ? product : nextPage(r), ids);
    }
    if (Rand.chance(r, 0.4)) {
      s.add(t + Span.SECOND * (1 + r.nextInt(20)), "login", "/login", ids);
    }
    if (Rand.chance(r, 0.25)) {
      s.add(orderTs + gap(r), "page_view", nextPage(r), ids);
    }
    return s.close();
  }

  private static Sess browseSession(SplittableRandom r, long start, int channel, byte ids,
      double cartShare) {
    Sess s = new Sess(false, channel);
    int n = Rand.chance(r, Model.BOUNCE_SHARE) ? 1 : 2 + Math.min(40, (int) Rand.exp(r, 2.5));
    long t = start;
    s.add(t, "page_view", landing(r, channel), ids);
    boolean cart = n >= 3 && Rand.chance(r, cartShare);
    for (int i = 1; i < n; i++) {
      t += gap(r);
      if (i == 1 && ids != ANON && Rand.chance(r, 0.35)) {
        s.add(t, "login", "/login", ids);
      } else if (cart && i == n - 1) {
        s.add(t, "add_to_cart", Rand.pick(r, PRODUCTS), ids);
      } else {
        s.add(t, "page_view", nextPage(r), ids);
      }
    }
    return s.close();
  }

  /**
   * Keeps the signup session, then the purchase sessions that keep their distance from it and
   * from each other, then the browsing sessions that keep the gap to every kept session.
   */
  private static List<Sess> resolve(Sess signup, List<Sess> anchors, List<Sess> browse) {
    anchors.sort(Comparator.comparingLong(s -> s.start));
    List<Sess> kept = new ArrayList<>();
    if (signup != null) {
      kept.add(signup);
    }
    for (Sess a : anchors) {
      if (kept.isEmpty() || a.start - kept.get(kept.size() - 1).end > SESSION_GAP) {
        kept.add(a);
      }
    }
    browse.sort(Comparator.comparingLong(s -> s.start));
    List<Sess> out = new ArrayList<>(kept.size() + browse.size());
    int ai = 0;
    Sess last = null;
    for (Sess b : browse) {
      while (ai < kept.size() && kept.get(ai).start <= b.start) {
        last = later(last, kept.get(ai));
        out.add(kept.get(ai++));
      }
      Sess nextAnchor = ai < kept.size() ? kept.get(ai) : null;
      boolean clashesBefore = last != null && b.start - last.end <= SESSION_GAP;
      boolean clashesAfter = nextAnchor != null && nextAnchor.start - b.end <= SESSION_GAP;
      if (!clashesBefore && !clashesAfter) {
        out.add(b);
        last = later(last, b);
      }
    }
    while (ai < kept.size()) {
      out.add(kept.get(ai++));
    }
    return out;
  }

  private static Sess later(Sess a, Sess b) {
    return a == null || b.end > a.end ? b : a;
  }

  private static List<Row> emit(Plan plan, long entity, SplittableRandom r, List<Sess> sessions,
      String customerId, String anonymousId, int primaryDevice) {
    List<Row> rows = new ArrayList<>();
    long seq = 0;
    long sessionSeq = 0;
    long salt = Rand.mix(plan.seed ^ STREAM);
    for (Sess s : sessions) {
      sessionSeq++;
      String sessionId = Rand.chance(r, Model.SESSION_ID_SHARE)
          ? "S" + Rand.hex16(Rand.mix(((entity << 16) | sessionSeq) ^ salt)) : null;
      int device = Rand.chance(r, 0.75) ? primaryDevice : Rand.pick(r, Model.DEVICE_SHARE);
      String deviceName = Model.DEVICES[device];
      String channel = Model.CHANNELS[s.channel];
      for (Ev e : s.events) {
        seq++;
        if (e.ts() < plan.span.start || e.ts() >= plan.span.end) {
          continue;
        }
        String type = e.type();
        if (Rand.chance(r, 0.005)) {
          type = Rand.chance(r, 0.5) ? type.toUpperCase(java.util.Locale.ROOT) : " " + type + " ";
        }
        String page = Rand.chance(r, 0.01) ? null : e.page();
        rows.add(RowFactory.create(
            "E" + Rand.hex16(Rand.mix(((entity << 20) | seq) ^ salt)),
            ts(e.ts()),
            e.ids() == ANON ? null : customerId,
            e.ids() == CUSTOMER ? null : anonymousId,
            sessionId, type, channel, page, deviceName));
      }
    }
    return rows;
  }

  static String landing(SplittableRandom r, int channel) {
    double u = r.nextDouble();
    String c = Model.CHANNELS[channel];
    if (c == null) {
      c = "direct";
    }
    return switch (c) {
      case "organic_search" -> u < 0.6 ? Rand.pick(r, BLOG) : u < 0.8 ? "/" : Rand.pick(r, PRODUCTS);
      case "paid_search" -> u < 0.45 ? "/pricing" : u < 0.85 ? Rand.pick(r, PRODUCTS) : "/";
      case "email" -> u < 0.5 ? Rand.pick(r, PRODUCTS) : u < 0.8 ? Rand.pick(r, BLOG) : "/pricing";
      case "social" -> u < 0.7 ? Rand.pick(r, BLOG) : u < 0.9 ? Rand.pick(r, PRODUCTS) : "/";
      case "referral" -> u < 0.5 ? "/" : u < 0.8 ? "/pricing" : Rand.pick(r, PRODUCTS);
      default -> u < 0.7 ? "/" : u < 0.85 ? "/pricing" : Rand.pick(r, PRODUCTS);
    };
  }

  static String nextPage(SplittableRandom r) {
    double u = r.nextDouble();
    return u < 0.35 ? Rand.pick(r, PRODUCTS) : u < 0.55 ? "/pricing" : u < 0.8 ? Rand.pick(r, BLOG) : "/";
  }

  /** Seconds to minutes between events of a session, at millisecond precision. */
  private static long gap(SplittableRandom r) {
    long g = (long) (Rand.logNormal(r, 45.0, 1.0) * Span.SECOND);
    g = Math.max(Span.SECOND, Math.min(MAX_EVENT_GAP, g));
    return g - g % 1000;
  }

  static long ms(long micros) {
    return micros - Math.floorMod(micros, 1000L);
  }

  /** A TIMESTAMP value from epoch microseconds. */
  static Timestamp ts(long micros) {
    Timestamp t = new Timestamp(Math.floorDiv(micros, 1000L));
    t.setNanos((int) Math.floorMod(micros, Span.SECOND) * 1000);
    return t;
  }
}
