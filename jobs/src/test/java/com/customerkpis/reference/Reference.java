package com.customerkpis.reference;

import com.customerkpis.reference.RefCalendar.P;
import com.customerkpis.reference.RefInput.Customer;
import com.customerkpis.reference.RefInput.Event;
import com.customerkpis.reference.RefInput.Order;
import com.customerkpis.reference.RefInput.Sub;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A naive reference of the state-based KPIs, written from the contract's sentences: loops over
 * rows, per period, customer and instant. Shares no code with the Spark implementation (java.time
 * only); slow by design and meant for tiny inputs. Each method returns rows as lists of values in
 * the column order of the KPI's compute() output: period, segment, then the KPI's own columns.
 */
public final class Reference {
  static final String ALL = "ALL";
  private static final BigDecimal ZERO = new BigDecimal("0.00");

  private final RefInput in;
  private final RefCalendar cal;
  private final List<P> periods;
  private final Map<String, Customer> customers = new HashMap<>();
  /** anonymous_id → the event that links it (earliest with both ids; ties: smallest customer). */
  private final Map<String, Event> links = new HashMap<>();

  public Reference(RefInput in, RefCalendar cal, LocalDate from, LocalDate to) {
    this.in = in;
    this.cal = cal;
    this.periods = cal.periods(from, to);
    for (Customer c : in.customers) {
      customers.put(c.id(), c);
    }
    for (Event e : in.events) {
      if (e.customerId() != null && e.anonymousId() != null) {
        Event cur = links.get(e.anonymousId());
        if (cur == null || e.ts().isBefore(cur.ts())
            || (e.ts().equals(cur.ts()) && e.customerId().compareTo(cur.customerId()) < 0)) {
          links.put(e.anonymousId(), e);
        }
      }
    }
  }

  /** Labels of the run periods, in order. */
  public List<String> periodLabels() {
    return periods.stream().map(P::label).toList();
  }

  // ---------------------------------------------------------------- shared notions

  /** Segment of a key: the customer's (null/blank → unknown), anonymous for any other key. */
  String segmentOf(String key) {
    Customer c = customers.get(key);
    if (c == null) {
      return "anonymous";
    }
    return c.segment() == null || c.segment().trim().isEmpty() ? "unknown" : c.segment();
  }

  /** The visitor key of an event for period P: customer_id, else a link made before P.end. */
  String visitorKey(Event e, P p) {
    if (e.customerId() != null) {
      return e.customerId();
    }
    Event l = links.get(e.anonymousId());
    if (l != null && l.ts().isBefore(p.end())) {
      return l.customerId();
    }
    return e.anonymousId();
  }

  static boolean completed(Order o) {
    return o.status().trim().toLowerCase(Locale.ROOT).equals("completed");
  }

  static boolean inP(Instant t, P p) {
    return !t.isBefore(p.start()) && t.isBefore(p.end());
  }

  /** Activity instants of a customer as P sees them: events keyed to them and completed orders,
   *  at or after signup. */
  List<Instant> activity(Customer c, P p) {
    List<Instant> out = new ArrayList<>();
    for (Event e : in.events) {
      if (c.id().equals(visitorKey(e, p)) && !e.ts().isBefore(c.signup())) {
        out.add(e.ts());
      }
    }
    for (Order o : in.orders) {
      if (c.id().equals(o.customerId()) && completed(o) && !o.ts().isBefore(c.signup())) {
        out.add(o.ts());
      }
    }
    return out;
  }

  /** The instant "n calendar days before" a local midnight t, in the business zone. */
  Instant daysBefore(Instant t, int n) {
    return cal.startOfDay(cal.localDate(t).minusDays(n));
  }

  static Double ratio(double num, double den) {
    return den == 0 ? null : num / den;
  }

  static List<String> segmentsWithAll(String seg) {
    return List.of(seg, ALL);
  }

  // ---------------------------------------------------------------- customer_churn

  static boolean nonEmpty(Sub s) {
    return s.end() == null || s.end().isAfter(s.start());
  }

  static boolean liveBySubs(List<Sub> subs, Instant t) {
    for (Sub s : subs) {
      if (!s.start().isAfter(t) && (s.end() == null || t.isBefore(s.end()))) {
        return true;
      }
    }
    return false;
  }

  /** customer_churn with the subscription model. */
  public List<List<Object>> churnBySubscription() {
    List<List<Object>> out = new ArrayList<>();
    for (P p : periods) {
      Map<String, long[]> acc = new TreeMap<>();
      acc.put(ALL, new long[5]);
      for (Customer c : in.customers) {
        List<Sub> subs = in.subs.stream()
            .filter(s -> s.customerId().equals(c.id()) && nonEmpty(s)).toList();
        // The customer has data in P when live at some instant of [P.start, P.end].
        boolean touches = subs.stream().anyMatch(s -> !s.start().isAfter(p.end())
            && (s.end() == null || s.end().isAfter(p.start())));
        if (!touches) {
          continue;
        }
        boolean ls = liveBySubs(subs, p.start());
        boolean le = liveBySubs(subs, p.end());
        // first_live: the first instant live, i.e. the earliest start of a non-empty interval.
        Instant firstLive = subs.stream().map(Sub::start).min(Instant::compareTo).orElseThrow();
        countChurn(acc, segmentOf(c.id()), ls, le, !firstLive.isBefore(p.start()));
      }
      churnRows(out, p, acc);
    }
    return out;
  }

  /** customer_churn with the activity model and an inactivity window of n days. */
  public List<List<Object>> churnByActivity(int n) {
    List<List<Object>> out = new ArrayList<>();
    for (P p : periods) {
      Map<String, long[]> acc = new TreeMap<>();
      acc.put(ALL, new long[5]);
      for (Customer c : in.customers) {
        List<Instant> acts = activity(c, p);
        Instant fromStart = daysBefore(p.start(), n);
        Instant fromEnd = daysBefore(p.end(), n);
        boolean touches = acts.stream().anyMatch(a -> !a.isBefore(fromStart)
            && a.isBefore(p.end()));
        if (!touches) {
          continue;
        }
        boolean ls = acts.stream().anyMatch(a -> !a.isBefore(fromStart)
            && a.isBefore(p.start()));
        boolean le = acts.stream().anyMatch(a -> !a.isBefore(fromEnd) && a.isBefore(p.end()));
        Instant firstLive = acts.stream().min(Instant::compareTo).orElseThrow();
        countChurn(acc, segmentOf(c.id()), ls, le, !firstLive.isBefore(p.start()));
      }
      churnRows(out, p, acc);
    }
    return out;
  }

  private static void countChurn(Map<String, long[]> acc, String seg, boolean ls, boolean le,
      boolean firstLiveInOrAfterP) {
    for (String s : segmentsWithAll(seg)) {
      long[] a = acc.computeIfAbsent(s, k -> new long[5]);
      a[0] += ls ? 1 : 0;
      a[1] += ls && !le ? 1 : 0;
      a[2] += le && !ls && firstLiveInOrAfterP ? 1 : 0;
      a[3] += le && !ls && !firstLiveInOrAfterP ? 1 : 0;
      a[4] += le ? 1 : 0;
    }
  }

  private static void churnRows(List<List<Object>> out, P p, Map<String, long[]> acc) {
    acc.forEach((seg, a) -> out.add(new ArrayList<>(List.of(p.label(), seg, a[0], a[1], a[2],
        a[3], a[4]))));
    for (List<Object> r : out.subList(out.size() - acc.size(), out.size())) {
      long start = (Long) r.get(2);
      long churned = (Long) r.get(3);
      r.add(ratio(churned, start));
      r.add(ratio(start - churned, start));
    }
  }

  // ---------------------------------------------------------------- mrr

  /** mrr: MRR at P.start and P.end per customer and its movements. */
  public List<List<Object>> mrr() {
    List<List<Object>> out = new ArrayList<>();
    Set<String> ids = new TreeSet<>();
    in.subs.forEach(s -> ids.add(s.customerId()));
    for (P p : periods) {
      Map<String, BigDecimal[]> acc = new TreeMap<>();
      Map<String, Long> paying = new HashMap<>();
      acc.put(ALL, zeros(7));
      for (String id : ids) {
        List<Sub> subs = in.subs.stream().filter(s -> s.customerId().equals(id)).toList();
        BigDecimal ms = mrrAt(subs, p.start());
        BigDecimal me = mrrAt(subs, p.end());
        if (ms.signum() == 0 && me.signum() == 0) {
          continue;
        }
        // The first instant with MRR > 0: the start of the earliest non-empty paid interval.
        Instant firstPaid = subs.stream().filter(s -> s.mrr().signum() > 0 && nonEmpty(s))
            .map(Sub::start).min(Instant::compareTo).orElse(null);
        BigDecimal[] m = zeros(7);
        m[0] = ms;
        m[6] = me;
        if (ms.signum() == 0) {
          if (!firstPaid.isBefore(p.start())) {
            m[1] = me;
          } else {
            m[5] = me;
          }
        } else if (me.signum() == 0) {
          m[4] = ms;
        } else if (me.compareTo(ms) > 0) {
          m[2] = me.subtract(ms);
        } else if (me.compareTo(ms) < 0) {
          m[3] = ms.subtract(me);
        }
        for (String s : segmentsWithAll(segmentOf(id))) {
          BigDecimal[] a = acc.computeIfAbsent(s, k -> zeros(7));
          for (int i = 0; i < 7; i++) {
            a[i] = a[i].add(m[i]);
          }
          paying.merge(s, me.signum() > 0 ? 1L : 0L, Long::sum);
        }
      }
      acc.forEach((seg, a) -> {
        List<Object> r = new ArrayList<>(List.of(p.label(), seg));
        r.addAll(List.of(a));
        r.add(paying.getOrDefault(seg, 0L));
        double start = a[0].doubleValue();
        r.add(ratio(a[4].add(a[3]).doubleValue(), start));
        r.add(ratio(a[0].add(a[2]).subtract(a[3]).subtract(a[4]).doubleValue(), start));
        out.add(r);
      });
    }
    return out;
  }

  private static BigDecimal[] zeros(int n) {
    BigDecimal[] a = new BigDecimal[n];
    java.util.Arrays.fill(a, ZERO);
    return a;
  }

  static BigDecimal mrrAt(List<Sub> subs, Instant t) {
    BigDecimal sum = ZERO;
    for (Sub s : subs) {
      if (!s.start().isAfter(t) && (s.end() == null || t.isBefore(s.end()))) {
        sum = sum.add(s.mrr());
      }
    }
    return sum;
  }

  // ---------------------------------------------------------------- cohort_retention

  /** cohort_retention by signup or by first completed order. */
  public List<List<Object>> cohortRetention(boolean byFirstOrder, int maxAge) {
    // customer → cohort's first local date
    Map<Customer, LocalDate> cohortOf = new HashMap<>();
    for (Customer c : in.customers) {
      Instant t = c.signup();
      if (byFirstOrder) {
        t = in.orders.stream().filter(o -> o.customerId().equals(c.id()) && completed(o))
            .map(Order::ts).min(Instant::compareTo).orElse(null);
      }
      if (t != null) {
        cohortOf.put(c, cal.firstOf(cal.localDate(t)));
      }
    }
    List<List<Object>> out = new ArrayList<>();
    for (P p : periods) {
      // (cohort start, segment) → [size, active]
      Map<LocalDate, Map<String, long[]>> acc = new TreeMap<>();
      cohortOf.forEach((c, first) -> {
        if (first.isAfter(p.first()) || cal.grainsBetween(first, p.first()) > maxAge) {
          return;
        }
        boolean active = activity(c, p).stream().anyMatch(a -> inP(a, p));
        for (String s : segmentsWithAll(segmentOf(c.id()))) {
          long[] a = acc.computeIfAbsent(first, k -> new TreeMap<>())
              .computeIfAbsent(s, k -> new long[2]);
          a[0]++;
          a[1] += active ? 1 : 0;
        }
      });
      acc.forEach((first, bySeg) -> bySeg.forEach((seg, a) -> out.add(new ArrayList<>(
          java.util.Arrays.asList(p.label(), seg, cal.label(first),
              (int) cal.grainsBetween(first, p.first()), a[0], a[1],
              ratio(a[1], a[0]))))));
    }
    return out;
  }

  // ---------------------------------------------------------------- active_users

  /** active_users: dau_avg, wau_avg, mau, stickiness. */
  public List<List<Object>> activeUsers() {
    boolean shortGrain = cal.grain.equals("day") || cal.grain.equals("week");
    List<List<Object>> out = new ArrayList<>();
    for (P p : periods) {
      // segment → key → local dates of its events
      Map<String, Map<String, Set<LocalDate>>> bySeg = new TreeMap<>();
      for (Event e : in.events) {
        String key = visitorKey(e, p);
        for (String s : segmentsWithAll(segmentOf(key))) {
          bySeg.computeIfAbsent(s, k -> new HashMap<>())
              .computeIfAbsent(key, k -> new HashSet<>()).add(cal.localDate(e.ts()));
        }
      }
      bySeg.putIfAbsent(ALL, new HashMap<>());
      LocalDate mauFrom = shortGrain ? p.nextFirst().minusDays(30) : p.first();
      LocalDate weekFrom = p.first().minusDays(6);
      LocalDate lookFrom = mauFrom.isBefore(weekFrom) ? mauFrom : weekFrom;
      long days = ChronoUnit.DAYS.between(p.first(), p.nextFirst());
      bySeg.forEach((seg, keys) -> {
        boolean hasData = keys.values().stream().flatMap(Set::stream)
            .anyMatch(d -> !d.isBefore(lookFrom) && d.isBefore(p.nextFirst()));
        if (!hasData && !seg.equals(ALL)) {
          return;
        }
        long dauSum = 0;
        long wauSum = 0;
        for (LocalDate d = p.first(); d.isBefore(p.nextFirst()); d = d.plusDays(1)) {
          LocalDate day = d;
          dauSum += keys.values().stream().filter(ds -> ds.contains(day)).count();
          wauSum += keys.values().stream().filter(ds -> ds.stream()
              .anyMatch(x -> !x.isAfter(day) && !x.isBefore(day.minusDays(6)))).count();
        }
        long mau = keys.values().stream().filter(ds -> ds.stream()
            .anyMatch(x -> !x.isBefore(mauFrom) && x.isBefore(p.nextFirst()))).count();
        double dau = dauSum / (double) days;
        out.add(new ArrayList<>(java.util.Arrays.asList(p.label(), seg, dau,
            wauSum / (double) days, mau, ratio(dau, mau))));
      });
    }
    return out;
  }

  // ---------------------------------------------------------------- repeat_purchase

  /** repeat_purchase: buyers of P and those with two or more completed orders before P.end. */
  public List<List<Object>> repeatPurchase() {
    List<List<Object>> out = new ArrayList<>();
    Set<String> ids = new TreeSet<>();
    in.orders.forEach(o -> ids.add(o.customerId()));
    for (P p : periods) {
      Map<String, long[]> acc = new TreeMap<>();
      acc.put(ALL, new long[3]);
      for (String id : ids) {
        long inP = in.orders.stream().filter(o -> o.customerId().equals(id) && completed(o)
            && inP(o.ts(), p)).count();
        if (inP == 0) {
          continue;
        }
        long toDate = in.orders.stream().filter(o -> o.customerId().equals(id) && completed(o)
            && o.ts().isBefore(p.end())).count();
        for (String s : segmentsWithAll(segmentOf(id))) {
          long[] a = acc.computeIfAbsent(s, k -> new long[3]);
          a[0]++;
          a[1] += toDate >= 2 ? 1 : 0;
          a[2] += inP;
        }
      }
      acc.forEach((seg, a) -> out.add(new ArrayList<>(java.util.Arrays.asList(p.label(), seg,
          a[0], a[1], ratio(a[1], a[0]), a[2], ratio(a[2], a[0])))));
    }
    return out;
  }

  // ---------------------------------------------------------------- clv_customer (history)

  /**
   * The historical columns of clv_customer per buyer (a completed order before P.end): period,
   * segment, customer_id, frequency, recency_days, t_days, monetary_value, revenue_to_date, and
   * the completed orders to date.
   */
  public List<List<Object>> clvHistory() {
    List<List<Object>> out = new ArrayList<>();
    Set<String> ids = new TreeSet<>();
    in.orders.forEach(o -> ids.add(o.customerId()));
    for (P p : periods) {
      for (String id : ids) {
        TreeMap<LocalDate, BigDecimal> days = new TreeMap<>();
        long orders = 0;
        for (Order o : in.orders) {
          if (o.customerId().equals(id) && completed(o) && o.ts().isBefore(p.end())) {
            days.merge(cal.localDate(o.ts()), o.amount(), BigDecimal::add);
            orders++;
          }
        }
        if (days.isEmpty()) {
          continue;
        }
        LocalDate first = days.firstKey();
        BigDecimal revenue = days.values().stream().reduce(ZERO, BigDecimal::add);
        int frequency = days.size() - 1;
        double monetary = frequency == 0 ? 0.0
            : revenue.subtract(days.get(first)).doubleValue() / frequency;
        out.add(new ArrayList<>(java.util.Arrays.asList(p.label(), segmentOf(id), id, frequency,
            (int) ChronoUnit.DAYS.between(first, days.lastKey()),
            (int) ChronoUnit.DAYS.between(first, p.last()), monetary, revenue, orders)));
      }
    }
    return out;
  }
}
