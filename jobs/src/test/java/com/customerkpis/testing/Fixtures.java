package com.customerkpis.kpi;

import com.customerkpis.config.KpiParams;
import com.customerkpis.input.InputSet;
import com.customerkpis.prep.Prepared;
import com.customerkpis.prep.Shared;
import com.customerkpis.input.InputTable;
import com.customerkpis.testing.Rows;
import com.customerkpis.testing.SharedSpark;
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

/** Builds hand-written input tables and a Prepared run over them. */
public final class Fixtures {
  private final Map<InputTable, List<Row>> rows = new EnumMap<>(InputTable.class);

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
