package com.customerkpis.job;

import com.customerkpis.spark.StageMetrics;
import com.customerkpis.input.TableCounts;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The immutable outcome of one run: what went in, what came out, how long each KPI took.
 *
 * @param runId run id
 * @param status {@code succeeded} or {@code failed}
 * @param startedAt start instant
 * @param finishedAt end instant
 * @param arguments command line as given
 * @param grain grain label
 * @param periods run period labels
 * @param inputs row accounting per input table
 * @param outputs rows written per output table
 * @param kpiSeconds wall seconds per KPI (compute and write)
 * @param stageSeconds wall seconds per stage (read, quarantine, write of audit tables …)
 * @param skipped KPIs not run, with the reason
 * @param error the failure message, null on success
 * @param sparkJobs Spark jobs started by the run
 * @param driverPeakHeapMb peak driver heap use in MiB (sum of the heap pools' peaks)
 * @param sparkByStage Spark jobs, exchanges, shuffle and spill per stage (KPI stages as
 *     {@code kpi:<table>})
 */
public record RunSummary(String runId, String status, Instant startedAt, Instant finishedAt,
    String arguments, String grain, List<String> periods, List<TableCounts> inputs,
    Map<String, Long> outputs, Map<String, Double> kpiSeconds, Map<String, Double> stageSeconds,
    Map<String, String> skipped, String error, int sparkJobs, long driverPeakHeapMb,
    Map<String, StageMetrics.Counts> sparkByStage) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Copies collections so the record stays immutable. */
  public RunSummary {
    periods = List.copyOf(periods);
    inputs = List.copyOf(inputs);
    outputs = Map.copyOf(new LinkedHashMap<>(outputs));
    kpiSeconds = Map.copyOf(kpiSeconds);
    stageSeconds = Map.copyOf(stageSeconds);
    skipped = Map.copyOf(skipped);
    sparkByStage = Map.copyOf(sparkByStage);
  }

  /** The summary as one JSON line (the last line a run prints on stdout). */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("run_id", runId);
    root.put("status", status);
    root.put("started_at", startedAt.toString());
    root.put("finished_at", finishedAt.toString());
    root.put("duration_s", (finishedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0);
    root.put("arguments", arguments);
    root.put("grain", grain);
    root.putPOJO("periods", periods);
    ObjectNode in = root.putObject("inputs");
    for (TableCounts c : inputs) {
      ObjectNode t = in.putObject(c.table());
      t.put("rows_read", c.read());
      t.put("rows_kept", c.kept());
      t.putPOJO("quarantined", c.quarantined());
      t.put("duplicates_dropped", c.duplicatesDropped());
    }
    root.putPOJO("outputs", new java.util.TreeMap<>(outputs));
    root.putPOJO("kpi_seconds", new java.util.TreeMap<>(kpiSeconds));
    root.putPOJO("stage_seconds", new java.util.TreeMap<>(stageSeconds));
    root.putPOJO("skipped", new java.util.TreeMap<>(skipped));
    root.put("spark_jobs", sparkJobs);
    root.put("driver_peak_heap_mb", driverPeakHeapMb);
    ObjectNode byStage = root.putObject("spark_by_stage");
    new java.util.TreeMap<>(sparkByStage).forEach((stage, c) -> {
      ObjectNode n = byStage.putObject(stage);
      n.put("jobs", c.jobs());
      n.put("exchanges", c.exchanges());
      n.put("shuffle_mb", c.shuffleBytes() / (1024 * 1024));
      n.put("spill_mb", c.spillBytes() / (1024 * 1024));
    });
    if (error != null) {
      root.put("error", error);
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
