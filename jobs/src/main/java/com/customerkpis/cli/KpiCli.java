package com.customerkpis.cli;

import com.customerkpis.output.ConcurrentRunException;
import com.customerkpis.input.ContractViolationException;
import com.customerkpis.job.RunCancelledException;
import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kpi} command line: run, list, generate, validate, report. */
@Command(name = "kpi", mixinStandardHelpOptions = true,
    versionProvider = KpiCli.Version.class,
    description = "Customer KPIs from Parquet inputs into Delta tables.",
    subcommands = {RunCommand.class, ListCommand.class, GenerateCommand.class,
        ValidateCommand.class, ReportCommand.class})
public final class KpiCli implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing command: run, list, generate, validate or report");
  }

  /** Entry point; exits with the SPEC exit code. */
  public static void main(String[] args) {
    int code = execute(args);
    // Databricks runs a JAR task inside its own long-lived driver JVM, where System.exit is
    // unsupported: success returns, failure throws (the task then fails with this message).
    if (System.getenv("DATABRICKS_RUNTIME_VERSION") != null) {
      if (code != ExitCodes.OK) {
        throw new IllegalStateException("kpi exited with code " + code + " ("
            + ExitCodes.describe(code) + ")");
      }
      return;
    }
    if (code == ExitCodes.OK && "cluster".equals(System.getProperty("spark.submit.deployMode"))) {
      // In cluster mode YARN's ApplicationMaster (and standalone's DriverWrapper) run main in
      // their own JVM: success is main returning, while System.exit(0) reads as a failed app.
      SparkSession.getDefaultSession().foreach(s -> {
        s.stop();
        return null;
      });
      return;
    }
    System.exit(code);
  }

  /** Runs the CLI on System.out and System.err and returns the exit code. */
  public static int execute(String... args) {
    return execute(new CommandLine(new KpiCli()), args);
  }

  /**
   * Configures {@code cl} (see {@link #configure}) and runs it; every line goes to {@code cl}'s
   * out and err writers, so tests that set StringWriters on it capture all output.
   *
   * @param cl a fresh {@code new CommandLine(new KpiCli())}, its writers set or left default
   */
  public static int execute(CommandLine cl, String... args) {
    try {
      configure(cl, args);
    } catch (IllegalArgumentException e) {
      PrintWriter err = cl.getErr();
      err.println("error: " + e.getMessage());
      err.flush();
      return ExitCodes.USAGE;
    }
    return cl.execute(args);
  }

  /** The configured picocli command line (defaults from properties, exit-code mapping). */
  public static CommandLine commandLine(String[] args) {
    return configure(new CommandLine(new KpiCli()), args);
  }

  /**
   * Sets the defaults (bundled properties, then the {@code --config} file among {@code args}),
   * enum case-insensitivity and the handlers that map errors to exit codes, reason last.
   *
   * @throws IllegalArgumentException when the --config file is unreadable or has an unknown key
   */
  public static CommandLine configure(CommandLine cl, String[] args) {
    ConfigDefaults defaults = ConfigDefaults.load(ConfigDefaults.configArg(args));
    ConfigKeys.check(defaults.keySources(), ConfigKeys.valid(cl));
    cl.setDefaultValueProvider(defaults);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    // The reason goes last: schedulers show only the last lines of a failed task's output.
    cl.setParameterExceptionHandler((ex, badArgs) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
      err.println("see '" + ex.getCommandLine().getCommandSpec().qualifiedName()
          + " --help' for the options");
      err.println("error: " + ex.getMessage().replaceFirst("^Error: ", ""));
      err.flush();
      return ExitCodes.USAGE;
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      if (ex instanceof ContractViolationException) {
        err.println("input contract violation: " + ex.getMessage());
        return ExitCodes.CONTRACT;
      }
      if (ex instanceof RunCancelledException) {
        return ExitCodes.CANCELLED; // the shutdown hook prints the last line
      }
      if (!(ex instanceof ConcurrentRunException)) {
        ex.printStackTrace(err);
      }
      // The reason last, on one line, after any stack trace.
      String m = String.valueOf(ex.getMessage()).strip();
      err.println("error: " + m.lines().findFirst().orElse(m));
      return ExitCodes.FAILURE;
    });
    return cl;
  }

  /** The project version of the jar this class was loaded from, or "dev" when run from classes. */
  public static String version() {
    String v = KpiCli.class.getPackage().getImplementationVersion();
    if (v != null) {
      return v;
    }
    // Every Maven jar (and the shaded cluster jars) carries its pom.properties.
    try (java.io.InputStream in = KpiCli.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in != null) {
        java.util.Properties p = new java.util.Properties();
        p.load(in);
        v = p.getProperty("version");
      }
    } catch (java.io.IOException e) {
      v = null;
    }
    return v == null || v.isBlank() ? "dev" : v.trim();
  }

  private static final String POM_PROPERTIES =
      "/META-INF/maven/com.customerkpis/kpis-jobs/pom.properties";

  /** Version from the jar (manifest, else pom.properties), or "dev" when run from classes. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"customer-kpis " + version()};
    }
  }
}
