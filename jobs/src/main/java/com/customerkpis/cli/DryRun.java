package com.customerkpis.cli;

import com.customerkpis.config.KpiParams;
import com.customerkpis.config.RunConfig;
import com.customerkpis.input.ContractViolationException;
import com.customerkpis.input.InputReader;
import com.customerkpis.kpi.Kpi;
import com.customerkpis.kpi.KpiRegistry;
import com.customerkpis.input.InputTable;
import com.customerkpis.time.Period;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * {@code kpi run --dry-run}: resolves the configuration, the periods and which KPIs would run or
 * be skipped and why, checking the inputs' schemas but reading no rows and writing nothing. It
 * fails like a real run: exit 3 for a contract violation or an absent input of a KPI named in
 * {@code --kpis}.
 */
public final class DryRun {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DryRun() {}

  /** Plans with schemas read through Spark (Parquet footers only). */
  public static int plan(SparkSession spark, RunConfig cfg, PrintWriter out) {
    return plan(cfg, out, t -> {
      String loc = InputReader.location(cfg.input(), cfg.locations(), t);
      if (!InputReader.exists(spark, loc)) {
        return Optional.empty();
      }
      Dataset<Row> raw;
      try {
        raw = spark.read().parquet(loc);
      } catch (Exception e) {
        throw new ContractViolationException("table " + t.tableName() + " at " + loc
            + " cannot be read as Parquet: " + e.getMessage());
      }
      InputReader.conform(t, raw, cfg.segmentColumn()); // the contract check; lazy, reads no rows
      return Optional.of(raw.schema());
    });
  }

  /**
   * Prints the plan and returns the exit code; {@code schemaOf} gives a present table's schema
   * (empty when absent) and throws {@link ContractViolationException} when it breaks the contract.
   */
  static int plan(RunConfig cfg, PrintWriter out,
      Function<InputTable, Optional<StructType>> schemaOf) {
    List<Kpi> kpis = KpiRegistry.select(cfg.kpis());
    Set<InputTable> wanted = EnumSet.noneOf(InputTable.class);
    kpis.forEach(k -> {
      wanted.addAll(k.requires());
      wanted.addAll(k.optional());
    });
    KpiParams p = cfg.params();
    out.println("dry run: reads input schemas only, writes nothing");
    out.printf("input %s, output %s, grain %s, timezone %s, segment column %s%n", cfg.input(),
        cfg.output(), p.grain().label(), p.zone().getId(), cfg.segmentColumn());
    out.printf("kpis %s; cohort-by %s, max-cohort-age %d, churn-model %s, inactivity-days %d, "
            + "session-timeout %s, conversion-events %s, clv-horizon-months %d, discount-rate %s,"
            + " lifespan-years %s%n",
        cfg.kpis().isEmpty() ? "all" : String.join(",", cfg.kpis()), p.cohortBy(),
        p.maxCohortAge(), p.churnModel() == null ? "auto" : p.churnModel(), p.inactivityDays(),
        p.sessionTimeout(), String.join(",", p.conversionEvents()), p.clvHorizonMonths(),
        p.discountRate(), p.lifespanYears());
    out.printf("periods (%d):%n", cfg.periods().size());
    for (Period period : cfg.periods()) {
      out.printf("  %-10s %s .. %s (%s to %s)%n", period.label(), period.firstDate(),
          period.lastDate(), period.start(), period.end());
    }

    Set<InputTable> present = EnumSet.noneOf(InputTable.class);
    List<String> violations = new ArrayList<>();
    for (InputTable t : InputTable.values()) {
      if (!wanted.contains(t)) {
        continue;
      }
      String loc = InputReader.location(cfg.input(), cfg.locations(), t);
      try {
        Optional<StructType> schema = schemaOf.apply(t);
        if (schema.isPresent()) {
          present.add(t);
        }
        out.printf("  input %-16s %-8s %s%n", t.tableName(),
            schema.isPresent() ? "ok" : "absent", loc);
      } catch (ContractViolationException e) {
        out.printf("  input %-16s %-8s %s%n", t.tableName(), "VIOLATION", e.getMessage());
        violations.add(e.getMessage());
      }
    }

    Map<String, String> skipped = new LinkedHashMap<>();
    List<String> running = new ArrayList<>();
    for (Kpi k : kpis) {
      List<String> missing = k.requires().stream().sorted()
          .filter(t -> !present.contains(t) && violations.stream()
              .noneMatch(v -> v.startsWith("table " + t.tableName())))
          .map(InputTable::tableName).toList();
      if (missing.isEmpty()) {
        running.add(k.table());
        out.printf("  kpi %-28s run%n", k.table());
      } else {
        String why = "absent input " + String.join(", ", missing);
        skipped.put(k.table(), why);
        out.printf("  kpi %-28s %s: %s%n", k.table(), cfg.kpisByName() ? "FAIL" : "skip", why);
        if (cfg.kpisByName()) {
          violations.add("KPI " + k.table() + " was asked for by name but its input table(s) "
              + missing + " are absent under " + cfg.input());
        }
      }
    }
    out.flush();
    if (!violations.isEmpty()) {
      throw new ContractViolationException(violations.size() + " contract violation(s): "
          + String.join("; ", violations));
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("dry_run", true);
    root.put("status", "planned");
    root.put("grain", p.grain().label());
    root.putPOJO("periods", cfg.periodLabels());
    root.putPOJO("inputs_present", present.stream().map(InputTable::tableName).toList());
    root.putPOJO("kpis_run", running);
    root.putPOJO("kpis_skipped", skipped);
    out.println(root.toString());
    out.flush();
    return ExitCodes.OK;
  }
}
