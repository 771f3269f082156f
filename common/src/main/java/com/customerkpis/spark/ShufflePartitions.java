package com.customerkpis.spark;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sizes {@code spark.sql.shuffle.partitions} from the run's input when the launcher did not set
 * it: enough partitions that no sort has to hold far more than its share of memory (a 4 GB
 * driver spilled 15 GB at 1M customers with 16), while adaptive execution coalesces the small
 * shuffles of a small input back to a few tasks.
 */
public final class ShufflePartitions {
  private static final Logger LOG = LoggerFactory.getLogger(ShufflePartitions.class);

  /** The Spark setting sized here. */
  public static final String KEY = "spark.sql.shuffle.partitions";
  /** Parquet input bytes per shuffle partition (rows are several times larger in memory). */
  public static final long INPUT_BYTES_PER_PARTITION = 16L << 20;
  /** Fewest partitions set: the old local default. */
  static final int MIN = 16;
  /** Most partitions set: beyond it, per-task overheads outweigh smaller sorts. */
  static final int MAX = 2000;

  private ShufflePartitions() {}

  /** The partitions for {@code inputBytes} of Parquet input on {@code parallelism} cores. */
  public static int forInput(long inputBytes, int parallelism) {
    long byInput = (Math.max(inputBytes, 0) + INPUT_BYTES_PER_PARTITION - 1)
        / INPUT_BYTES_PER_PARTITION;
    long lowest = Math.max(MIN, 2L * parallelism);
    return (int) Math.min(MAX, Math.max(lowest, byInput));
  }

  /**
   * Sets the partitions for the input unless the launcher (spark-submit {@code --conf}, the
   * properties of a local run) set them; returns the value in effect.
   */
  public static int apply(SparkSession spark, long inputBytes) {
    if (spark.sparkContext().getConf().contains(KEY)) {
      return Integer.parseInt(spark.conf().get(KEY));
    }
    int n = forInput(inputBytes, spark.sparkContext().defaultParallelism());
    spark.conf().set(KEY, n);
    LOG.info("{} = {} for {} MB of input", KEY, n, inputBytes >> 20);
    return n;
  }
}
