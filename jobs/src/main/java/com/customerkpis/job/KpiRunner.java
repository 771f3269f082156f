package com.customerkpis.job;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Computes and writes the KPIs of a run, one after another or a few at a time: while one KPI
 * plans its queries or commits to Delta on the driver, or runs a stage of fewer tasks than there
 * are cores, another KPI's tasks use the idle cores. (Spark's FIFO scheduler serves older jobs
 * first, and every adaptive query stage is a new job, so KPIs at once share the cores rather than
 * finish in turn; and their sorts and caches share the executors' memory.)
 *
 * <p>KPIs start in plan order, except that those over the events (the largest table, and the
 * largest sorts and caches) run one at a time while the others start beside them: two of them at
 * once competed for memory at 1M customers and took longer (docs/performance.md, third round).
 * After a failure (or a stop), no further KPI starts; those already running finish and commit
 * (each write is atomic), then the first failure is rethrown. Running KPIs are not cancelled:
 * job groups are named by stage, not by run, so cancelling them could reach another run sharing
 * the Spark application.
 */
final class KpiRunner {
  private KpiRunner() {}

  /**
   * Runs {@code task} for every KPI, {@code threads} at a time (1: in order on this thread), at
   * most one KPI of {@code oneAtATime} at once: such a KPI waits for the one running, and later
   * KPIs not of that kind start meanwhile. A KPI not yet started when {@code stopRequested}
   * turns true is skipped; the caller checks the stop.
   */
  static <K> void runAll(List<K> kpis, int threads, Predicate<K> oneAtATime,
      BooleanSupplier stopRequested, Consumer<K> task) {
    if (threads <= 1 || kpis.size() <= 1) {
      for (K k : kpis) {
        if (stopRequested.getAsBoolean()) {
          return;
        }
        task.accept(k);
      }
      return;
    }
    Queue<K> queue = new Queue<>(kpis, oneAtATime, stopRequested);
    AtomicReference<Throwable> first = new AtomicReference<>();
    int n = Math.min(threads, kpis.size());
    ExecutorService pool = Executors.newFixedThreadPool(n, daemonThreads());
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(pool.submit(() -> {
          for (K k = queue.take(); k != null; k = queue.take()) {
            try {
              task.accept(k);
            } catch (Throwable e) {
              // Throwable: Spark and Delta throw checked exceptions through Scala.
              first.compareAndSet(null, e);
              queue.stop();
            } finally {
              queue.done(k);
            }
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

  /** The KPIs not yet started, handed out in order as the one-at-a-time rule allows. */
  private static final class Queue<K> {
    private final List<K> pending;
    private final Predicate<K> oneAtATime;
    private final BooleanSupplier stopRequested;
    private boolean stopped;
    private boolean exclusiveRunning;

    Queue(List<K> kpis, Predicate<K> oneAtATime, BooleanSupplier stopRequested) {
      this.pending = new ArrayList<>(kpis);
      this.oneAtATime = oneAtATime;
      this.stopRequested = stopRequested;
    }

    /** The next KPI that may start, waiting while only a one-at-a-time KPI is left; null: none. */
    synchronized K take() {
      while (!stopped && !stopRequested.getAsBoolean() && !pending.isEmpty()) {
        for (int i = 0; i < pending.size(); i++) {
          K k = pending.get(i);
          boolean exclusive = oneAtATime.test(k);
          if (!exclusive || !exclusiveRunning) {
            exclusiveRunning |= exclusive;
            return pending.remove(i);
          }
        }
        try {
          wait(); // for the running one-at-a-time KPI, or a failure
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
      return null;
    }

    synchronized void done(K k) {
      if (oneAtATime.test(k)) {
        exclusiveRunning = false;
      }
      notifyAll();
    }

    synchronized void stop() {
      stopped = true;
      notifyAll();
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
