package com.customerkpis.job;

import com.customerkpis.input.ContractViolationException;
import com.customerkpis.input.InputTable;
import com.customerkpis.kpi.Kpi;
import com.customerkpis.kpi.KpiRegistry;
import com.customerkpis.prep.Shared;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a run does, decided from declarations alone (no Spark): the KPIs that run, those skipped
 * with their reason, and the shared preparations read by two or more of them (persisted once).
 *
 * @param runnable KPIs whose required inputs are present, in run order ({@link
 *     KpiRegistry#inRunOrder})
 * @param skipped KPI table → why it does not run
 * @param reused shared preparations that two or more runnable KPIs read → how many read it (the
 *     cache releases one when its last reader is written)
 */
public record RunPlan(List<Kpi> runnable, Map<String, String> skipped,
    Map<Shared, Integer> reused) {

  /** Copies the collections so that a plan is immutable. */
  public RunPlan {
    runnable = List.copyOf(runnable);
    skipped = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
    reused = reused.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(
        new EnumMap<>(reused));
  }

  /** The input tables the selected KPIs read, required or optional. */
  public static Set<InputTable> inputsOf(List<Kpi> selected) {
    Set<InputTable> wanted = EnumSet.noneOf(InputTable.class);
    selected.forEach(k -> {
      wanted.addAll(k.requires());
      wanted.addAll(k.optional());
    });
    return wanted;
  }

  /**
   * The plan for the selected KPIs given the input tables present.
   *
   * @param byName true when the KPIs were named on the command line: a missing input is then a
   *     contract violation instead of a skip
   * @param input the input root, for messages
   */
  public static RunPlan of(List<Kpi> selected, Set<InputTable> present, boolean byName,
      String input) {
    List<Kpi> runnable = new ArrayList<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    for (Kpi k : selected) {
      List<String> missing = k.requires().stream().filter(t -> !present.contains(t))
          .sorted().map(InputTable::tableName).toList();
      if (missing.isEmpty()) {
        runnable.add(k);
      } else if (byName) {
        throw new ContractViolationException("KPI " + k.table() + " was asked for by name but "
            + "its input table(s) " + missing + " are absent under " + input);
      } else {
        skipped.put(k.table(), "absent input " + String.join(", ", missing));
      }
    }
    Map<Shared, Integer> uses = new EnumMap<>(Shared.class);
    for (Kpi k : runnable) {
      k.reads().forEach(s -> uses.merge(s, 1, Integer::sum));
    }
    Map<Shared, Integer> reused = new EnumMap<>(Shared.class);
    uses.forEach((s, n) -> {
      if (n > 1 && s.cachedWhenReused()) {
        reused.put(s, n);
      }
    });
    return new RunPlan(KpiRegistry.inRunOrder(runnable), skipped, reused);
  }
}
