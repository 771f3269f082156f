package com.customerkpis.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.customerkpis.generate.GeneratorConfig;
import com.customerkpis.testing.CliRun;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** Option defaults have one source, the bundled kpi.properties: not annotations, not code. */
class CliDefaultsTest {
  private static final String DEFAULT_VARIABLE = "${DEFAULT-VALUE}";

  private static Properties bundled() throws Exception {
    Properties p = new Properties();
    try (InputStream in = ConfigDefaults.class.getResourceAsStream(ConfigDefaults.BUNDLED)) {
      assertNotNull(in, ConfigDefaults.BUNDLED + " is on the class path");
      p.load(in);
    }
    return p;
  }

  /** Every option of every command, with the command's name. */
  private static List<Map.Entry<String, OptionSpec>> options() {
    List<Map.Entry<String, OptionSpec>> out = new ArrayList<>();
    CommandLine root = KpiCli.commandLine(new String[0]);
    root.getSubcommands().forEach((name, sub) -> sub.getCommandSpec().options().stream()
        .filter(o -> !o.usageHelp() && !o.versionHelp())
        .forEach(o -> out.add(Map.entry(name, o))));
    return out;
  }

  private static String key(OptionSpec o) {
    return o.longestName().replaceFirst("^-+", "");
  }

  @Test
  void everyDefaultComesFromTheBundledProperties() throws Exception {
    Properties bundled = bundled();
    Set<String> defaulted = new TreeSet<>();
    for (Map.Entry<String, OptionSpec> e : options()) {
      OptionSpec o = e.getValue();
      String where = e.getKey() + " " + o.longestName();
      Object initial = o.initialValue();
      assertTrue(initial == null || Boolean.FALSE.equals(initial)
          || (initial instanceof Map<?, ?> m && m.isEmpty())
          || (initial instanceof Collection<?> c && c.isEmpty()),
          where + ": no default in a field initializer, got " + initial);
      String description = String.join(" ", o.description());
      if (bundled.containsKey(key(o))) {
        defaulted.add(key(o));
        assertEquals(bundled.getProperty(key(o)).trim(), o.defaultValueString(), where);
        assertTrue(description.contains("(default: " + bundled.getProperty(key(o)).trim() + ")"),
            where + ": help shows the properties' value: " + description);
      } else {
        assertNull(ConfigDefaults.load(null).defaultValue(o), where);
        assertFalse(description.contains("default:"),
            where + ": no default to show, yet the help names one: " + description);
      }
    }
    // The run options of SPEC §6 (and --concurrent-kpis) and every generate option with a value
    // when not given.
    assertEquals(new TreeSet<>(List.of("grain", "kpis", "segment-column", "timezone",
        "cohort-by", "max-cohort-age", "inactivity-days", "session-timeout",
        "conversion-events", "clv-horizon-months", "discount-rate", "lifespan-years",
        "lookback", "max-bad-row-share", "concurrent-kpis", "customers", "months", "start", "seed",
        "bad-row-share", "partitions")), defaulted);
    assertEquals(bundled.stringPropertyNames(), defaulted, "every key is some option's default");
  }

  @Test
  void noOptionAnnotationSetsADefault() throws Exception {
    Object none = Option.class.getMethod("defaultValue").getDefaultValue();
    List<String> declared = new ArrayList<>();
    for (Class<?> c : List.of(RunCommand.class, RunCommand.Window.class, RunCommand.Range.class,
        ValidateCommand.class, GenerateCommand.class, ReportCommand.class, ListCommand.class,
        InputOptions.class, ConfigFileOption.class)) {
      for (Field f : c.getDeclaredFields()) {
        Option o = f.getAnnotation(Option.class);
        if (o != null) {
          declared.add(o.names()[0]);
          String where = c.getSimpleName() + "." + f.getName();
          assertEquals(none, o.defaultValue(), where);
          // A default in help comes from the properties, never typed into the text.
          String text = String.join(" ", o.description());
          assertEquals(text.contains("default:"),
              text.contains("(default: " + DEFAULT_VARIABLE + ")"), where + ": " + text);
        }
      }
    }
    // Every option the commands have was checked above (help and version aside).
    assertEquals(new TreeSet<>(declared), options().stream()
        .map(e -> e.getValue().longestName()).collect(Collectors.toCollection(TreeSet::new)));
  }

  @Test
  void helpShowsTheValueOfTheProperties() {
    CliRun.Result r = CliRun.run("generate", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("      --customers=<customers>\n"
        + "                          Customers to generate (default: 10000).\n"), r.out());
    assertTrue(r.out().contains(
        "      --start=<start>     First date, YYYY-MM-DD (default: 2025-01-01).\n"), r.out());
    CliRun.Result run = CliRun.run("run", "--help");
    assertTrue(run.out().contains("      --lookback=<lookback>\n"
        + "                          Also recompute the N periods before the window, for\n"
        + "                            late data (default: 0).\n"), run.out());
  }

  @Test
  void generateDefaultsAreTheGeneratorDefaults() {
    GenerateCommand g = CliRun.parse(GenerateCommand.class, "generate", "--output", "o");
    assertEquals(GeneratorConfig.defaults("o"), g.toConfig());
    GenerateCommand seeded = CliRun.parse(GenerateCommand.class, "generate", "--output", "o",
        "--seed", "7", "--start", "2024-03-01");
    assertEquals(new GeneratorConfig("o", GeneratorConfig.DEFAULT_CUSTOMERS,
        GeneratorConfig.DEFAULT_MONTHS, java.time.LocalDate.of(2024, 3, 1), 7,
        GeneratorConfig.DEFAULT_BAD_ROW_SHARE, GeneratorConfig.DEFAULT_PARTITIONS),
        seeded.toConfig());
  }

  @Test
  void aBadGenerateValueIsAUsageErrorBeforeStartingSpark() {
    CliRun.Result r = CliRun.run("generate", "--output", "o", "--months", "0");
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals("error: months must be between 1 and 120, got 0", r.lastErrLine());
  }

  @Test
  void aMissingDefaultIsAUsageErrorNamingTheOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConfigDefaults.required(null, "--grain"));
    assertEquals("--grain has no value and no default", e.getMessage());
    assertEquals("x", ConfigDefaults.required("x", "--grain"));
  }

  @Test
  void theBundledResourceIsConfKpiProperties() throws Exception {
    Path conf = Path.of("").toAbsolutePath();
    while (conf != null && !Files.isRegularFile(conf.resolve("conf/kpi.properties"))) {
      conf = conf.getParent();
    }
    assertNotNull(conf, "conf/kpi.properties above " + Path.of("").toAbsolutePath());
    Properties file = new Properties();
    try (Reader r = Files.newBufferedReader(conf.resolve("conf/kpi.properties"),
        StandardCharsets.UTF_8)) {
      file.load(r);
    }
    assertEquals(file, bundled());
  }
}
