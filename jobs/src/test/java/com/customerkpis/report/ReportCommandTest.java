package com.customerkpis.report;

import static com.customerkpis.testing.Rows.ts;
import static org.junit.jupiter.api.Assertions.*;

import com.customerkpis.cli.KpiCli;
import com.customerkpis.input.InputTable;
import com.customerkpis.testing.Fixtures;
import com.customerkpis.testing.HtmlSnippets;
import com.customerkpis.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kpi run} on a hand-computed fixture, then {@code kpi report} on its output. */
@Tag("e2e")
class ReportCommandTest {
  @TempDir
  Path tmp;

  @Test
  void reportShowsTheCohortRowsOfSegmentAllAndTheQuarantine() throws Exception {
    Fixtures f = Fixtures.cohortRetention()
        .add(InputTable.EVENTS, "e10", ts("2026-02-01T00:00:00Z"), null, null, null, "login",
            null, null, null);
    Path input = tmp.resolve("in");
    f.writeParquet(input);
    Path out = tmp.resolve("out");
    assertEquals(0, KpiCli.execute("run", "--input", input.toString(), "--output",
        out.toString(), "--from", "2026-01-01", "--to", "2026-03-31", "--timezone",
        "America/Sao_Paulo", "--kpis", "cohort_retention"));
    Path html = tmp.resolve("site/report.html");
    assertEquals(0, KpiCli.execute("report", "--output", out.toString(), "--html",
        html.toString()));
    String page = Files.readString(html, StandardCharsets.UTF_8);

    // The ALL rows of CohortRetentionTest's expectation: cohort, offset, period, rate.
    String heatmaps = HtmlSnippets.card(page, "cohort_retention");
    Matcher m = Pattern.compile("data-cohort=\"([^\"]+)\" data-offset=\"(\\d+)\" "
        + "data-period=\"([^\"]+)\" data-rate=\"([^\"]*)\"")
        .matcher(HtmlSnippets.block(heatmaps, "ALL"));
    List<String> cells = new ArrayList<>();
    while (m.find()) {
      cells.add(m.group(1) + "|" + m.group(2) + "|" + m.group(3) + "|" + m.group(4));
    }
    assertEquals(List.of("2026-01|0|2026-01|0.5", "2026-01|1|2026-02|1.0",
        "2026-01|2|2026-03|0.0", "2026-02|0|2026-02|0.5", "2026-02|1|2026-03|0.5"), cells);
    Dataset<Row> table = SharedSpark.get().read().format("delta")
        .load(out.resolve("cohort_retention").toString());
    assertEquals(table.filter("segment = 'ALL'").count(), cells.size());
    // One heatmap per segment, one cell per row, and the selector offers exactly those segments.
    assertEquals(table.count(), HtmlSnippets.count(heatmaps, "data-cohort=\""));
    List<String> segments = new ArrayList<>(List.of("ALL"));
    table.select("segment").distinct().filter("segment <> 'ALL'").orderBy("segment")
        .collectAsList().forEach(r -> segments.add(r.getString(0)));
    Matcher options = Pattern.compile("<option value=\"([^\"]*)\"").matcher(page);
    List<String> offered = new ArrayList<>();
    while (options.find()) {
      offered.add(options.group(1));
    }
    assertEquals(segments, offered);
    assertTrue(segments.size() > 1, "the fixture has segments besides ALL");

    assertTrue(page.contains("<tr data-table=\"events\" data-reason=\"no_identity\"><td>events"
        + "</td><td>no_identity</td><td class=\"n\">1</td><td class=\"n\">1</td></tr>"), page);
    assertTrue(page.contains("<span class=\"badge ok\">succeeded</span>"));
    assertFalse(page.contains("<svg"), "no trend table exists, so no chart is drawn");
    assertTrue(page.contains("<tr class=\"absent\"><td>mrr</td><td colspan=\"3\">not computed"));
    assertTrue(HtmlSnippets.card(page, "mrr").contains("Not computed"));
    assertTrue(page.contains("<td>cohort_retention</td><td class=\"n\">15</td><td>month</td>"
        + "<td>2026-01 … 2026-03</td>"));

    assertEquals(2, KpiCli.execute("report", "--output", tmp.resolve("nope").toString(),
        "--html", html.toString()));
  }
}
