package com.customerkpis.job;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Computes and writes the KPIs of a run, one after another or a few at a time: while one KPI
 * plans its queries or commits to Delta on the driver, or runs a stage of fewer tasks than there
 * are cores, another KPI's tasks use the idle cores. (Spark's FIFO scheduler serves older jobs
 * first, and every adaptive query stage is a new job, so KPIs at once share the cores rather than
 * finish in turn; and their sorts and caches share the executors' memory.)
 *
 * <p>KPIs start in plan order. After a failure (or a stop), no further KPI starts; those already
 * running finish and commit (each write is atomic), then the first failure is rethrown. Running
 * KPIs are not cancelled: job groups are named by stage, not by run, so cancelling them could
 * reach another run sharing the Spark application.
 */
final class KpiRunner {
  private KpiRunner() {}

  /**
   * Runs {@code task} for every KPI, {@code threads} at a time (1: in order on this thread). A KPI
   * not yet started when {@code stopRequested} turns true is skipped; the caller checks the stop.
   */
  static <K> void runAll(List<K> kpis, int threads, BooleanSupplier stopRequested,
      Consumer<K> task) {
    if (threads <= 1 || kpis.size() <= 1) {
      for (K k : kpis) {
        if (stopRequested.getAsBoolean()) {
          return;
        }
        task.accept(k);
      }
      return;
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> first = new AtomicReference<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, kpis.size()),
        daemonThreads());
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (K k : kpis) {
        futures.add(pool.submit(() -> {
          if (stop.get() || stopRequested.getAsBoolean()) {
            return;
          }
          try {
            task.accept(k);
          } catch (Throwable e) {
            // Throwable: Spark and Delta throw checked exceptions through Scala.
            first.compareAndSet(null, e);
            stop.set(true);
          }
        }));
      }
      for (Future<?> f : futures) {
        await(f);
      }
    } finally {
      pool.shutdownNow();
    }
    if (first.get() != null) {
      throw KpiRunner.<RuntimeException>rethrow(first.get());
    }
  }

  private static void await(Future<?> f) {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the run's KPIs", e);
    } catch (ExecutionException e) {
      // Not reached: every task catches its own failure.
      throw rethrow(e.getCause());
    }
  }

  /** Rethrows {@code t} as it is (the CLI maps exit codes by the exception's type). */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E rethrow(Throwable t) throws E {
    throw (E) t;
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "kpi-" + n.incrementAndGet());
      // Daemon: a thread left by a failed run never keeps the JVM alive.
      t.setDaemon(true);
      return t;
    };
  }
}
