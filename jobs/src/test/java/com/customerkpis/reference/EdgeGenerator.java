package com.customerkpis.reference;

import com.customerkpis.reference.RefCalendar.P;
import com.customerkpis.reference.RefInput.Customer;
import com.customerkpis.reference.RefInput.Event;
import com.customerkpis.reference.RefInput.Order;
import com.customerkpis.reference.RefInput.Sub;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random inputs biased to the edges: instants on and one microsecond around local
 * midnights that start and end periods and look-back windows, DST transitions, ISO week 53,
 * quarter and year ends; empty and open subscriptions, back-to-back plan changes, events exactly a
 * session timeout apart, identity links before, at and after P.end. One batch = one run
 * configuration (grain, zone, window, parameters) and many small cases with disjoint ids.
 */
public final class EdgeGenerator {
  static final String[] GRAINS = {"day", "week", "month", "quarter", "year"};
  static final String[] ZONES = {"UTC", "America/Sao_Paulo", "Europe/Berlin", "America/New_York"};
  static final Duration SESSION_TIMEOUT = Duration.ofMinutes(30);

  /** A batch: its configuration, the run window and the cases' rows (all cases together). */
  public record Batch(long seed, String grain, ZoneId zone, int inactivityDays, int maxCohortAge,
      LocalDate from, LocalDate to, RefInput input, int cases) {
    @Override
    public String toString() {
      return "seed=" + seed + " grain=" + grain + " zone=" + zone + " window=" + from + ".." + to
          + " inactivity_days=" + inactivityDays + " max_cohort_age=" + maxCohortAge
          + " cases=" + cases;
    }
  }

  private final Random r;
  private final RefCalendar cal;
  private final List<Instant> edges = new ArrayList<>();
  private final Instant lo;
  private final Instant hi;
  private final Instant farLo;

  private EdgeGenerator(Random r, RefCalendar cal, List<P> periods, int n) {
    this.r = r;
    this.cal = cal;
    P first = periods.get(0);
    P last = periods.get(periods.size() - 1);
    P before = cal.periodOf(first.first().minusDays(1));
    edges.add(before.start());
    for (P p : periods) {
      edges.add(p.start());
      edges.add(p.end());
      for (int back : new int[] {n, 6, 7, 30, 365}) {
        edges.add(cal.startOfDay(p.first().minusDays(back)));
        edges.add(cal.startOfDay(p.nextFirst().minusDays(back)));
      }
    }
    lo = first.start().minus(n + 10L, ChronoUnit.DAYS);
    hi = last.end().plus(5, ChronoUnit.DAYS);
    farLo = first.start().minus(400, ChronoUnit.DAYS);
    // DST transitions near the window, and the local midnights of their days.
    ZoneOffsetTransition t = cal.zone.getRules().nextTransition(farLo);
    while (t != null && t.getInstant().isBefore(hi)) {
      edges.add(t.getInstant());
      edges.add(cal.startOfDay(cal.localDate(t.getInstant())));
      t = cal.zone.getRules().nextTransition(t.getInstant());
    }
  }

  /** The batch of this seed; its grain is {@code GRAINS[seed mod 5]}. */
  public static Batch batch(long seed, int cases) {
    // Scrambled: java.util.Random's first draws are correlated for consecutive seeds.
    Random r = new Random(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
    String grain = GRAINS[(int) Math.floorMod(seed, (long) GRAINS.length)];
    ZoneId zone = ZoneId.of(ZONES[r.nextInt(ZONES.length)]);
    int n = new int[] {90, 90, 30, 7, 1}[r.nextInt(5)];
    int maxAge = new int[] {24, 24, 1, 3}[r.nextInt(4)];
    RefCalendar cal = new RefCalendar(grain, zone);
    LocalDate anchor = anchor(r, zone);
    int count = switch (grain) {
      case "day" -> 3 + r.nextInt(6);
      case "week" -> 2 + r.nextInt(4);
      case "month" -> 2 + r.nextInt(3);
      case "quarter" -> 2 + r.nextInt(2);
      default -> 1 + r.nextInt(2);
    };
    P p = cal.periodOf(anchor);
    for (int back = r.nextInt(count); back > 0; back--) {
      p = cal.periodOf(p.first().minusDays(1));
    }
    LocalDate from = p.first().plusDays(r.nextInt(2) == 0 ? 0
        : r.nextInt((int) ChronoUnit.DAYS.between(p.first(), p.nextFirst())));
    for (int i = 1; i < count; i++) {
      p = cal.periodOf(p.nextFirst());
    }
    // With one period (count = 1) from already lies inside it: to must not come before it.
    LocalDate lo = from.isAfter(p.first()) ? from : p.first();
    LocalDate to = lo.plusDays(r.nextInt((int) ChronoUnit.DAYS.between(lo, p.nextFirst())));
    List<P> periods = cal.periods(from, to);
    EdgeGenerator g = new EdgeGenerator(r, cal, periods, n);
    RefInput all = new RefInput();
    for (int c = 0; c < cases; c++) {
      all.addAll(g.caseRows("c" + c + "_"));
    }
    return new Batch(seed, grain, zone, n, maxAge, from, to, all, cases);
  }

  /** A date near a DST change, an ISO week 53, a quarter or year end, or any day. */
  private static LocalDate anchor(Random r, ZoneId zone) {
    int year = zone.getId().equals("America/Sao_Paulo") && r.nextBoolean() ? 2018
        : new int[] {2015, 2020, 2026}[r.nextInt(3)];
    List<LocalDate> dates = new ArrayList<>(List.of(LocalDate.of(year, 12, 31),
        LocalDate.of(year, 12, 28), LocalDate.of(year + 1, 1, 3), LocalDate.of(year, 3, 31),
        LocalDate.of(year, 6, 30), LocalDate.of(year, 9, 30),
        LocalDate.of(year, 1, 1).plusDays(r.nextInt(365))));
    Instant t = LocalDate.of(year, 1, 1).atStartOfDay(zone).toInstant();
    for (int i = 0; i < 2; i++) {
      ZoneOffsetTransition tr = zone.getRules().nextTransition(t);
      if (tr == null) {
        break;
      }
      LocalDate d = tr.getDateTimeAfter().toLocalDate();
      dates.add(d);
      dates.add(d);
      dates.add(d);
      t = tr.getInstant();
    }
    return dates.get(r.nextInt(dates.size()));
  }

  /** An instant near an edge (on it, 1 µs or 1 h around it, within days), or anywhere. */
  private Instant pick() {
    int k = r.nextInt(10);
    if (k < 6) {
      Instant e = edges.get(r.nextInt(edges.size()));
      return switch (r.nextInt(9)) {
        case 0, 1, 2 -> e;
        case 3 -> e.plus(1, ChronoUnit.MICROS);
        case 4 -> e.minus(1, ChronoUnit.MICROS);
        case 5 -> e.plus(1, ChronoUnit.HOURS);
        case 6 -> e.minus(1, ChronoUnit.HOURS);
        case 7 -> e.minus(1, ChronoUnit.DAYS);
        default -> e.plusSeconds(r.nextInt(6 * 86400) - 3 * 86400);
      };
    }
    Instant a = k < 9 ? lo : farLo;
    long span = ChronoUnit.MICROS.between(a, hi);
    return a.plus((long) (r.nextDouble() * span), ChronoUnit.MICROS);
  }

  private <T> T oneOf(List<T> xs) {
    return xs.get(r.nextInt(xs.size()));
  }

  private static final List<String> MRRS = List.of("0.00", "10.00", "25.50", "99.99", "10.00");
  private static final List<String> TYPES = List.of("page_view", "login", "purchase");

  /** The rows of one case; every id starts with {@code pre}, so cases never share a key. */
  private RefInput caseRows(String pre) {
    RefInput in = new RefInput();
    int nc = 1 + r.nextInt(3);
    List<String> ids = new ArrayList<>();
    for (int j = 0; j < nc; j++) {
      String id = pre + "k" + j;
      ids.add(id);
      String seg = oneOf(java.util.Arrays.asList(pre + "a", pre + "b", pre + "a", null, " "));
      Instant signup = r.nextInt(4) == 0 ? farLo.plus(r.nextInt(30), ChronoUnit.DAYS) : pick();
      in.customers.add(new Customer(id, signup, seg));
    }
    List<String> subOwners = new ArrayList<>(ids);
    if (r.nextInt(5) == 0) {
      subOwners.add(pre + "x"); // not in customers: counts in mrr as anonymous only
    }
    int sub = 0;
    for (String id : subOwners) {
      int ns = r.nextInt(4);
      if (r.nextInt(10) < 4) {
        // back-to-back plan changes: each interval starts where the previous one ends
        Instant t = pick();
        for (int i = 0; i < ns + 1; i++) {
          Instant end = r.nextInt(5) == 0 ? null : later(t);
          in.subs.add(new Sub(pre + "s" + sub++, id, new BigDecimal(oneOf(MRRS)), t, end));
          if (end == null) {
            break;
          }
          t = end;
        }
      } else {
        for (int i = 0; i < ns; i++) {
          Instant s = pick();
          int kind = r.nextInt(10);
          Instant end = kind < 2 ? null : kind < 3 ? s : later(s);
          in.subs.add(new Sub(pre + "s" + sub++, id, new BigDecimal(oneOf(MRRS)), s, end));
        }
      }
    }
    List<String> anons = List.of(pre + "a0", pre + "a1");
    List<String> eventOwners = new ArrayList<>(ids);
    if (r.nextInt(5) == 0) {
      eventOwners.add(pre + "x");
    }
    int ev = 0;
    for (String id : eventOwners) {
      for (int i = r.nextInt(5); i > 0; i--) {
        Instant t = pick();
        in.events.add(new Event(pre + "e" + ev++, t, id, null, null, oneOf(TYPES)));
        if (r.nextInt(5) == 0) {
          // exactly one session timeout later (same session by the contract's rule)
          in.events.add(new Event(pre + "e" + ev++, t.plus(SESSION_TIMEOUT), id, null, null,
              oneOf(TYPES)));
        }
      }
    }
    for (String a : anons) {
      for (int i = r.nextInt(4); i > 0; i--) {
        in.events.add(new Event(pre + "e" + ev++, pick(), null, a, r.nextBoolean() ? null
            : pre + "sess" + i, oneOf(TYPES)));
      }
      if (r.nextBoolean()) {
        // an identity link (before, at or after some P.end), sometimes tied with a second one
        Instant t = pick();
        in.events.add(new Event(pre + "e" + ev++, t, oneOf(ids), a, null, "login"));
        if (r.nextInt(6) == 0) {
          in.events.add(new Event(pre + "e" + ev++, r.nextBoolean() ? t : pick(), oneOf(ids), a,
              null, "signup"));
        }
      }
    }
    List<String> buyers = new ArrayList<>(ids);
    if (r.nextInt(6) == 0) {
      buyers.add(pre + "x");
    }
    int or = 0;
    for (String id : buyers) {
      for (int i = r.nextInt(5); i > 0; i--) {
        Instant t = pick();
        int st = r.nextInt(10);
        String status = st < 7 ? "completed" : st < 8 ? " Completed " : st < 9 ? "refunded"
            : "cancelled";
        in.orders.add(new Order(pre + "o" + or++, id, t,
            BigDecimal.valueOf(r.nextInt(5000), 2), status));
        if (r.nextInt(5) == 0) {
          in.orders.add(new Order(pre + "o" + or++, id, t.plus(r.nextInt(3), ChronoUnit.HOURS),
              BigDecimal.valueOf(r.nextInt(5000), 2), "completed"));
        }
      }
    }
    return in;
  }

  /** An instant at or after {@code t}: a picked one when later, else t plus a few days. */
  private Instant later(Instant t) {
    Instant x = pick();
    if (x.isBefore(t)) {
      return t.plus(r.nextInt(40 * 86400), ChronoUnit.SECONDS);
    }
    return x;
  }
}
