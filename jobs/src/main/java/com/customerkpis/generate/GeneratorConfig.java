package com.customerkpis.generate;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What to generate: where, how many customers over how many months from which date, with which
 * seed, how many bad rows, and in how many partitions (0 = derived from the size).
 *
 * @param outputDir directory that receives one Parquet directory per input table
 * @param customers number of customers (anonymous visitors come on top)
 * @param months length of the window, starting at {@code start} (UTC midnight)
 * @param start first day of the window
 * @param seed seed of every random stream
 * @param badRowShare share of bad rows to inject per table, in [0, 0.5]; 0 injects none
 * @param partitions partitions per table, or 0 to derive them from the expected rows
 */
public record GeneratorConfig(String outputDir, long customers, int months, LocalDate start,
    long seed, double badRowShare, int partitions) {

  public static final long DEFAULT_CUSTOMERS = 10_000;
  public static final int DEFAULT_MONTHS = 12;
  public static final LocalDate DEFAULT_START = LocalDate.of(2025, 1, 1);
  public static final long DEFAULT_SEED = 42;
  public static final double DEFAULT_BAD_ROW_SHARE = 0.0;
  public static final int DEFAULT_PARTITIONS = 0;

  public static final long MAX_CUSTOMERS = 1_000_000_000L;
  public static final int MAX_MONTHS = 120;
  public static final double MAX_BAD_ROW_SHARE = 0.5;
  public static final int MAX_PARTITIONS = 100_000;
  /** Every generated instant, scheduled subscription ends included, lies in [MIN, MAX). */
  public static final LocalDate MIN_DATE = LocalDate.of(1990, 1, 1);
  public static final LocalDate MAX_DATE_EXCL = LocalDate.of(2100, 1, 1);

  /** Validates every field; messages name the field and the rejected value. */
  public GeneratorConfig {
    if (outputDir == null || outputDir.isBlank()) {
      throw new IllegalArgumentException("output directory must be set, got "
          + (outputDir == null ? "null" : "'" + outputDir + "'"));
    }
    if (customers < 1 || customers > MAX_CUSTOMERS) {
      throw new IllegalArgumentException("customers must be between 1 and " + MAX_CUSTOMERS
          + ", got " + customers);
    }
    if (months < 1 || months > MAX_MONTHS) {
      throw new IllegalArgumentException("months must be between 1 and " + MAX_MONTHS
          + ", got " + months);
    }
    Objects.requireNonNull(start, "start date must be set, got null");
    // Subscriptions may end up to a year after the window: that must stay inside the range too.
    if (start.isBefore(MIN_DATE) || !start.plusMonths(months).plusYears(1).isBefore(MAX_DATE_EXCL)) {
      throw new IllegalArgumentException("start must be on or after " + MIN_DATE
          + " and start + months + 1 year before " + MAX_DATE_EXCL + ", got start " + start
          + " with " + months + " months");
    }
    if (!(badRowShare >= 0 && badRowShare <= MAX_BAD_ROW_SHARE)) {
      throw new IllegalArgumentException("badRowShare must be between 0 and "
          + MAX_BAD_ROW_SHARE + ", got " + badRowShare);
    }
    if (partitions < 0 || partitions > MAX_PARTITIONS) {
      throw new IllegalArgumentException("partitions must be between 0 (derive) and "
          + MAX_PARTITIONS + ", got " + partitions);
    }
  }

  /** The defaults of SPEC's {@code kpi generate}, writing to {@code outputDir}. */
  public static GeneratorConfig defaults(String outputDir) {
    return new GeneratorConfig(outputDir, DEFAULT_CUSTOMERS, DEFAULT_MONTHS, DEFAULT_START,
        DEFAULT_SEED, DEFAULT_BAD_ROW_SHARE, DEFAULT_PARTITIONS);
  }

  /** First day after the window. */
  public LocalDate end() {
    return start.plusMonths(months);
  }

  public GeneratorConfig withCustomers(long n) {
    return new GeneratorConfig(outputDir, n, months, start, seed, badRowShare, partitions);
  }

  public GeneratorConfig withMonths(int m) {
    return new GeneratorConfig(outputDir, customers, m, start, seed, badRowShare, partitions);
  }

  public GeneratorConfig withStart(LocalDate d) {
    return new GeneratorConfig(outputDir, customers, months, d, seed, badRowShare, partitions);
  }

  public GeneratorConfig withSeed(long s) {
    return new GeneratorConfig(outputDir, customers, months, start, s, badRowShare, partitions);
  }

  public GeneratorConfig withBadRowShare(double share) {
    return new GeneratorConfig(outputDir, customers, months, start, seed, share, partitions);
  }

  public GeneratorConfig withPartitions(int p) {
    return new GeneratorConfig(outputDir, customers, months, start, seed, badRowShare, p);
  }

  public GeneratorConfig withOutputDir(String dir) {
    return new GeneratorConfig(dir, customers, months, start, seed, badRowShare, partitions);
  }
}
