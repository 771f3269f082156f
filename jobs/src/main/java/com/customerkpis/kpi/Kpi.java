package com.customerkpis.kpi;

import com.customerkpis.input.InputTable;
import com.customerkpis.prep.Prepared;
import com.customerkpis.prep.Shared;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The declaration of one output table of SPEC §4: what it reads and writes, and the pure function
 * from prepared inputs to its rows. No reading, writing, collect() or show() inside the function;
 * the job adds the common columns and writes.
 *
 * @param table the output table name, exactly as in SPEC §4
 * @param requires input tables that must be present for this KPI
 * @param optional input tables read when present, absent ones changing the definition rather than
 *     skipping the KPI (e.g. orders as activity, subscriptions for the churn model)
 * @param shares shared preparations it reads (one read by two KPIs of a run is persisted once)
 * @param schema the KPI's own columns, after the common ones, with their exact types
 * @param rows rows with {@code period}, {@code segment} and the columns of {@code schema}
 */
public record Kpi(String table, Set<InputTable> requires, Set<InputTable> optional,
    Set<Shared> shares, StructType schema, Function<Prepared, Dataset<Row>> rows) {

  /** Copies the sets, so that a declaration is immutable. */
  public Kpi {
    requires = Set.copyOf(requires);
    optional = Set.copyOf(optional);
    shares = Set.copyOf(shares);
  }

  /**
   * The shared preparations this KPI reads, directly or through another one (the keyed events'
   * links, say): a KPI's use of each of them ends when the KPI is written.
   */
  public Set<Shared> reads() {
    Set<Shared> all = java.util.EnumSet.noneOf(Shared.class);
    shares.forEach(s -> {
      all.add(s);
      all.addAll(s.parts());
    });
    return all;
  }

  /**
   * True when the KPI reads the keyed events, the run's largest preparation: the runner computes
   * such KPIs one at a time, since two at once compete for the executors' memory.
   */
  public boolean overEvents() {
    return reads().contains(Shared.KEYED_EVENTS);
  }

  /** The KPI's rows over the prepared inputs of a run. */
  public Dataset<Row> compute(Prepared prepared) {
    return rows.apply(prepared);
  }
}
