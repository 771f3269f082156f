package com.customerkpis.testing;

import com.customerkpis.cli.KpiCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Runs or parses the CLI in-process with StringWriter out/err: no console output, no Spark. */
public final class CliRun {
  private CliRun() {}

  /** Exit code, stdout and stderr of one CLI call. */
  public record Result(int code, String out, String err) {
    public String lastErrLine() {
      return last(err);
    }

    public String lastOutLine() {
      return last(out);
    }

    private static String last(String s) {
      String[] lines = s.strip().split("\\R");
      return lines[lines.length - 1];
    }
  }

  /** Runs {@code kpi ARGS} as users do (bundled defaults, --config, handlers), capturing output. */
  public static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new KpiCli());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = KpiCli.execute(cl, args);
    return new Result(code, out.toString(), err.toString());
  }

  /** Parses {@code kpi SUBCOMMAND ARGS} without running it and returns the subcommand object. */
  public static <T> T parse(Class<T> type, String subcommand, String... args) {
    String[] all = Stream.concat(Stream.of(subcommand), Arrays.stream(args))
        .toArray(String[]::new);
    ParseResult pr = KpiCli.commandLine(all).parseArgs(all);
    return type.cast(pr.subcommand().commandSpec().userObject());
  }
}
