package com.customerkpis.kpi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** All KPI tables the job can write, in SPEC §4 order. */
public final class KpiRegistry {
  private static final Map<String, Kpi> KPIS = new LinkedHashMap<>();

  static {
    register(CohortRetention.KPI);
    register(CustomerChurn.KPI);
    register(Conversion.BY_CHANNEL_KPI);
    register(Conversion.BY_LANDING_PAGE_KPI);
    register(CsatByChannel.KPI);
    register(ClvCustomer.KPI);
    register(ClvModel.KPI);
    register(ClvSummary.KPI);
    register(Nps.KPI);
    register(Ces.KPI);
    register(RepeatPurchase.KPI);
    register(Acquisition.KPI);
    register(Support.KPI);
    register(Engagement.KPI);
    register(ActiveUsers.KPI);
    register(Mrr.KPI);
    register(Sentiment.KPI);
    register(Advocacy.KPI);
  }

  /**
   * The order a run computes its KPIs in: the readers of each big shared preparation next to one
   * another, so that the cache of one is released (after its last reader) before the next one is
   * built. Activity days and visitor days (cohort, churn, active users), then sessions (conversion,
   * engagement), survey scores, the CLV fit, and completed orders last.
   */
  private static final List<Kpi> RUN_ORDER = List.of(CohortRetention.KPI, CustomerChurn.KPI,
      ActiveUsers.KPI, Conversion.BY_CHANNEL_KPI, Conversion.BY_LANDING_PAGE_KPI, Engagement.KPI,
      CsatByChannel.KPI, Nps.KPI, Ces.KPI, ClvCustomer.KPI, ClvModel.KPI, ClvSummary.KPI,
      RepeatPurchase.KPI, Advocacy.KPI, Acquisition.KPI, Support.KPI, Mrr.KPI, Sentiment.KPI);

  private KpiRegistry() {}

  private static void register(Kpi k) {
    KPIS.put(k.table(), k);
  }

  /**
   * {@code kpis} in the order a run computes them (see {@link #RUN_ORDER}).
   *
   * @throws IllegalStateException for a KPI that has no place in the run order (a KPI registered
   *     but not added there), rather than running it first unnoticed
   */
  public static List<Kpi> inRunOrder(List<Kpi> kpis) {
    kpis.stream().filter(k -> !RUN_ORDER.contains(k)).findFirst().ifPresent(k -> {
      throw new IllegalStateException("KPI " + k.table() + " has no place in KpiRegistry's run "
          + "order");
    });
    List<Kpi> out = new ArrayList<>(kpis);
    out.sort(java.util.Comparator.comparingInt(RUN_ORDER::indexOf));
    return out;
  }

  /** Table names of all implemented KPIs. */
  public static List<String> names() {
    return List.copyOf(KPIS.keySet());
  }

  /**
   * The KPIs named in a {@code --kpis} value ({@code all} or a comma list).
   *
   * @throws IllegalArgumentException naming an unknown KPI
   */
  public static List<Kpi> select(List<String> names) {
    List<Kpi> out = new ArrayList<>();
    if (names.isEmpty() || names.stream().anyMatch(n -> n.trim().equalsIgnoreCase("all"))) {
      out.addAll(KPIS.values());
      return out;
    }
    for (String raw : names) {
      String n = raw.trim().toLowerCase(Locale.ROOT);
      Kpi k = KPIS.get(n);
      if (k == null) {
        throw new IllegalArgumentException("unknown KPI '" + raw + "' in --kpis: expected all or "
            + String.join(", ", KPIS.keySet()));
      }
      if (!out.contains(k)) {
        out.add(k);
      }
    }
    return out;
  }
}
