package com.customerkpis.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.customerkpis.config.CohortBy;
import com.customerkpis.config.KpiParams;
import com.customerkpis.config.RunConfig;
import com.customerkpis.input.ContractViolationException;
import com.customerkpis.input.InputTable;
import com.customerkpis.testing.CliRun;
import com.customerkpis.time.Grain;
import com.customerkpis.time.Period;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line without Spark: usage errors, config keys, {@code list}, the dry-run plan. */
class CliTest {
  @TempDir
  Path tmp;

  @Test
  void unknownConfigKeyIsAUsageErrorNamingTheClosestKey() throws Exception {
    Path cfg = tmp.resolve("my.properties");
    Files.writeString(cfg, "grain=month\ntimezon=Europe/Berlin\n");
    CliRun.Result r = CliRun.run("run", "--config", cfg.toString(), "--input", "in", "--output",
        "out", "--period", "2026-10");
    assertEquals(2, r.code());
    assertEquals("error: unknown key 'timezon' in --config file " + cfg
        + ": did you mean 'timezone'? (keys are option names without dashes)", r.lastErrLine());
  }

  @Test
  void closestKeyIsTheSmallestEditDistance() {
    Set<String> valid = Set.of("timezone", "grain", "lookback", "max-cohort-age");
    assertEquals("timezone", ConfigKeys.closest("timezon", valid));
    assertEquals("max-cohort-age", ConfigKeys.closest("max_cohort_age", valid));
    assertEquals(2, ConfigKeys.distance("max_cohort_age", "max-cohort-age"));
  }

  @Test
  void bundledDefaultsUseOnlyKnownKeysAndEveryRunOptionIsAKey() {
    Set<String> valid = ConfigKeys.valid(KpiCli.commandLine(new String[0]));
    ConfigDefaults d = ConfigDefaults.load(null);
    assertTrue(valid.containsAll(d.keySources().keySet()), d.keySources().keySet().toString());
    assertTrue(valid.containsAll(List.of("timezone", "grain", "lookback", "dry-run", "database")));
    assertFalse(valid.contains("timezon"));
    assertFalse(valid.contains("config"), "a defaults file cannot name another");
  }

  @Test
  void usageErrorPrintsAShortHintAndTheReasonLast() {
    CliRun.Result r = CliRun.run("run", "--input", "in", "--output", "out");
    assertEquals(2, r.code());
    assertEquals("error: Missing required argument (specify one of these): "
        + "(--period=<period> | [--from=<from> --to=<to>])", r.lastErrLine());
    assertEquals(List.of("see 'kpi run --help' for the options", r.lastErrLine()),
        List.of(r.err().strip().split("\\R")));
  }

  @Test
  void badOptionValueIsAUsageErrorWithTheValueLast() {
    CliRun.Result r = CliRun.run("run", "--input", "in", "--output", "out", "--period",
        "2026-10", "--timezone", "Mars/Base");
    assertEquals(2, r.code());
    assertEquals("error: Unknown time-zone ID: Mars/Base", r.lastErrLine(), r.err());
  }

  @Test
  void unknownOptionSuggestsAndEndsWithTheReason() {
    CliRun.Result r = CliRun.run("run", "--timezon", "UTC", "--input", "in", "--output", "out",
        "--period", "2026-10");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--timezone"), r.err());
    assertEquals("error: Unknown options: '--timezon', 'UTC'", r.lastErrLine());
  }

  @Test
  void listShowsEveryKpiWithItsInputsAndTable() {
    CliRun.Result r = CliRun.run("list");
    assertEquals(0, r.code());
    String[] lines = r.out().split("\\R");
    assertEquals(18, java.util.Arrays.stream(lines).filter(l -> l.matches(".* <output>/[a-z_]+"))
        .count());
    assertTrue(r.out().lines().anyMatch(l -> l.matches(
        "mrr +customers,subscriptions +- +<output>/mrr")), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.matches(
        "customer_churn +customers +events,orders,subscriptions +<output>/customer_churn")));
  }

  @Test
  void versionComesFromTheJarOrIsDevFromClasses() {
    CliRun.Result r = CliRun.run("--version");
    assertEquals(0, r.code());
    // Tests run from target/classes: no manifest, no pom.properties.
    assertEquals("customer-kpis dev", r.out().strip());
  }

  private static RunConfig config(List<String> kpis) {
    KpiParams params = new KpiParams(ZoneOffset.UTC, Grain.MONTH, CohortBy.SIGNUP, 24, null, 90,
        Duration.ofMinutes(30), List.of("purchase"), 12, 0.01, 3);
    List<Period> periods = List.of(
        Period.containing(Grain.MONTH, LocalDate.of(2026, 9, 1), ZoneOffset.UTC),
        Period.containing(Grain.MONTH, LocalDate.of(2026, 10, 1), ZoneOffset.UTC));
    return new RunConfig("/in", "/out", Map.of(), periods, kpis, !kpis.isEmpty(), "segment",
        params, "r1", "run …");
  }

  private static String plan(RunConfig cfg, Set<InputTable> present) {
    StringWriter sw = new StringWriter();
    int code = DryRun.plan(cfg, new PrintWriter(sw),
        t -> present.contains(t) ? Optional.of(new StructType()) : Optional.empty());
    assertEquals(0, code);
    return sw.toString();
  }

  @Test
  void dryRunSkipsKpisWithAbsentInputsAndEndsWithAJsonPlan() {
    String out = plan(config(List.of()), EnumSet.of(InputTable.CUSTOMERS, InputTable.ORDERS));
    assertTrue(out.contains("  2026-09    2026-09-01 .. 2026-09-30 (2026-09-01T00:00:00Z to "
        + "2026-10-01T00:00:00Z)"), out);
    assertTrue(out.contains("  kpi mrr                          skip: absent input subscriptions"),
        out);
    assertTrue(out.contains("  input subscriptions    absent   /in/subscriptions"), out);
    String last = out.strip().lines().reduce((a, b) -> b).orElseThrow();
    assertEquals("{\"dry_run\":true,\"status\":\"planned\",\"grain\":\"month\",\"periods\":"
        + "[\"2026-09\",\"2026-10\"],\"inputs_present\":[\"customers\",\"orders\"],\"kpis_run\":"
        + "[\"cohort_retention\",\"customer_churn\",\"clv_customer\",\"clv_model\","
        + "\"clv_summary\",\"repeat_purchase\"],\"kpis_skipped\":{"
        + "\"conversion_by_channel\":\"absent input events\","
        + "\"conversion_by_landing_page\":\"absent input events\","
        + "\"csat_by_channel\":\"absent input surveys\",\"nps\":\"absent input surveys\","
        + "\"ces\":\"absent input surveys\",\"acquisition\":\"absent input marketing_spend\","
        + "\"support\":\"absent input tickets\",\"engagement\":\"absent input events\","
        + "\"active_users\":\"absent input events\",\"mrr\":\"absent input subscriptions\","
        + "\"sentiment\":\"absent input mentions\",\"advocacy\":\"absent input referrals\"}}",
        last);
  }

  @Test
  void dryRunFailsLikeARunWhenANamedKpiLacksItsInput() {
    RunConfig cfg = config(List.of("mrr"));
    StringWriter sw = new StringWriter();
    ContractViolationException e = assertThrows(ContractViolationException.class,
        () -> DryRun.plan(cfg, new PrintWriter(sw),
            t -> t == InputTable.CUSTOMERS ? Optional.of(new StructType()) : Optional.empty()));
    assertEquals("1 contract violation(s): KPI mrr was asked for by name but its input table(s) "
        + "[subscriptions] are absent under /in", e.getMessage());
  }

  @Test
  void dryRunReportsEverySchemaViolation() {
    StringWriter sw = new StringWriter();
    ContractViolationException e = assertThrows(ContractViolationException.class,
        () -> DryRun.plan(config(List.of()), new PrintWriter(sw), t -> {
          if (t == InputTable.ORDERS) {
            throw new ContractViolationException("table orders: missing required column 'amount'");
          }
          return Optional.of(new StructType());
        }));
    assertEquals("1 contract violation(s): table orders: missing required column 'amount'",
        e.getMessage());
    assertTrue(sw.toString().contains("input orders           VIOLATION table orders"), sw.toString());
  }
}
