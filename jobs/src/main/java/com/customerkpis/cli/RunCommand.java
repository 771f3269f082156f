package com.customerkpis.cli;

import com.customerkpis.config.ChurnModel;
import com.customerkpis.config.CohortBy;
import com.customerkpis.config.KpiParams;
import com.customerkpis.config.RunConfig;
import com.customerkpis.job.CatalogRegistrar;
import com.customerkpis.job.KpiJob;
import com.customerkpis.job.RunSummary;
import com.customerkpis.kpi.Kpi;
import com.customerkpis.kpi.KpiRegistry;
import com.customerkpis.spark.SparkSessions;
import com.customerkpis.time.Grain;
import com.customerkpis.time.Period;
import com.customerkpis.time.RunWindow;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kpi run}: computes the KPIs of the run periods and replaces them in the Delta tables. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = KpiCli.Version.class,
    description = "Compute KPIs for the periods of a window and write them to Delta tables.")
public final class RunCommand implements Callable<Integer> {
  @Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  InputOptions inputs;

  @Mixin
  ConfigFileOption configFile;

  @Option(names = "--output", required = true, description = "Output root: one Delta table per KPI.")
  String output;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Window window;

  /** Either one period label or an inclusive date window. */
  static final class Window {
    @Option(names = "--period", required = true, description = "One period label, e.g. 2026-10.")
    String period;

    @ArgGroup(exclusive = false)
    Range range;
  }

  /** --from and --to together. */
  static final class Range {
    @Option(names = "--from", required = true, description = "First date (inclusive, business zone).")
    String from;

    @Option(names = "--to", required = true, description = "Last date (inclusive, business zone).")
    String to;
  }

  @Option(names = "--grain", converter = EnumValues.GrainValues.class,
      completionCandidates = EnumValues.GrainValues.class,
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Grain grain;

  @Option(names = "--kpis", split = ",", completionCandidates = KpiNames.class,
      description = "all, or a comma list of KPI tables as `kpi list` shows them "
          + "(default: ${DEFAULT-VALUE}).")
  List<String> kpis;

  @Option(names = "--timezone", description = "Business time zone (default: ${DEFAULT-VALUE}).")
  String timezone;

  @Option(names = "--cohort-by", converter = EnumValues.CohortByValues.class,
      completionCandidates = EnumValues.CohortByValues.class,
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  CohortBy cohortBy;

  @Option(names = "--max-cohort-age", description = "Largest period_offset (default: ${DEFAULT-VALUE}).")
  Integer maxCohortAge;

  @Option(names = "--churn-model", converter = EnumValues.ChurnModelValues.class,
      completionCandidates = EnumValues.ChurnModelValues.class,
      description = "${COMPLETION-CANDIDATES}; when not set, subscription if the subscriptions "
          + "table exists, else activity.")
  ChurnModel churnModel;

  @Option(names = "--inactivity-days", description = "Activity churn look-back in days (default: ${DEFAULT-VALUE}).")
  Integer inactivityDays;

  @Option(names = "--session-timeout", description = "Session inactivity timeout, e.g. 30m, 45s, 1h (default: ${DEFAULT-VALUE}).")
  String sessionTimeout;

  @Option(names = "--conversion-events", split = ",", description = "Event types that count as conversions (default: ${DEFAULT-VALUE}).")
  List<String> conversionEvents;

  @Option(names = "--clv-horizon-months", description = "Predictive CLV horizon in 30-day months (default: ${DEFAULT-VALUE}).")
  Integer clvHorizonMonths;

  @Option(names = "--discount-rate", description = "Monthly discount rate of predicted CLV (default: ${DEFAULT-VALUE}).")
  Double discountRate;

  @Option(names = "--lifespan-years", description = "formula_clv lifespan in years (default: ${DEFAULT-VALUE}).")
  Double lifespanYears;

  @Option(names = "--lookback", description = "Also recompute the N periods before the window, for late data (default: ${DEFAULT-VALUE}).")
  Integer lookback;

  @Option(names = "--max-bad-row-share", description = "Fail (exit 3) when more than this share of an input table's rows is quarantined (default: ${DEFAULT-VALUE}).")
  Double maxBadRowShare;

  @Option(names = "--concurrent-kpis", description = "KPIs computed and written at the same time; 1 computes them one after another (default: ${DEFAULT-VALUE}).")
  Integer concurrentKpis;

  @Option(names = "--dry-run", description = "Resolve the configuration, periods and which KPIs run or are skipped (and why), check input schemas; read no rows, write nothing.")
  boolean dryRun;

  @Option(names = "--database", description = "Also create or update DATABASE.<table> in the session catalog over each output table (optional).")
  String database;

  @Override
  public Integer call() {
    RunConfig cfg = toConfig(String.join(" ", spec.commandLine().getParseResult().originalArgs()));
    SparkSession spark = SparkSessions.getOrCreate("customer-kpis run", Map.of());
    if (dryRun) {
      return DryRun.plan(spark, cfg, spec.commandLine().getOut());
    }
    if (database != null) {
      return runAndRegister(spark, cfg);
    }
    // A failure is recorded in _runs by the job and mapped to a non-zero exit code by KpiCli.
    PrintWriter out = spec.commandLine().getOut();
    KpiJob.run(spark, cfg, s -> println(out, s.toJson()));
    return ExitCodes.OK;
  }

  /** The run, then the catalog registration, then the summary as the last stdout line. */
  private int runAndRegister(SparkSession spark, RunConfig cfg) {
    PrintWriter out = spec.commandLine().getOut();
    RunSummary s = KpiJob.run(spark, cfg, x -> {
      if (!"succeeded".equals(x.status())) {
        println(out, x.toJson());
      }
    });
    CatalogRegistrar.register(spark, database, cfg.output());
    println(out, s.toJson());
    return ExitCodes.OK;
  }

  /** Prints a line and flushes: a failure after it must not lose the summary already printed. */
  private static void println(PrintWriter out, String line) {
    out.println(line);
    out.flush();
  }

  /** Builds the validated, immutable configuration; bad values are usage errors (exit 2). */
  RunConfig toConfig(String arguments) {
    try {
      Grain g = need(grain, "--grain");
      ZoneId zone = ZoneId.of(need(timezone, "--timezone"));
      List<Period> periods = periods(g, zone);
      // churnModel may stay null: the job then decides by the inputs (SPEC).
      KpiParams params = new KpiParams(zone, g, need(cohortBy, "--cohort-by"),
          need(maxCohortAge, "--max-cohort-age"), churnModel,
          need(inactivityDays, "--inactivity-days"),
          parseDuration(need(sessionTimeout, "--session-timeout")),
          need(conversionEvents, "--conversion-events").stream()
              .map(s -> s.trim().toLowerCase(java.util.Locale.ROOT)).filter(s -> !s.isEmpty())
              .toList(),
          need(clvHorizonMonths, "--clv-horizon-months"), need(discountRate, "--discount-rate"),
          need(lifespanYears, "--lifespan-years"));
      List<String> names = need(kpis, "--kpis");
      KpiRegistry.select(names); // validates the names now, before Spark starts
      boolean byName = names.stream().noneMatch(n -> n.trim().equalsIgnoreCase("all"));
      for (String t : inputs.tableLocations().keySet()) {
        if (com.customerkpis.input.InputTable.byName(t).isEmpty()) {
          throw new IllegalArgumentException("--table-location: unknown table '" + t + "'");
        }
      }
      if (database != null) {
        CatalogRegistrar.validate(database);
      }
      String seg = inputs.segmentColumn();
      double badShare = need(maxBadRowShare, "--max-bad-row-share");
      if (!(badShare >= 0 && badShare <= 1)) {
        throw new IllegalArgumentException("--max-bad-row-share must be between 0 and 1, got "
            + badShare);
      }
      // RunConfig validates the range; its message names the option and the value.
      return new RunConfig(inputs.input(), output, inputs.tableLocations(), periods,
          byName ? names : List.of(), byName, seg, params, newRunId(), arguments, badShare,
          need(concurrentKpis, "--concurrent-kpis"));
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private List<Period> periods(Grain g, ZoneId zone) {
    int back = need(lookback, "--lookback");
    if (back < 0) {
      throw new IllegalArgumentException("--lookback must be >= 0, got " + back);
    }
    List<Period> ps;
    if (window.period != null) {
      ps = List.of(RunWindow.ofLabel(g, window.period, zone));
    } else {
      LocalDate from = parseDate(window.range.from, "--from");
      LocalDate to = parseDate(window.range.to, "--to");
      ps = RunWindow.periods(g, from, to, zone);
    }
    if (back == 0) {
      return ps;
    }
    List<Period> out = new ArrayList<>();
    LocalDate d = ps.get(0).firstDate();
    for (int i = 0; i < back; i++) {
      Period prev = Period.containing(g, d.minusDays(1), zone);
      out.add(0, prev);
      d = prev.firstDate();
    }
    out.addAll(ps);
    return out;
  }

  private static LocalDate parseDate(String s, String option) {
    try {
      return LocalDate.parse(s.trim());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("invalid " + option + " '" + s + "': expected YYYY-MM-DD");
    }
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|min|h)?");

  /** Parses {@code 30m}, {@code 45s}, {@code 1h}, {@code 1500ms} or ISO-8601 {@code PT30M}. */
  static Duration parseDuration(String s) {
    String v = s.trim().toLowerCase(java.util.Locale.ROOT);
    if (v.startsWith("pt")) {
      return Duration.parse(v.toUpperCase(java.util.Locale.ROOT));
    }
    Matcher m = DURATION.matcher(v);
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid --session-timeout '" + s
          + "': expected e.g. 30m, 45s, 1h or PT30M");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "m" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofMinutes(n);
    };
  }

  private static <T> T need(T v, String option) {
    return ConfigDefaults.required(v, option);
  }

  /** Completion candidates of {@code --kpis}: all, then every KPI table in registry order. */
  public static final class KpiNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Stream.concat(Stream.of("all"),
          KpiRegistry.select(List.of("all")).stream().map(Kpi::table)).iterator();
    }
  }

  /** A sortable, unique run id: UTC time plus a random suffix. */
  static String newRunId() {
    return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
        .format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
