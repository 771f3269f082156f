package com.customerkpis.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.customerkpis.config.ChurnModel;
import com.customerkpis.config.CohortBy;
import com.customerkpis.config.KpiParams;
import com.customerkpis.config.RunConfig;
import com.customerkpis.kpi.Kpi;
import com.customerkpis.kpi.KpiRegistry;
import com.customerkpis.testing.CliRun;
import com.customerkpis.time.Grain;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** Parsing of {@code run} and {@code validate} options without Spark: mixins, enums, values. */
class CliOptionsTest {
  private static final String[] WINDOW = {"--input", "in", "--output", "out", "--period",
      "2026-10"};

  @TempDir
  Path tmp;

  private static String[] with(String[] base, String... more) {
    String[] all = Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  private static RunConfig runConfig(String... args) {
    return CliRun.parse(RunCommand.class, "run", args).toConfig("test");
  }

  private static CommandSpec spec(String subcommand) {
    return KpiCli.commandLine(new String[0]).getSubcommands().get(subcommand).getCommandSpec();
  }

  private static List<String> names(CommandSpec mixin) {
    return mixin.options().stream().map(OptionSpec::longestName).sorted().toList();
  }

  @Test
  void runAndValidateTakeTheSharedOptionsFromTheSameMixins() {
    for (String cmd : List.of("run", "validate")) {
      Map<String, CommandSpec> mixins = spec(cmd).mixins();
      assertEquals(InputOptions.class, mixins.get("inputs").userObject().getClass(), cmd);
      assertEquals(List.of("--input", "--segment-column", "--table-location"),
          names(mixins.get("inputs")), cmd);
      assertEquals(ConfigFileOption.class, mixins.get("configFile").userObject().getClass(), cmd);
      assertEquals(List.of("--config"), names(mixins.get("configFile")), cmd);
    }
  }

  @Test
  void noCommandRedeclaresAMixinOption() {
    Set<String> shared = new TreeSet<>(List.of(InputOptions.INPUT, InputOptions.TABLE_LOCATION,
        InputOptions.SEGMENT_COLUMN, ConfigFileOption.CONFIG));
    for (Class<?> c : List.of(RunCommand.class, ValidateCommand.class, GenerateCommand.class,
        ReportCommand.class, ListCommand.class, KpiCli.class)) {
      List<String> own = new ArrayList<>();
      for (Field f : c.getDeclaredFields()) {
        Option o = f.getAnnotation(Option.class);
        if (o != null) {
          own.addAll(List.of(o.names()));
        }
      }
      assertTrue(own.stream().noneMatch(shared::contains), c.getSimpleName() + ": " + own);
    }
  }

  @Test
  void withoutOptionsTheRunConfigHasTheBundledDefaults() {
    RunConfig cfg = runConfig(WINDOW);
    KpiParams p = cfg.params();
    assertEquals(Grain.MONTH, p.grain());
    assertEquals(ZoneId.of("UTC"), p.zone());
    assertEquals(CohortBy.SIGNUP, p.cohortBy());
    assertEquals(24, p.maxCohortAge());
    assertNull(p.churnModel(), "unset: the job decides by the inputs");
    assertEquals(90, p.inactivityDays());
    assertEquals(Duration.ofMinutes(30), p.sessionTimeout());
    assertEquals(List.of("purchase"), p.conversionEvents());
    assertEquals(12, p.clvHorizonMonths());
    assertEquals(0.01, p.discountRate());
    assertEquals(3.0, p.lifespanYears());
    assertEquals(List.of(), cfg.kpis());
    assertFalse(cfg.kpisByName());
    assertEquals("segment", cfg.segmentColumn());
    assertEquals(0.5, cfg.maxBadRowShare());
    assertEquals(RunConfig.DEFAULT_CONCURRENT_KPIS, cfg.concurrentKpis());
    assertEquals(List.of("2026-10"), cfg.periodLabels(), "lookback 0: the period alone");
    assertEquals("in", cfg.input());
    assertEquals("out", cfg.output());
    assertEquals(Map.of(), cfg.locations());
    assertEquals("test", cfg.arguments());
  }

  @Test
  void theCommandLineWinsOverTheDefaults() {
    RunConfig cfg = runConfig(with(WINDOW, "--grain", "month", "--kpis", "mrr,nps",
        "--segment-column", " tier ", "--timezone", "Europe/Berlin", "--cohort-by",
        "first_order", "--max-cohort-age", "6", "--churn-model", "activity",
        "--inactivity-days", "30", "--session-timeout", "45s", "--conversion-events",
        "Purchase,signup", "--clv-horizon-months", "24", "--discount-rate", "0.02",
        "--lifespan-years", "5", "--lookback", "2", "--max-bad-row-share", "0.1",
        "--concurrent-kpis", "3", "--table-location", "orders=/data/orders"));
    KpiParams p = cfg.params();
    assertEquals(ZoneId.of("Europe/Berlin"), p.zone());
    assertEquals(CohortBy.FIRST_ORDER, p.cohortBy());
    assertEquals(6, p.maxCohortAge());
    assertEquals(ChurnModel.ACTIVITY, p.churnModel());
    assertEquals(30, p.inactivityDays());
    assertEquals(Duration.ofSeconds(45), p.sessionTimeout());
    assertEquals(List.of("purchase", "signup"), p.conversionEvents());
    assertEquals(24, p.clvHorizonMonths());
    assertEquals(0.02, p.discountRate());
    assertEquals(5.0, p.lifespanYears());
    assertEquals(List.of("mrr", "nps"), cfg.kpis());
    assertTrue(cfg.kpisByName());
    assertEquals("tier", cfg.segmentColumn());
    assertEquals(0.1, cfg.maxBadRowShare());
    assertEquals(3, cfg.concurrentKpis());
    assertEquals(List.of("2026-08", "2026-09", "2026-10"), cfg.periodLabels());
    assertEquals(Map.of("orders", "/data/orders"), cfg.locations());
  }

  @Test
  void aConfigFileOverridesTheBundledDefaultsAndTheCommandLineWinsOverIt() throws Exception {
    Path f = tmp.resolve("my.properties");
    Files.writeString(f, "grain=Quarter\ncohort-by=FIRST_ORDER\nchurn-model=activity\n"
        + "lookback=1\nsegment-column=tier\n");
    RunConfig cfg = runConfig("--config", f.toString(), "--input", "in", "--output", "out",
        "--period", "2026-Q4", "--lookback", "0");
    assertEquals(Grain.QUARTER, cfg.params().grain());
    assertEquals(CohortBy.FIRST_ORDER, cfg.params().cohortBy());
    assertEquals(ChurnModel.ACTIVITY, cfg.params().churnModel());
    assertEquals("tier", cfg.segmentColumn());
    assertEquals(List.of("2026-Q4"), cfg.periodLabels(), "--lookback 0 beats the file's 1");
    assertEquals(24, cfg.params().maxCohortAge(), "keys the file lacks keep the bundled value");

    ValidateCommand v = CliRun.parse(ValidateCommand.class, "validate", "--config",
        f.toString(), "--input", "in");
    assertEquals("tier", v.inputs.segmentColumn(), "validate reads the same --config file");
    assertEquals("in", v.inputs.input());
  }

  @ParameterizedTest
  @CsvSource({"day,DAY", "week,WEEK", "month,MONTH", "quarter,QUARTER", "year,YEAR",
      "Month,MONTH", "MONTH,MONTH"})
  void grainTakesTheLowerCaseSpellingInAnyCase(String typed, Grain expected) {
    assertEquals(expected, CliRun.parse(RunCommand.class, "run", with(WINDOW, "--grain", typed))
        .grain);
  }

  @ParameterizedTest
  @CsvSource({"signup,SIGNUP", "first_order,FIRST_ORDER", "First_Order,FIRST_ORDER"})
  void cohortByTakesTheLowerCaseSpellingInAnyCase(String typed, CohortBy expected) {
    assertEquals(expected, CliRun.parse(RunCommand.class, "run",
        with(WINDOW, "--cohort-by", typed)).cohortBy);
  }

  @ParameterizedTest
  @CsvSource({"subscription,SUBSCRIPTION", "activity,ACTIVITY", "ACTIVITY,ACTIVITY"})
  void churnModelTakesTheLowerCaseSpellingInAnyCase(String typed, ChurnModel expected) {
    assertEquals(expected, CliRun.parse(RunCommand.class, "run",
        with(WINDOW, "--churn-model", typed)).churnModel);
  }

  @Test
  void anEmptyChurnModelMeansUnsetAsBefore() {
    assertNull(runConfig(with(WINDOW, "--churn-model", "")).params().churnModel());
    assertThrows(CommandLine.ParameterException.class,
        () -> CliRun.parse(RunCommand.class, "run", with(WINDOW, "--grain", "")));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--grain|monthly|expected one of day, week, month, quarter, year (case-insensitive) but"
          + " was 'monthly'",
      "--cohort-by|signups|expected one of signup, first_order (case-insensitive) but was"
          + " 'signups'",
      "--churn-model|auto|expected one of subscription, activity (case-insensitive) but was"
          + " 'auto'"})
  void aBadEnumValueIsAUsageErrorNamingItAndTheValidOnes(String option, String value,
      String reason) {
    CliRun.Result r = CliRun.run(with(new String[] {"run"}, with(WINDOW, option, value)));
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals("error: Invalid value for option '" + option + "': " + reason,
        r.lastErrLine());
    assertEquals(List.of("see 'kpi run --help' for the options", r.lastErrLine()),
        r.err().strip().lines().toList());
    assertEquals("", r.out());
  }

  @Test
  void aBadEnumValueInAConfigFileIsAUsageErrorToo() throws Exception {
    Path f = tmp.resolve("bad.properties");
    Files.writeString(f, "grain=monthly\n");
    CliRun.Result r = CliRun.run(with(new String[] {"run", "--config", f.toString()}, WINDOW));
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals("error: Invalid value for option '--grain': expected one of day, week, month,"
        + " quarter, year (case-insensitive) but was 'monthly'", r.lastErrLine());
  }

  @Test
  void enumOptionsOfferTheirLowerCaseSpellingsForCompletion() {
    CommandSpec run = spec("run");
    assertEquals(List.of("day", "week", "month", "quarter", "year"),
        candidates(run.findOption("--grain")));
    assertEquals(List.of("signup", "first_order"), candidates(run.findOption("--cohort-by")));
    assertEquals(List.of("subscription", "activity"),
        candidates(run.findOption("--churn-model")));
    List<String> kpis = candidates(run.findOption("--kpis"));
    assertEquals("all", kpis.get(0));
    assertEquals(KpiRegistry.select(List.of("all")).stream().map(Kpi::table).toList(),
        kpis.subList(1, kpis.size()));
    assertEquals(19, kpis.size(), "all and the 18 KPIs");
  }

  private static List<String> candidates(OptionSpec o) {
    return StreamSupport.stream(o.completionCandidates().spliterator(), false).toList();
  }

  @Test
  void helpListsTheCandidatesOfEnumOptions() {
    CliRun.Result r = CliRun.run("run", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains(
        "      --grain=<grain>     day, week, month, quarter, year (default: month).\n"),
        r.out());
    assertTrue(r.out().contains("      --cohort-by=<cohortBy>\n"
        + "                          signup, first_order (default: signup).\n"), r.out());
    assertTrue(r.out().contains("      --churn-model=<churnModel>\n"
        + "                          subscription, activity; when not set, subscription if\n"
        + "                            the subscriptions table exists, else activity.\n"),
        r.out());
  }

  @Test
  void validateRejectsABlankSegmentColumnBeforeStartingSpark() {
    CliRun.Result r = CliRun.run("validate", "--input", "in", "--segment-column", " ");
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals("error: --segment-column must not be blank", r.lastErrLine());
  }

  @Test
  void runRejectsAnUnknownTableLocationBeforeStartingSpark() {
    CliRun.Result r = CliRun.run(with(new String[] {"run"},
        with(WINDOW, "--table-location", "orderz=/x")));
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals("error: --table-location: unknown table 'orderz'", r.lastErrLine());
  }

  @ParameterizedTest
  @CsvSource({"0", "33", "-1"})
  void runRejectsConcurrentKpisOutOfRangeNamingTheValue(String n) {
    CliRun.Result r = CliRun.run(with(new String[] {"run"},
        with(WINDOW, "--concurrent-kpis", n)));
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals("error: --concurrent-kpis must be between 1 and 32, got " + n, r.lastErrLine());
  }
}
