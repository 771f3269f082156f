package com.customerkpis.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.customerkpis.testing.Quadrature;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

class Hyp2f1Test {

  private static void assertRel(double expected, double actual, double tol) {
    assertEquals(expected, actual, tol * Math.abs(expected),
        () -> "expected " + expected + " got " + actual);
  }

  @Test
  void logarithmClosedFormIncludingIntegerCMinusAMinusB() {
    // 2F1(1,1;2;z) = −ln(1−z)/z; here c − a − b = 0, the case the 1−z formulas special-case
    for (double z : new double[] {1e-8, 0.1, 0.5, 0.5000001, 0.75, 0.9, 0.99, 0.999999,
        1 - 1e-12, -0.5, -5, -1000}) {
      assertRel(-Math.log1p(-z) / z, Hyp2f1.value(1, 1, 2, z), 1e-13);
    }
  }

  @Test
  void binomialClosedForm() {
    // 2F1(a,b;b;z) = (1−z)^−a, c − a − b = −a
    double[][] ab = {{0.7, 2.3}, {3.5, 0.4}, {-1.5, 6.0}};
    for (double[] p : ab) {
      for (double z : new double[] {0.3, 0.6, 0.95, 0.9999, -3}) {
        double expected = Math.pow(1 - z, -p[0]);
        // with a < 0 the value tends to 0 at z = 1 while the terms stay O(1): only an absolute
        // accuracy of a few ulps of 1 is possible there
        assertEquals(expected, Hyp2f1.value(p[0], p[1], p[1], z),
            1e-13 * Math.abs(expected) + 1e-16);
      }
    }
  }

  @Test
  void arcsinClosedFormWithHalfIntegerGap() {
    // 2F1(1/2,1/2;3/2;z²) = arcsin(z)/z, c − a − b = 1/2
    for (double z : new double[] {0.3, 0.8, 0.99, 0.999999}) {
      assertRel(Math.asin(z) / z, Hyp2f1.value(0.5, 0.5, 1.5, z * z), 1e-13);
    }
  }

  @Test
  void terminatingSeriesIsThePolynomial() {
    // 2F1(−3,2;5;z) = 1 − 6/5 z + 3/5 z² − 4/35 z³ (coefficients (−3)_n(2)_n/((5)_n n!))
    for (double z : new double[] {0.2, 0.7, 0.95}) {
      double expected = 1 - 1.2 * z + 0.6 * z * z - 4.0 / 35 * z * z * z;
      assertRel(expected, Hyp2f1.value(-3, 2, 5, z), 1e-14);
    }
  }

  /** Euler's integral Γ(c)/(Γ(b)Γ(c−b)) ∫ t^(b−1)(1−t)^(c−b−1)(1−zt)^(−a) dt, c &gt; b &gt; 0. */
  private static double euler(double a, double b, double c, double z) {
    double pre = Gamma.logGamma(c) - Gamma.logGamma(b) - Gamma.logGamma(c - b);
    return Quadrature.tanhSinh((t, u) -> Math.exp(pre + (b - 1) * Math.log(t)
        + (c - b - 1) * Math.log(u) - a * Math.log((1 - z) + z * u)), 1e-12);
  }

  @Test
  void matchesEulersIntegral() {
    double[][] cases = {
        {0.7, 1.3, 3.0 + 1e-9, 0.97},     // c − a − b within 1e−9 of the integer 1
        {0.7, 1.3, 3.0 + 1e-9, 0.9999},
        {2.45, 0.8, 3.2, 0.95},           // BG/NBD shape with x = 0: c − a − b = −0.05
        {2.45, 0.8, 3.2, 0.5},
        {2.45, 0.8, 13.2, 0.99},          // x = 10
        {2.45, 0.8, 1003.2, 0.3},         // x = 1000
        {-0.5, 1.5, 2.5, 0.9},            // a < 0 (r > a + b − 1): alternating terms
        {5.0, 2.0, 3.0, 0.9},             // c − a − b = −4: grows like (1−z)^−4
        {0.3, 0.45, 0.5, 0.999},
    };
    for (double[] k : cases) {
      assertRel(euler(k[0], k[1], k[2], k[3]), Hyp2f1.value(k[0], k[1], k[2], k[3]), 1e-11);
    }
  }

  @Test
  void valueMinusOneKeepsDigitsForSmallZ() {
    // 2F1(a,b;c;z) − 1 = abz/c + a(a+1)b(b+1)z²/(2c(c+1)) + O(z³)
    double a = 2.45;
    double b = 0.8;
    double c = 3.2;
    double z = 1e-9;
    double expected = a * b * z / c + a * (a + 1) * b * (b + 1) * z * z / (2 * c * (c + 1));
    assertRel(expected, Hyp2f1.valueMinusOne(a, b, c, z), 1e-14);
    assertEquals(0.0, Hyp2f1.valueMinusOne(a, b, c, 0.0));
  }

  @Test
  void continuousAcrossTheSeriesHandOver() {
    double below = Hyp2f1.value(2.45, 0.8, 3.2, 0.5);
    double above = Hyp2f1.value(2.45, 0.8, 3.2, Math.nextUp(0.5));
    assertRel(below, above, 1e-14);
  }

  @Test
  void rejectsArgumentsOutsideTheDomain() {
    assertThrows(IllegalArgumentException.class, () -> Hyp2f1.value(1, 1, 2, 1.0));
    assertThrows(IllegalArgumentException.class, () -> Hyp2f1.value(1, 1, -2, 0.5));
    assertThrows(IllegalArgumentException.class, () -> Hyp2f1.value(Double.NaN, 1, 2, 0.5));
  }
}
