package com.customerkpis.prep;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds each shared preparation of a run once and persists it only when two or more of the
 * run's KPIs read it, until the last of them is done ({@link #done}); {@link #release()}
 * unpersists whatever is left. Thread-safe: KPIs computed at once get the same preparation, and
 * a preparation is built without holding the cache's lock (the CLV scores' build runs the model
 * fits, which read the buyer states from this cache), so builds of different preparations never
 * wait for one another; a second request for one being built waits for that build.
 * {@link #cachedBytes} runs a job (filling the identity links' cache, once per run) under the
 * lock, which other KPIs' requests wait for.
 */
public final class PrepCache {
  private static final Logger LOG = LoggerFactory.getLogger(PrepCache.class);

  private final Map<Shared, Integer> readersLeft;
  /** Each preparation requested so far: built, or being built by the thread that asked first. */
  private final Map<Shared, CompletableFuture<Dataset<Row>>> built = new EnumMap<>(Shared.class);
  /** What is persisted, by the preparation it is released with. */
  private final Map<Shared, List<Dataset<Row>>> persistedWith = new EnumMap<>(Shared.class);
  private final Map<Shared, Long> cachedBytes = new EnumMap<>(Shared.class);

  /**
   * A cache persisting exactly the preparations of {@code readers}, each until that many KPIs
   * are {@link #done} with it.
   */
  public PrepCache(Map<Shared, Integer> readers) {
    this.readersLeft = new EnumMap<>(Shared.class);
    this.readersLeft.putAll(readers);
  }

  /** A cache persisting exactly the {@code reused} preparations, until {@link #release()}. */
  public PrepCache(Set<Shared> reused) {
    this(reused.stream().collect(java.util.stream.Collectors.toMap(s -> s,
        s -> Integer.MAX_VALUE)));
  }

  /**
   * The preparation {@code key}, built by {@code build} on first use. Requests for it while it is
   * being built wait for that build; if the build fails, each of them fails with its error and
   * the next request builds it again.
   */
  public Dataset<Row> get(Shared key, Supplier<Dataset<Row>> build) {
    CompletableFuture<Dataset<Row>> f;
    boolean mine = false;
    synchronized (this) {
      f = built.get(key);
      if (f == null) {
        f = new CompletableFuture<>();
        built.put(key, f);
        mine = true;
      }
    }
    if (mine) {
      try {
        Dataset<Row> d = build.get();
        synchronized (this) {
          if (readersLeft.containsKey(key)) {
            d = persist(d, key);
          }
        }
        f.complete(d);
      } catch (Throwable e) {
        // Throwable: Spark and Delta throw checked exceptions through Scala.
        synchronized (this) {
          built.remove(key);
        }
        f.completeExceptionally(e);
        throw PrepCache.<RuntimeException>rethrow(e);
      }
    }
    try {
      return f.join();
    } catch (CompletionException e) {
      throw PrepCache.<RuntimeException>rethrow(e.getCause());
    }
  }

  /** Rethrows {@code t} as it is (the CLI maps exit codes by the exception's type). */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E rethrow(Throwable t) throws E {
    throw (E) t;
  }

  /**
   * Persists a relation that the run reads twice whatever its KPIs (e.g. fit and score), until
   * the preparation {@code releasedWith} is released (or the run ends).
   */
  public synchronized Dataset<Row> persist(Dataset<Row> d, Shared releasedWith) {
    // Serialized: compact in a small driver heap, and faster to read back than deserialized.
    Dataset<Row> p = d.persist(StorageLevel.MEMORY_AND_DISK_SER());
    persistedWith.computeIfAbsent(releasedWith, k -> new ArrayList<>()).add(p);
    return p;
  }

  /**
   * One KPI that read the preparations {@code read} is written: a persisted one that no KPI left
   * reads is unpersisted, so that its memory and disk serve the next ones.
   */
  public synchronized void done(Set<Shared> read) {
    for (Shared s : read) {
      Integer left = readersLeft.computeIfPresent(s, (k, n) -> n - 1);
      if (left != null && left <= 0) {
        readersLeft.remove(s);
        List<Dataset<Row>> gone = persistedWith.remove(s);
        if (gone != null) {
          LOG.debug("releasing the cache of {}: its last reader is done", s);
          gone.forEach(d -> d.unpersist(false));
        }
      }
    }
  }

  /**
   * The size of a persisted preparation's cache in bytes (as Spark stores it, compressed), which
   * one job fills first if no query has yet; empty when the preparation is not persisted in this
   * run, or not built. Lets a plan choose a broadcast on a measured size, not on an estimate.
   */
  public synchronized OptionalLong cachedBytes(Shared key) {
    CompletableFuture<Dataset<Row>> f = built.get(key);
    Dataset<Row> d = f == null ? null : f.getNow(null);
    if (d == null || !readersLeft.containsKey(key)) {
      return OptionalLong.empty();
    }
    Long bytes = cachedBytes.get(key);
    if (bytes == null) {
      // Writing to the no-op sink runs the preparation once, which fills its cache.
      d.write().format("noop").mode("overwrite").save();
      // A new query over the cache: its statistics are the filled cache's measured size.
      bytes = d.select(col("*")).queryExecution().optimizedPlan().stats().sizeInBytes()
          .longValue();
      cachedBytes.put(key, bytes);
    }
    return OptionalLong.of(bytes);
  }

  /** Unpersists everything this cache persisted. */
  public synchronized void release() {
    persistedWith.values().forEach(l -> l.forEach(d -> d.unpersist(false)));
    persistedWith.clear();
  }
}
