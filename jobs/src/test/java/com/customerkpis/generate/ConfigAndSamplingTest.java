package com.customerkpis.generate;

import static org.junit.jupiter.api.Assertions.*;

import java.time.LocalDate;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConfigAndSamplingTest {

  @Test
  void defaultsMatchTheCommandLine() {
    GeneratorConfig c = GeneratorConfig.defaults("/tmp/x");
    assertEquals(10_000, c.customers());
    assertEquals(12, c.months());
    assertEquals(LocalDate.of(2025, 1, 1), c.start());
    assertEquals(42, c.seed());
    assertEquals(0.0, c.badRowShare());
    assertEquals(0, c.partitions());
    assertEquals(LocalDate.of(2026, 1, 1), c.end());
  }

  @Test
  void rejectsBadValuesNamingThem() {
    GeneratorConfig c = GeneratorConfig.defaults("/tmp/x");
    assertMessage(() -> c.withCustomers(0), "customers", "got 0");
    assertMessage(() -> c.withMonths(121), "months", "got 121");
    assertMessage(() -> c.withBadRowShare(0.9), "badRowShare", "got 0.9");
    assertMessage(() -> c.withBadRowShare(Double.NaN), "badRowShare", "got NaN");
    assertMessage(() -> c.withPartitions(-1), "partitions", "got -1");
    assertMessage(() -> c.withStart(LocalDate.of(1980, 5, 1)), "start", "1980-05-01");
    assertMessage(() -> c.withStart(LocalDate.of(2099, 1, 1)), "start", "2099-01-01");
    assertMessage(() -> c.withOutputDir(" "), "output", "' '");
  }

  private static void assertMessage(Runnable r, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), e.getMessage() + " should mention " + p);
    }
  }

  @Test
  void samplersHaveTheirTheoreticalMeans() {
    SplittableRandom r = Rand.of(1, 2, 3);
    int n = 200_000;
    double g = 0;
    double small = 0;
    double b = 0;
    double p = 0;
    for (int i = 0; i < n; i++) {
      g += Rand.gamma(r, 6.0, 1.0 / 0.5);
      small += Rand.gamma(r, 0.75, 1.0 / 30);
      b += Rand.beta(r, 0.8, 3.2);
      p += Rand.poisson(r, 2.5);
    }
    assertEquals(12.0, g / n, 0.1);
    assertEquals(0.025, small / n, 0.0005);
    assertEquals(0.2, b / n, 0.003);
    assertEquals(2.5, p / n, 0.02);
  }

  @Test
  void streamsDependOnlyOnSeedStreamAndEntity() {
    assertEquals(Rand.of(42, 7, 1000).nextLong(), Rand.of(42, 7, 1000).nextLong());
    assertNotEquals(Rand.of(42, 7, 1000).nextLong(), Rand.of(42, 8, 1000).nextLong());
    assertNotEquals(Rand.of(42, 7, 1000).nextLong(), Rand.of(43, 7, 1000).nextLong());
  }

  @Test
  void referralTargetsAreTheFirstCustomersSignedUpAfterAnInstant() {
    Plan plan = new Plan(GeneratorConfig.defaults("/tmp/x").withCustomers(1000));
    long t = plan.span.start + 40L * Span.DAY;
    long j = plan.firstCustomerSignedUpAfter(t);
    assertTrue(j > 0);
    assertTrue(Profile.signup(plan, j) > t);
    assertTrue(Profile.signup(plan, j - 1) <= t);
    assertEquals(-1, plan.firstCustomerSignedUpAfter(plan.span.end));
    assertEquals("C0000000042", Plan.customerId(42));
  }
}
