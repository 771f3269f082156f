package com.customerkpis.ops;

import static org.junit.jupiter.api.Assertions.*;

import com.customerkpis.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputComparisonTest {
  static final StructType KPI = new StructType().add("period", "string").add("segment", "string")
      .add("run_id", "string").add("customers", "long").add("rate", "double");

  static Dataset<Row> kpi(String runId, long customers, double rate) {
    return SharedSpark.get().createDataFrame(List.of(
        RowFactory.create("2026-01", "ALL", runId, 10L, 0.5),
        RowFactory.create("2026-01", "smb", runId, customers, rate)), KPI);
  }

  @Test
  void rowsMatchAsideRunIdAndFloatNoiseButNotRealDifferences() {
    List<String> lines = new ArrayList<>();
    Dataset<Row> local = kpi("r1", 4, 0.1 + 0.2);
    assertNull(OutputComparison.compareRows("t", local, kpi("r2", 4, 0.1 + 0.2), lines));
    assertTrue(lines.get(0).matches("t +2 rows +identical"), lines.get(0));
    // 0.1 + 0.2 = 0.30000000000000004: the same sum added in another order.
    assertNull(OutputComparison.compareRows("t", local, kpi("r3", 4, 0.3), lines));
    assertTrue(lines.get(1).contains("equal (1 within 1e-09 relative)"), lines.get(1));
    assertEquals("t: 1 row(s) differ; expected {period=2026-01, segment=smb, customers=4, "
        + "rate=0.30000000000000004}, absent",
        OutputComparison.compareRows("t", local, kpi("r4", 5, 0.3), lines));
    assertEquals("t: 1 row(s) differ; expected {period=2026-01, segment=smb, customers=4, "
        + "rate=0.30000000000000004}, found {period=2026-01, segment=smb, customers=4, rate=0.31}",
        OutputComparison.compareRows("t", local, kpi("r5", 4, 0.31), lines));
    assertEquals("t: 2 rows vs 1", OutputComparison.compareRows("t", local,
        kpi("r6", 4, 0.3).limit(1), lines));
  }

  @Test
  void findsDeltaTablesByTheirLog(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("cohort_retention/_delta_log"));
    Files.createDirectories(root.resolve("_runs/_delta_log"));
    Files.createDirectories(root.resolve("not_a_table"));
    assertEquals(new TreeSet<>(List.of("_runs", "cohort_retention")),
        OutputComparison.deltaTables(root));
    assertEquals(new TreeSet<>(), OutputComparison.deltaTables(root.resolve("absent")));
  }
}
