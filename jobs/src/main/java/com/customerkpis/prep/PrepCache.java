package com.customerkpis.prep;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Builds each shared preparation of a run once and persists it only when two or more of the
 * run's KPIs read it; {@link #release()} unpersists everything it persisted. Thread-safe: KPIs
 * computed at once get the same preparation (building one only defines it, it runs no job).
 */
public final class PrepCache {
  private final Set<Shared> reused;
  private final Map<Shared, Dataset<Row>> built = new EnumMap<>(Shared.class);
  private final List<Dataset<Row>> persisted = new ArrayList<>();

  /** A cache persisting exactly the {@code reused} preparations. */
  public PrepCache(Set<Shared> reused) {
    this.reused = Set.copyOf(reused);
  }

  /** The preparation {@code key}, built by {@code build} on first use. */
  public synchronized Dataset<Row> get(Shared key, Supplier<Dataset<Row>> build) {
    Dataset<Row> d = built.get(key);
    if (d == null) {
      d = build.get();
      if (reused.contains(key)) {
        d = persist(d);
      }
      built.put(key, d);
    }
    return d;
  }

  /** Persists a relation that the run reads twice whatever its KPIs (e.g. fit and score). */
  public synchronized Dataset<Row> persist(Dataset<Row> d) {
    // Serialized: compact in a small driver heap, and faster to read back than deserialized.
    Dataset<Row> p = d.persist(StorageLevel.MEMORY_AND_DISK_SER());
    persisted.add(p);
    return p;
  }

  /** Unpersists everything this cache persisted. */
  public synchronized void release() {
    persisted.forEach(Dataset::unpersist);
    persisted.clear();
  }
}
