package com.customerkpis.job;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The KPI runner: concurrency as configured, order kept, one-at-a-time KPIs never together, the
 * first failure stops the rest.
 */
class KpiRunnerTest {
  @Test
  void oneThreadRunsInOrderOnTheCallersThread() {
    List<String> ran = new ArrayList<>();
    Thread caller = Thread.currentThread();
    KpiRunner.runAll(List.of("a", "b", "c"), 1, k -> false, () -> false, k -> {
      assertSameThread(caller);
      ran.add(k);
    });
    assertEquals(List.of("a", "b", "c"), ran);
  }

  @Test
  void twoThreadsRunTwoKpisAtOnceAndEveryKpiOnce() throws Exception {
    CountDownLatch both = new CountDownLatch(2);
    Set<String> ran = ConcurrentHashMap.newKeySet();
    AtomicInteger calls = new AtomicInteger();
    KpiRunner.runAll(List.of("a", "b", "c", "d", "e"), 2, k -> false, () -> false, k -> {
      calls.incrementAndGet();
      if (k.equals("a") || k.equals("b")) {
        // Each of the first two waits for the other: only two threads at once get past this.
        both.countDown();
        await(both);
      }
      ran.add(k);
    });
    assertEquals(Set.of("a", "b", "c", "d", "e"), ran);
    assertEquals(5, calls.get());
  }

  @Test
  void oneAtATimeKpisNeverOverlapAndTheOthersStartBesideThem() {
    // e* are one at a time; e1 finishes only once l1 and l2 have run, which they can only do
    // beside it: started in plan order, e2 would take the second thread and wait instead.
    CountDownLatch lightDone = new CountDownLatch(2);
    AtomicInteger exclusiveNow = new AtomicInteger();
    AtomicInteger exclusiveMax = new AtomicInteger();
    List<String> started = Collections.synchronizedList(new ArrayList<>());
    KpiRunner.runAll(List.of("e1", "e2", "l1", "e3", "l2"), 3, k -> k.startsWith("e"),
        () -> false, k -> {
          started.add(k);
          if (k.startsWith("e")) {
            exclusiveMax.accumulateAndGet(exclusiveNow.incrementAndGet(), Math::max);
            if (k.equals("e1")) {
              await(lightDone);
            } else {
              sleep(50);
            }
            exclusiveNow.decrementAndGet();
          } else {
            lightDone.countDown();
          }
        });
    assertEquals(1, exclusiveMax.get(), "one-at-a-time KPIs overlapped: " + started);
    assertEquals(List.of("e1", "e2", "e3"),
        started.stream().filter(k -> k.startsWith("e")).toList(), "plan order among them");
    assertEquals(5, started.size());
  }

  @Test
  void aFailureAlsoStopsThreadsWaitingForTheOneAtATimeKpi() {
    // Three threads: e1 and l1 run, the third waits for e1 to take e2. l1 fails meanwhile: when
    // e1 is done, neither e2 nor e3 starts.
    RuntimeException boom = new RuntimeException("l1 failed");
    CountDownLatch failed = new CountDownLatch(1);
    List<String> started = Collections.synchronizedList(new ArrayList<>());
    RuntimeException thrown = assertThrows(RuntimeException.class, () ->
        KpiRunner.runAll(List.of("e1", "e2", "l1", "e3"), 3, k -> k.startsWith("e"),
            () -> false, k -> {
              started.add(k);
              if (k.equals("l1")) {
                failed.countDown();
                throw boom;
              }
              // e1 finishes once l1's failure is recorded (a moment after it throws): the
              // threads asking for the next KPI then find the run stopped.
              await(failed);
              sleep(300);
            }));
    assertSame(boom, thrown);
    assertEquals(Set.of("e1", "l1"), Set.copyOf(started));
  }

  @Test
  void theFirstFailureIsRethrownAsItIsAndNoLaterKpiStarts() {
    Exception checked = new Exception("table b could not be written");
    List<String> started = Collections.synchronizedList(new ArrayList<>());
    List<String> finished = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch aStarted = new CountDownLatch(1);
    CountDownLatch bFailed = new CountDownLatch(1);
    Exception thrown = assertThrows(Exception.class, () ->
        KpiRunner.runAll(List.of("a", "b", "c", "d"), 2, k -> false, () -> false, k -> {
          started.add(k);
          if (k.equals("a")) {
            aStarted.countDown();
          }
          if (k.equals("b")) {
            // Fails once a is under way (else a, not yet started, would rightly be skipped).
            await(aStarted);
            bFailed.countDown();
            throw KpiRunnerTest.<RuntimeException>sneaky(checked);
          }
          if (k.equals("a")) {
            // Still running when b fails: it finishes (its write is atomic), it is not cut off.
            await(bFailed);
            sleep(300);
          }
          finished.add(k);
        }));
    assertSame(checked, thrown, "the exception itself, checked or not: exit codes map by type");
    assertTrue(finished.contains("a"), "a running KPI finishes: " + finished);
    assertFalse(started.contains("d"), "no KPI starts after a failure: " + started);
  }

  @Test
  void aStopRequestedBeforeAKpiStartsSkipsIt() {
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger n = new AtomicInteger();
    for (int threads : new int[] {1, 3}) {
      ran.clear();
      n.set(0);
      KpiRunner.runAll(List.of("a", "b", "c", "d", "e", "f"), threads, k -> false,
          () -> n.get() >= 2, k -> {
            ran.add(k);
            n.incrementAndGet();
          });
      assertTrue(ran.size() >= 2 && ran.size() <= 1 + threads, threads + " threads: " + ran);
      assertFalse(ran.contains("f"), threads + " threads: " + ran);
    }
  }

  private static void assertSameThread(Thread t) {
    assertSame(t, Thread.currentThread());
  }

  private static void await(CountDownLatch l) {
    try {
      assertTrue(l.await(10, TimeUnit.SECONDS), "timed out");
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
