package com.customerkpis.prep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.customerkpis.kpi.Kpi;
import com.customerkpis.kpi.KpiRegistry;
import com.customerkpis.testing.SharedSpark;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

/** PrepCache keeps a shared preparation persisted exactly until its last reader is done. */
class PrepCacheTest {

  // storageLevel(), not the cache manager: its lookup takes a classic Dataset on Spark 4.
  static boolean cached(Dataset<Row> d) {
    return !d.storageLevel().equals(StorageLevel.NONE());
  }

  @Test
  void aPreparationIsReleasedWhenItsLastReaderIsDoneAndNotBefore() {
    PrepCache cache = new PrepCache(Map.of(Shared.SESSIONS, 2, Shared.BUYER_STATES, 3));
    Dataset<Row> sessions = cache.get(Shared.SESSIONS, () -> SharedSpark.get().range(5).toDF());
    Dataset<Row> states = cache.get(Shared.BUYER_STATES,
        () -> SharedSpark.get().range(7).toDF());
    Dataset<Row> fit = cache.persist(SharedSpark.get().range(9).toDF(), Shared.BUYER_STATES);
    Dataset<Row> once = cache.get(Shared.CUSTOMERS, () -> SharedSpark.get().range(3).toDF());
    try {
      assertSame(sessions, cache.get(Shared.SESSIONS, () -> {
        throw new AssertionError("built twice");
      }));
      assertTrue(cached(sessions) && cached(states) && cached(fit));
      assertFalse(cached(once), "read by one KPI: not persisted");

      cache.done(EnumSet.of(Shared.SESSIONS, Shared.BUYER_STATES));
      assertTrue(cached(sessions) && cached(states) && cached(fit), "a reader is left");
      cache.done(EnumSet.of(Shared.SESSIONS, Shared.CUSTOMERS));
      assertFalse(cached(sessions), "its second and last reader is done");
      assertTrue(cached(states) && cached(fit));
      cache.done(EnumSet.of(Shared.BUYER_STATES));
      cache.done(EnumSet.of(Shared.BUYER_STATES));
      assertFalse(cached(states), "third reader done");
      assertFalse(cached(fit), "persisted with the buyer states, released with them");
      // A reader the plan did not count still gets the (recomputed) preparation.
      assertEquals(5, cache.get(Shared.SESSIONS, () -> null).count());
    } finally {
      cache.release();
    }
  }

  @Test
  void cachedBytesFillsAPersistedPreparationOnceAndMeasuresIt() {
    PrepCache cache = new PrepCache(Map.of(Shared.LINKS, 2));
    Dataset<Row> links = cache.get(Shared.LINKS,
        () -> SharedSpark.get().range(0, 50_000, 1, 2).toDF());
    Dataset<Row> once = cache.get(Shared.CUSTOMERS, () -> SharedSpark.get().range(3).toDF());
    try {
      assertTrue(cache.cachedBytes(Shared.CUSTOMERS).isEmpty(), "not persisted: no size");
      assertTrue(cache.cachedBytes(Shared.SESSIONS).isEmpty(), "not built: no size");
      long bytes = cache.cachedBytes(Shared.LINKS).orElseThrow();
      // 50,000 longs, stored by Spark's columnar cache: about 8 bytes each, not an estimate.
      assertTrue(bytes >= 200_000 && bytes <= 1_000_000, "measured " + bytes + " bytes");
      assertEquals(bytes, cache.cachedBytes(Shared.LINKS).orElseThrow());
      assertFalse(cached(once));
      cache.done(EnumSet.of(Shared.LINKS));
      cache.done(EnumSet.of(Shared.LINKS));
      assertFalse(cached(links));
      assertTrue(cache.cachedBytes(Shared.LINKS).isEmpty(), "released: no size");
    } finally {
      cache.release();
    }
  }

  @Test
  void releaseUnpersistsWhatNoReaderCountReleased() {
    PrepCache cache = new PrepCache(Set.of(Shared.LINKS));
    Dataset<Row> links = cache.get(Shared.LINKS, () -> SharedSpark.get().range(4).toDF());
    cache.done(EnumSet.of(Shared.LINKS));
    assertTrue(cached(links), "readers unknown: kept until the run ends");
    cache.release();
    assertFalse(cached(links));
  }

  @Test
  void runOrderHoldsEveryKpiOnceAndPutsTheReadersOfACacheNextToOneAnother() {
    List<Kpi> all = KpiRegistry.select(List.of());
    List<Kpi> ordered = KpiRegistry.inRunOrder(all);
    assertEquals(Set.copyOf(all), Set.copyOf(ordered));
    assertEquals(all.size(), ordered.size());
    List<Kpi> reversed = new java.util.ArrayList<>(ordered);
    java.util.Collections.reverse(reversed);
    assertEquals(ordered, KpiRegistry.inRunOrder(reversed), "the order is the same whatever "
        + "order the KPIs were asked for in");
    // The users of each cached preparation (not the small ones every KPI family reads) form one
    // run of consecutive KPIs, so that one cache is gone before the next is built.
    for (Shared s : List.of(Shared.VISITOR_DAYS, Shared.ACTIVITY_DAYS, Shared.SESSIONS,
        Shared.SURVEY_SCORES, Shared.BUYER_STATES)) {
      List<Integer> at = new java.util.ArrayList<>();
      for (int i = 0; i < ordered.size(); i++) {
        if (ordered.get(i).reads().contains(s)) {
          at.add(i);
        }
      }
      assertTrue(at.size() >= 2, s + " has two readers");
      assertEquals(at.get(at.size() - 1) - at.get(0) + 1, at.size(),
          s + " readers are consecutive in the run order: " + at);
    }
  }

  /**
   * A build that waits for a lock held by a thread asking the cache for another preparation:
   * the CLV scores' build needs the CLV fit while the fit, on another KPI's thread, reads the
   * buyer states from the cache. Builds hold no cache-wide lock, so this finishes (it hung when
   * the cache built under its own lock).
   */
  @Test
  void aBuildWaitingForAnotherThreadThatUsesTheCacheDoesNotDeadlock() throws Exception {
    PrepCache cache = new PrepCache(Map.of());
    Object fitLock = new Object();
    CountDownLatch fitLocked = new CountDownLatch(1);
    CountDownLatch scoresBuilding = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread model = new Thread(() -> {
      try {
        synchronized (fitLock) {
          fitLocked.countDown();
          scoresBuilding.await();
          cache.get(Shared.BUYER_STATES, () -> SharedSpark.get().range(4).toDF());
        }
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "clv-model");
    Thread customer = new Thread(() -> {
      try {
        fitLocked.await();
        cache.get(Shared.CLV_SCORES, () -> {
          scoresBuilding.countDown();
          synchronized (fitLock) {
            return SharedSpark.get().range(6).toDF();
          }
        });
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "clv-customer");
    model.setDaemon(true);
    customer.setDaemon(true);
    model.start();
    customer.start();
    model.join(30_000);
    customer.join(30_000);
    assertFalse(model.isAlive() || customer.isAlive(), "the two threads deadlocked");
    assertEquals(null, failure.get());
    assertEquals(4, cache.get(Shared.BUYER_STATES, () -> null).count());
    assertEquals(6, cache.get(Shared.CLV_SCORES, () -> null).count());
  }

  @Test
  void aRequestDuringABuildGetsTheSameResultAndAFailedBuildIsTriedAgain() throws Exception {
    PrepCache cache = new PrepCache(Map.of());
    CountDownLatch building = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger builds = new AtomicInteger();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.Future<Dataset<Row>> first = pool.submit(() ->
          cache.get(Shared.SESSIONS, () -> {
            builds.incrementAndGet();
            building.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
            return SharedSpark.get().range(3).toDF();
          }));
      building.await();
      java.util.concurrent.Future<Dataset<Row>> second = pool.submit(() ->
          cache.get(Shared.SESSIONS, () -> {
            builds.incrementAndGet();
            return SharedSpark.get().range(99).toDF();
          }));
      Thread.sleep(200);
      assertFalse(second.isDone(), "the second request waits for the build under way");
      release.countDown();
      assertSame(first.get(), second.get());
      assertEquals(1, builds.get());
    } finally {
      pool.shutdownNow();
    }

    IllegalStateException boom = new IllegalStateException("boom");
    IllegalStateException thrown = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalStateException.class, () -> cache.get(Shared.CUSTOMERS, () -> {
          throw boom;
        }));
    assertSame(boom, thrown);
    assertEquals(2, cache.get(Shared.CUSTOMERS, () -> SharedSpark.get().range(2).toDF()).count());
  }
}
