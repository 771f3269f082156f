package com.customerkpis.kpi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** All KPI tables the job can write, in SPEC §4 order. */
public final class KpiRegistry {
  private static final Map<String, Supplier<Kpi>> KPIS = new LinkedHashMap<>();

  static {
    register(CohortRetention.TABLE, CohortRetention::new);
    register(CustomerChurn.TABLE, CustomerChurn::new);
    register(Conversion.BY_CHANNEL, Conversion::byChannel);
    register(Conversion.BY_LANDING_PAGE, Conversion::byLandingPage);
    register(CsatByChannel.TABLE, CsatByChannel::new);
    register(ClvCustomer.TABLE, ClvCustomer::new);
    register(ClvModel.TABLE, ClvModel::new);
    register(ClvSummary.TABLE, ClvSummary::new);
    register(Nps.TABLE, Nps::new);
    register(Ces.TABLE, Ces::new);
    register(RepeatPurchase.TABLE, RepeatPurchase::new);
    register(Acquisition.TABLE, Acquisition::new);
    register(Support.TABLE, Support::new);
    register(Engagement.TABLE, Engagement::new);
    register(ActiveUsers.TABLE, ActiveUsers::new);
    register(Mrr.TABLE, Mrr::new);
    register(Sentiment.TABLE, Sentiment::new);
    register(Advocacy.TABLE, Advocacy::new);
  }

  private KpiRegistry() {}

  private static void register(String table, Supplier<Kpi> s) {
    KPIS.put(table, s);
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
      KPIS.values().forEach(s -> out.add(s.get()));
      return out;
    }
    for (String raw : names) {
      String n = raw.trim().toLowerCase(Locale.ROOT);
      Supplier<Kpi> s = KPIS.get(n);
      if (s == null) {
        throw new IllegalArgumentException("unknown KPI '" + raw + "' in --kpis: expected all or "
            + String.join(", ", KPIS.keySet()));
      }
      if (out.stream().noneMatch(k -> k.table().equals(n))) {
        out.add(s.get());
      }
    }
    return out;
  }
}
