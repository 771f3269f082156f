package com.customerkpis.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Shuffle partitions sized from the input: bounds and rounding. */
class ShufflePartitionsTest {
  private static final long MB = 1L << 20;

  @Test
  void smallInputsGetTheFloor() {
    assertEquals(16, ShufflePartitions.forInput(0, 2));
    assertEquals(16, ShufflePartitions.forInput(100 * MB, 2));
    // Many cores: at least two partitions per core.
    assertEquals(64, ShufflePartitions.forInput(100 * MB, 32));
  }

  @Test
  void largeInputsGetOnePartitionPer16MbRoundedUp() {
    assertEquals(23, ShufflePartitions.forInput(367 * MB, 2));
    assertEquals(186, ShufflePartitions.forInput(2960 * MB + 1, 2));
    assertEquals(2000, ShufflePartitions.forInput(1L << 50, 2));
  }
}
