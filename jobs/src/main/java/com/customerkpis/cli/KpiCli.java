package com.customerkpis.cli;

import com.customerkpis.io.ConcurrentRunException;
import com.customerkpis.io.ContractViolationException;
import com.customerkpis.job.RunCancelledException;
import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kpi} command line: run, generate, validate, report. */
@Command(name = "kpi", mixinStandardHelpOptions = true,
    versionProvider = KpiCli.Version.class,
    description = "Customer KPIs from Parquet inputs into Delta tables.",
    subcommands = {RunCommand.class, GenerateCommand.class, ValidateCommand.class,
        ReportCommand.class})
public final class KpiCli implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing command: run, generate, validate or report");
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

  /** Runs the CLI and returns the exit code (tests call this). */
  public static int execute(String... args) {
    CommandLine cl;
    try {
      cl = commandLine(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    return cl.execute(args);
  }

  /** The configured picocli command line (defaults from properties, exit-code mapping). */
  public static CommandLine commandLine(String[] args) {
    CommandLine cl = new CommandLine(new KpiCli());
    cl.setDefaultValueProvider(ConfigDefaults.load(ConfigDefaults.configArg(args)));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
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

  /** Version from the jar manifest, or "dev" when run from classes. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = KpiCli.class.getPackage().getImplementationVersion();
      return new String[] {"customer-kpis " + (v == null ? "dev" : v)};
    }
  }
}
