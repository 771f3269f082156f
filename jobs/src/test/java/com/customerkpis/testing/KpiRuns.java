package com.customerkpis.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.customerkpis.cli.KpiCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Runs {@code kpi} in-process capturing stdout, and reads back the Delta tables it wrote. */
public final class KpiRuns {
  private KpiRuns() {}

  /** Runs {@code kpi ARGS} through System.out, asserts its exit code and returns its stdout. */
  public static String runCapturingStdout(int expectedExit, String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true));
    int code;
    try {
      code = KpiCli.execute(args);
    } finally {
      System.setOut(old);
    }
    String out = buf.toString();
    assertEquals(expectedExit, code, "exit code; stdout was: " + out);
    return out;
  }

  /** The Delta table at {@code p}. */
  public static Dataset<Row> delta(Path p) {
    return SharedSpark.get().read().format("delta").load(p.toString());
  }
}
