package com.customerkpis.testing;

import static com.customerkpis.testing.Rows.dec;
import static com.customerkpis.testing.Rows.ts;

import com.customerkpis.config.KpiParams;
import com.customerkpis.input.InputSet;
import com.customerkpis.prep.Prepared;
import com.customerkpis.prep.Shared;
import com.customerkpis.input.InputTable;
import java.nio.file.Path;
import org.apache.spark.sql.SaveMode;
import com.customerkpis.time.Period;
import com.customerkpis.time.RunWindow;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Builds hand-written input tables, writes them as Parquet inputs, or a Prepared run over them. */
public final class Fixtures {
  private final Map<InputTable, List<Row>> rows = new EnumMap<>(InputTable.class);

  /**
   * Customers, events and orders whose cohorts CohortRetentionTest computes by hand
   * (America/Sao_Paulo, monthly 2026-01..03); the small input of most end-to-end tests.
   */
  public static Fixtures cohortRetention() {
    // Sao Paulo is UTC-3 all year since 2019: 02:00Z on Feb 1 is still January 31 locally.
    return new Fixtures()
        .add(InputTable.CUSTOMERS, "c1", ts("2026-01-10T12:00:00Z"), "email", "smb")
        .add(InputTable.CUSTOMERS, "c2", ts("2026-02-01T02:00:00Z"), null, null)
        .add(InputTable.CUSTOMERS, "c3", ts("2026-02-15T12:00:00Z"), "social", "ent")
        .add(InputTable.CUSTOMERS, "c4", ts("2026-02-20T12:00:00Z"), "email", "smb")
        .add(InputTable.EVENTS, "e5", ts("2026-01-10T13:00:00Z"), "c1", null, null, "login",
            null, "/", "desktop")
        .add(InputTable.EVENTS, "e1", ts("2026-02-05T12:00:00Z"), "c1", null, null, "page_view",
            null, "/", "desktop")
        // anonymous before signup, then linked to c3: the early event is before signup_ts
        .add(InputTable.EVENTS, "e2", ts("2026-02-10T12:00:00Z"), null, "a1", null, "page_view",
            null, "/", "mobile")
        .add(InputTable.EVENTS, "e3", ts("2026-02-16T12:00:00Z"), "c3", "a1", null, "login",
            null, "/", "mobile")
        // 22:00 local on Feb 28: February activity although March in UTC
        .add(InputTable.EVENTS, "e4", ts("2026-03-01T01:00:00Z"), "c2", null, null, "page_view",
            null, "/", "mobile")
        .add(InputTable.ORDERS, "o1", "c3", ts("2026-03-05T12:00:00Z"), dec("10.00"),
            "completed", "web")
        .add(InputTable.ORDERS, "o2", "c1", ts("2026-03-10T12:00:00Z"), dec("20.00"),
            " Refunded", "web");
  }

  /** Adds a row to a table, values in contract column order. */
  public Fixtures add(InputTable t, Object... values) {
    rows.computeIfAbsent(t, k -> new ArrayList<>()).add(Rows.row(values));
    return this;
  }

  /** Declares a table present even without rows. */
  public Fixtures empty(InputTable t) {
    rows.computeIfAbsent(t, k -> new ArrayList<>());
    return this;
  }

  /** Writes each table as one Parquet file under {@code input}/{@code <table name>}. */
  public void writeParquet(Path input) {
    frames().forEach((t, d) -> d.coalesce(1).write().mode(SaveMode.Overwrite)
        .parquet(input.resolve(t.tableName()).toString()));
  }

  /** Conformed input frames. */
  public Map<InputTable, Dataset<Row>> frames() {
    Map<InputTable, Dataset<Row>> out = new EnumMap<>(InputTable.class);
    rows.forEach((t, r) -> out.put(t, Rows.df(t.schema(), r)));
    return out;
  }

  /** A Prepared over monthly-or-other periods from..to (inclusive dates) with these params. */
  public Prepared prepare(KpiParams params, String from, String to) {
    List<Period> periods = RunWindow.periods(params.grain(), LocalDate.parse(from),
        LocalDate.parse(to), params.zone());
    InputSet inputs = InputSet.of(frames());
    return Prepared.of(SharedSpark.get(), params, periods, inputs.keptTables(),
        EnumSet.noneOf(Shared.class));
  }

  /** Rows rendered as "v1|v2|…" strings, sorted, for readable exact comparisons. */
  public static List<String> render(Dataset<Row> df, String... cols) {
    Dataset<Row> d = cols.length == 0 ? df : df.selectExpr(cols);
    return d.collectAsList().stream().map(r -> {
      List<String> v = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        Object o = r.get(i);
        v.add(o instanceof Double x ? String.format(java.util.Locale.ROOT, "%.4f", x)
            : String.valueOf(o));
      }
      return String.join("|", v);
    }).sorted().collect(Collectors.toList());
  }
}
