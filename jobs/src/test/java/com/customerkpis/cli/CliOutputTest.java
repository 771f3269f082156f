package com.customerkpis.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.customerkpis.testing.CliRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every line the CLI prints goes through picocli's out and err writers: captured here with
 * StringWriters, while System.out and System.err stay silent.
 */
class CliOutputTest {
  private final ByteArrayOutputStream sysOut = new ByteArrayOutputStream();
  private final ByteArrayOutputStream sysErr = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;

  @BeforeEach
  void captureSystemStreams() {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(sysOut, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(sysErr, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreSystemStreams() {
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  private CliRun.Result quietly(Supplier<CliRun.Result> call) {
    CliRun.Result r = call.get();
    assertEquals("", sysOut.toString(StandardCharsets.UTF_8), "System.out");
    assertEquals("", sysErr.toString(StandardCharsets.UTF_8), "System.err");
    return r;
  }

  @Test
  void helpGoesToTheOutWriter() {
    for (String cmd : List.of("run", "validate", "generate", "report", "list")) {
      CliRun.Result r = quietly(() -> CliRun.run(cmd, "--help"));
      assertEquals(0, r.code(), cmd);
      assertTrue(r.out().startsWith("Usage: kpi " + cmd + " [-hV]"), r.out());
      assertEquals("", r.err(), cmd);
    }
  }

  @Test
  void noCommandIsAUsageErrorWithoutAUsageScreen() {
    CliRun.Result r = quietly(CliRun::run);
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals(List.of("see 'kpi --help' for the options",
        "error: missing command: run, list, generate, validate or report"),
        r.err().strip().lines().toList());
    assertEquals("", r.out());
  }

  @Test
  void aConfigFileErrorGoesToTheErrWriter() {
    CliRun.Result r = quietly(() -> CliRun.run("validate", "--config", "/no/such.properties",
        "--input", "in"));
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals("error: --config file '/no/such.properties' is not readable\n",
        r.err().replace("\r\n", "\n"));
    assertEquals("", r.out());
  }

  @Test
  void versionAndListGoToTheOutWriter() {
    CliRun.Result v = quietly(() -> CliRun.run("--version"));
    assertEquals(0, v.code());
    assertEquals("customer-kpis dev", v.out().strip());
    CliRun.Result l = quietly(() -> CliRun.run("list"));
    assertEquals(0, l.code());
    assertTrue(l.out().startsWith("KPI (--kpis name)"), l.out());
    assertEquals("", l.err());
  }

  @Test
  void withoutWritersSetTheOutputIsSystemOut() {
    // The shell path (`kpi run … | tail -n 1`): picocli's default writer is System.out.
    assertEquals(0, KpiCli.execute("--version"));
    assertEquals("customer-kpis dev", sysOut.toString(StandardCharsets.UTF_8).strip());
    assertEquals(ExitCodes.USAGE, KpiCli.execute("list", "--nope"));
    assertEquals("error: Unknown option: '--nope'",
        sysErr.toString(StandardCharsets.UTF_8).strip().lines().reduce((a, b) -> b)
            .orElseThrow());
  }
}
