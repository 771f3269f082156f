package com.customerkpis.output;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Which write failures the sink retries: only a concurrent creation still in flight. */
class DeltaSinkRetryTest {
  @Test
  void tableNotFoundAnywhereInTheCauseChainIsACreationInFlight() {
    RuntimeException e = new RuntimeException("write failed", new IllegalStateException(
        "[DELTA_TABLE_NOT_FOUND] Delta table `/out/_runs` doesn't exist."));
    assertTrue(DeltaSink.creationInFlight(e));
  }

  @Test
  void otherFailuresAreNot() {
    assertFalse(DeltaSink.creationInFlight(new RuntimeException("disk full")));
    assertFalse(DeltaSink.creationInFlight(new RuntimeException((String) null)));
    assertNull(DeltaSink.conflict(new RuntimeException("[DELTA_TABLE_NOT_FOUND]")));
  }
}
