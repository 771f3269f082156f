package com.customerkpis.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.customerkpis.kpi.Kpi;
import com.customerkpis.schema.Cols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Schemas rendered as "name:type" for exact comparisons, and the check of a KPI's output types. */
public final class SchemaAssertions {
  private SchemaAssertions() {}

  /** "name:type,…" of a schema. */
  public static String names(StructType s) {
    return String.join(",", Arrays.stream(s.fields())
        .map(f -> f.name() + ":" + f.dataType().simpleString()).toList());
  }

  /** "name:type" of each field, ignoring nullability. */
  public static List<String> namesAndTypes(StructType s) {
    return Arrays.stream(s.fields())
        .map((StructField f) -> f.name() + ":" + f.dataType().simpleString()).toList();
  }

  /** compute() returns period, segment and the declared columns with their declared types. */
  public static void assertComputedTypes(Kpi kpi, Dataset<Row> out) {
    List<String> expected = new ArrayList<>(List.of(Cols.PERIOD + ":string",
        Cols.SEGMENT + ":string"));
    expected.addAll(List.of(names(kpi.schema()).split(",")));
    assertEquals(String.join(",", expected), names(out.schema()));
  }
}
