package com.customerkpis.clv;

import com.customerkpis.schema.Cols;
import com.customerkpis.testing.SharedSpark;
import com.customerkpis.testing.Simulation;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Fit time and driver memory at scale (not a surefire test): {@code main [buyers]}, default
 * 1,000,000 day-rounded simulated buyers with ages up to three years. Part 1 times the driver
 * work alone (statistics, both fits, the scoring lookup); part 2 runs {@link ClvModels} end to
 * end on a local Spark session.
 */
public final class ClvBenchmark {
  private static final BgNbdParams BG = new BgNbdParams(0.75, 20, 0.8, 2.4);
  private static final GammaGammaParams GG = new GammaGammaParams(6, 4, 15);
  private static final StructType SCHEMA = new StructType()
      .add(Cols.PERIOD, DataTypes.StringType, false)
      .add(Cols.CUSTOMER_ID, DataTypes.StringType, false)
      .add(Cols.FREQUENCY, DataTypes.IntegerType, false)
      .add(Cols.RECENCY_DAYS, DataTypes.IntegerType, false)
      .add(Cols.T_DAYS, DataTypes.IntegerType, false)
      .add(Cols.MONETARY_VALUE, DataTypes.DoubleType, false);

  private ClvBenchmark() {}

  /** Runs both parts and prints the measurements. */
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    driverOnly(n);
    endToEnd(n);
    System.exit(0);
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static void driverOnly(int n) {
    Simulation.Buyer[] buyers = Simulation.simulate(n, BG, GG, 0, 1095, true, 42);
    // what the two aggregation jobs deliver: distinct triples and distinct (x, cents) pairs
    Map<List<Number>, Long> triples = new HashMap<>();
    Map<List<Long>, Long> pairs = new HashMap<>();
    for (Simulation.Buyer b : buyers) {
      triples.merge(List.of(b.x(), b.tx(), b.t()), 1L, Long::sum);
      if (b.x() > 0) {
        pairs.merge(List.of((long) b.x(), b.cents()), 1L, Long::sum);
      }
    }
    buyers = null;
    BgNbdStats.Builder bb = BgNbdStats.builder();
    triples.forEach((k, c) -> bb.add(k.get(0).intValue(), k.get(1).doubleValue(),
        k.get(2).doubleValue(), c));
    GammaGammaStats.Builder gb = GammaGammaStats.builder();
    pairs.forEach((k, c) -> gb.addCents(k.get(0).intValue(), k.get(1), c));
    triples = null;
    pairs = null;
    BgNbdStats bs = bb.build();
    GammaGammaStats gs = gb.build();
    // array payload: x, tx, T, n, two time indices per triple; x, S, ln S, n per pair
    double statsMb = (bs.size() * (4.0 + 8 + 8 + 8 + 4 + 4) + bs.times().length * 8.0
        + gs.size() * (4.0 + 8 + 8 + 8)) / 1e6;
    System.out.printf("driver: %d buyers -> %d BG/NBD triples, %d Gamma-Gamma pairs; "
        + "statistics arrays %.1f MB%n", n, bs.size(), gs.size(), statsMb);

    long t0 = System.nanoTime();
    FitResult<BgNbdParams> bg = BgNbd.fit(bs);
    long t1 = System.nanoTime();
    FitResult<GammaGammaParams> gg = GammaGamma.fit(gs);
    long t2 = System.nanoTime();
    long[] pairsXt = java.util.stream.IntStream.range(0, bs.size())
        .mapToLong(i -> ((long) bs.x(i) << 32) | (long) bs.t(i)).distinct().toArray();
    long t3 = System.nanoTime();
    double check = 0;
    for (long key : pairsXt) {
      check += ClvModels.discountedIfAlive(bg.params(), (int) (key >>> 32), (int) key, 12, 0.01);
    }
    long t4 = System.nanoTime();
    System.out.printf("driver: BG/NBD fit %.2f s (%s, converged %b)%n", (t1 - t0) / 1e9,
        bg.params(), bg.converged());
    System.out.printf("driver: Gamma-Gamma fit %.2f s (%s, converged %b)%n", (t2 - t1) / 1e9,
        gg.params(), gg.converged());
    System.out.printf("driver: scoring lookup, 12 months for %d distinct (frequency, t_days): "
        + "%.2f s (checksum %.3f)%n", pairsXt.length, (t4 - t3) / 1e9, check);
  }

  private static void endToEnd(int n) throws Exception {
    SparkSession spark = SharedSpark.get();
    Path dir = Files.createTempDirectory("clv-bench");
    int parts = 8;
    int perPart = n / parts;
    Dataset<Row> generated = spark.range(0, parts, 1, parts).mapPartitions(
        (MapPartitionsFunction<Long, Row>) it -> {
          List<Row> rows = new ArrayList<>();
          while (it.hasNext()) {
            long p = it.next();
            Simulation.Buyer[] buyers = Simulation.simulate(perPart, BG, GG, 0, 1095, true, p);
            for (int i = 0; i < buyers.length; i++) {
              Simulation.Buyer b = buyers[i];
              rows.add(RowFactory.create("2026-12", "c" + p + "-" + i, b.x(), (int) b.tx(),
                  (int) b.t(), b.x() == 0 ? 0.0 : b.cents() / 100.0 / b.x()));
            }
          }
          Iterator<Row> out = rows.iterator();
          return out;
        }, Encoders.row(SCHEMA));
    generated.write().parquet(dir.resolve("buyers").toString());
    Dataset<Row> buyers = spark.read().parquet(dir.resolve("buyers").toString()).cache();
    System.out.printf("spark: %d buyers cached%n", buyers.count());

    List<MemoryPoolMXBean> heap = new ArrayList<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
        heap.add(pool);
      }
    }
    long base = usedAfterGc();
    long t0 = System.nanoTime();
    List<ClvModels.PeriodFit> fits = ClvModels.fit(buyers);
    long t1 = System.nanoTime();
    long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    long retained = usedAfterGc() - base;
    // the transient driver cost: the collected summary rows of the larger (BG/NBD) aggregation
    long beforeRows = usedAfterGc();
    List<Row> summary = buyers.groupBy(Cols.PERIOD, Cols.FREQUENCY, Cols.RECENCY_DAYS,
        Cols.T_DAYS).count().collectAsList();
    long rowsBytes = usedAfterGc() - beforeRows;
    System.out.printf("spark: collected BG/NBD summary: %d rows, %.1f MB on the driver heap%n",
        summary.size(), rowsBytes / 1e6);
    summary = null;
    long t15 = System.nanoTime();
    Dataset<Row> scored = ClvModels.score(buyers, fits, 12, 0.01);
    long t2 = System.nanoTime();
    scored.write().format("noop").mode("overwrite").save();
    long t3 = System.nanoTime();
    System.out.printf("spark: fit() incl. 2 aggregation jobs %.2f s; %s%n", (t1 - t0) / 1e9,
        fits.get(0).bgNbd());
    System.out.printf("spark: heap used after GC before fit %.0f MB; peak heap during fit %.0f MB "
        + "(local mode: includes executor tasks); retained by the fits %.1f MB%n", base / 1e6,
        peak / 1e6, retained / 1e6);
    System.out.printf("spark: score() lookup build %.2f s; scoring all buyers (noop write) "
        + "%.2f s%n",
        (t2 - t15) / 1e9, (t3 - t2) / 1e9);
    Row means = scored.agg(org.apache.spark.sql.functions.avg(Cols.PREDICTED_CLV),
        org.apache.spark.sql.functions.avg(Cols.P_ALIVE)).first();
    System.out.printf("spark: mean predicted_clv %.2f, mean p_alive %.3f%n", means.getDouble(0),
        means.getDouble(1));
  }
}
