package com.customerkpis.report;

import static com.customerkpis.testing.HtmlSnippets.*;
import static org.junit.jupiter.api.Assertions.*;

import com.customerkpis.kpi.KpiRegistry;
import com.customerkpis.report.Report.Unit;
import com.customerkpis.testing.ReportFixtures;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  static final String PAGE = HtmlReport.render(ReportFixtures.sample());

  @Test
  void everyKpiTableHasOneCardAndAbsentOnesSayNotComputed() {
    assertEquals(KpiRegistry.names(), Catalog.all().stream().map(Catalog.Spec::table).toList(),
        "the catalog covers every KPI table, in order");
    for (String t : KpiRegistry.names()) {
      assertEquals(1, count(PAGE, "id=\"t-" + t + "\""), t);
      boolean present = ReportFixtures.PRESENT.contains(t);
      assertEquals(!present, card(PAGE, t).contains("Not computed"), t);
    }
    assertTrue(card(PAGE, "nps").contains("Not computed: the table is not present under this "
        + "output (last run skipped it: absent input surveys)."));
    assertTrue(PAGE.contains("<tr class=\"absent\"><td>sentiment</td><td colspan=\"3\">"
        + "not computed</td>"));
  }

  @Test
  void selectorOffersTheSegmentsAndEveryCardHasABlockPerSegment() {
    Matcher m = Pattern.compile("<option value=\"([^\"]*)\"").matcher(PAGE);
    List<String> options = new ArrayList<>();
    while (m.find()) {
      options.add(m.group(1));
    }
    assertEquals(List.of("ALL", "smb"), options);
    assertTrue(PAGE.contains("<option value=\"ALL\" selected>ALL</option>"));
    // headline, cohort_retention and the six present sections: one block per segment each.
    assertEquals(8, count(PAGE, "<div class=\"seg\" data-segment=\"ALL\">"));
    assertEquals(8, count(PAGE, "<div class=\"seg\" data-segment=\"smb\" hidden>"));
    assertTrue(block(card(PAGE, "mrr"), "smb")
        .contains("No rows for segment smb: this table has segment ALL only."));
  }

  @Test
  void theOnlyScriptIsTheSelectorAndThePolicyAllowsNothingElse() throws Exception {
    assertEquals(1, count(PAGE, "<script"));
    assertTrue(PAGE.contains("<script>" + HtmlReport.SCRIPT + "</script>"));
    String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
        .digest(HtmlReport.SCRIPT.getBytes(StandardCharsets.UTF_8)));
    assertTrue(PAGE.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; "
        + "script-src 'sha256-" + hash + "'\""));
    assertFalse(PAGE.contains("http:") || PAGE.contains("https:") || PAGE.contains("src="),
        "nothing is loaded from anywhere");
    assertFalse(PAGE.contains("<b>not bold</b>"));
    assertTrue(PAGE.contains("boom &lt;b&gt;not bold&lt;/b&gt;"));
    assertTrue(PAGE.contains("data-series=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; "
        + "&amp; &#39;co&#39;\""));
    assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", HtmlReport.esc("<a href=\"x\">&'"));
  }

  @Test
  void ratesShowTheirSampleSizeAndSmallSamplesAreFlagged() {
    String smbCsat = block(card(PAGE, "csat_by_channel"), "smb");
    assertTrue(smbCsat.contains("data-col=\"csat\" data-value=\"1.0\" data-n=\"3\">100.0% "
        + "<span class=\"ss small\" title=\"small sample: fewer than 30\">(n=3 ⚠)</span></td>"),
        smbCsat);
    String allChurn = block(card(PAGE, "customer_churn"), "ALL");
    assertTrue(allChurn.contains("data-col=\"churn_rate\" data-value=\"0.05\" data-n=\"120\">"
        + "5.0% <span class=\"ss\">(n=120)</span></td>"));
    // Every cell of a column that has a sample size carries it.
    Set<String> withN = new HashSet<>();
    Catalog.all().forEach(s -> s.metrics().stream().filter(x -> x.nColumn() != null)
        .forEach(x -> withN.add(x.column())));
    Matcher m = Pattern.compile("<td class=\"n[^\"]*\" data-col=\"([^\"]+)\" data-value=\"[^\"]*\""
        + "( data-n=\"\\d+\")?").matcher(PAGE);
    int rateCells = 0;
    while (m.find()) {
      if (withN.contains(m.group(1))) {
        rateCells++;
        assertNotNull(m.group(2), "no n in " + m.group());
      }
    }
    assertTrue(rateCells > 40, "rate cells checked: " + rateCells);
    assertTrue(PAGE.contains("<title>email · 2026-04: 30.0% (n=50)</title>"));
    // Cohorts under 30 customers are flagged: smb's 4 and 3, ALL's 20 and 10.
    assertEquals(4, count(PAGE, "<td class=\"size small\">"));
  }

  @Test
  void nullValuesSayWhy() {
    String smbChurn = block(card(PAGE, "customer_churn"), "smb");
    assertTrue(smbChurn.contains("<li data-col=\"churn_rate\"><b>churn rate</b> is NULL in 1 of "
        + "4 period(s) (2026-01): NULL where its denominator is 0 (nothing to divide by) "
        + "(customers_start = 0).</li>"), smbChurn);
    assertTrue(smbChurn.contains("data-col=\"churn_rate\" data-value=\"\" data-n=\"0\" "
        + "title=\"NULL where its denominator is 0 (nothing to divide by) (customers_start = 0)\">"
        + "— <span class=\"ss small\""));
    assertFalse(block(card(PAGE, "customer_churn"), "ALL").contains("is NULL"));
    String clv = block(card(PAGE, "clv_summary"), "ALL");
    assertTrue(clv.contains("<b>predicted CLV</b> is NULL in 1 of 4 period(s) (2026-01): NULL in "
        + "periods whose BG/NBD fit did not converge (clv_model.converged = false), typically "
        + "early periods with too few repeat buyers: the model is not identified there. BG/NBD "
        + "did not converge in 2026-01.</li>"), clv);
    assertTrue(card(PAGE, "clv_model").contains("<td>2026-01</td><td>bgnbd</td><td class=\"n\" "
        + "data-col=\"converged\" data-value=\"0.0\">no</td>"));
    assertTrue(block(card(PAGE, "conversion_by_channel"), "ALL")
        .contains("<li>1 smaller channel value(s) not drawn or listed (they are in the table).</li>"));
  }

  @Test
  void headlineTilesShowTheLatestPeriodAndItsChange() {
    String tiles = PAGE.substring(PAGE.indexOf("id=\"headline\""),
        PAGE.indexOf("id=\"t-cohort_retention\""));
    String all = block(tiles, "ALL");
    String smb = block(tiles, "smb");
    assertTrue(all.contains("<div class=\"tile\" data-table=\"customer_churn\" data-col=\""
        + "customers_end\" data-value=\"150.0\"><div class=\"label\">customers at end</div><div "
        + "class=\"value\">150</div><div class=\"change\">▲ +25.0 % vs 2026-03</div>"), all);
    assertTrue(all.contains("<div class=\"value\">5.0% <span class=\"ss\">(n=120)</span></div>"
        + "<div class=\"change\">▼ -5.0 pp vs 2026-03</div>"));
    assertTrue(smb.contains("data-col=\"churn_rate\" data-value=\"0.2\""));
    assertTrue(smb.contains("<div class=\"value\">100.0% <span class=\"ss small\" title=\"small "
        + "sample: fewer than 30\">(n=3 ⚠)</span></div><div class=\"change\">no previous value"
        + "</div>"), smb);
    // Tiles: churn ×2, conversion, CSAT, predicted CLV, MRR for ALL; smb has no CLV or MRR.
    assertEquals(6, count(all, "<div class=\"tile\""));
    assertEquals(4, count(smb, "<div class=\"tile\""));
  }

  @Test
  void chartsHaveAxisTitlesOnePointPerValueAndGapsForNulls() {
    assertEquals(8, count(PAGE, "<svg"));
    assertEquals(7 + 16 + 9 + 11 + 12, count(PAGE, "<circle "));
    assertEquals(8, count(PAGE, "\">period (month)</text>"));
    assertTrue(card(PAGE, "customer_churn").contains("rotate(-90)\">churn rate (%)</text>"));
    assertTrue(card(PAGE, "conversion_by_channel")
        .contains("rotate(-90)\">conversion rate by channel (%)</text>"));
    assertTrue(card(PAGE, "mrr").contains(
        "rotate(-90)\">MRR at end, new, churned (money, input currency)</text>"));
    Matcher predicted = Pattern.compile("data-series=\"predicted CLV\"><path d=\"([^\"]+)\"")
        .matcher(PAGE);
    assertTrue(predicted.find());
    assertEquals(1, count(predicted.group(1), "M"));
    assertEquals(2, count(predicted.group(1), "L"), "3 of 4 values drawn, the NULL one left out");
    assertTrue(PAGE.contains(">15k</text>") && PAGE.contains(">5k</text>"), "MRR axis ticks");
    assertFalse(card(PAGE, "clv_model").contains("<svg"), "model fits are a table only");
  }

  @Test
  void heatmapHasOneCellPerRowWithValueColourAndTooltip() {
    String all = block(card(PAGE, "cohort_retention"), "ALL");
    assertEquals(10, count(all, "<td class=\"cell\" data-cohort="));
    assertEquals(7, count(block(card(PAGE, "cohort_retention"), "smb"),
        "<td class=\"cell\" data-cohort="));
    Matcher m = Pattern.compile("<td class=\"cell\" data-cohort=\"2026-01\" data-offset=\"1\" "
        + "data-period=\"2026-02\" data-rate=\"0.5\" style=\"background:([^;]+);[^\"]*\" "
        + "title=\"([^\"]*)\">([^<]*)</td>").matcher(all);
    assertTrue(m.find(), all);
    assertEquals(HtmlReport.color(0.5), m.group(1));
    assertEquals("cohort 2026-01, +1 (2026-02): 50.0%, 20 of 40 active", m.group(2));
    assertEquals("50%", m.group(3));
    assertTrue(all.contains("<th>+3</th></tr>"));
    assertTrue(all.contains("<tr><th>2026-03</th><td class=\"size small\">20 ⚠</td>"));
  }

  @Test
  void qualityPanelShowsTheLastRunAndQuarantine() {
    assertTrue(PAGE.contains("<span class=\"badge bad\">failed</span>"));
    assertTrue(PAGE.contains("<tr data-table=\"events\" data-reason=\"no_identity\"><td>events"
        + "</td><td>no_identity</td><td class=\"n\">3</td><td class=\"n\">7</td></tr>"));
    assertTrue(PAGE.contains("<tr><td>events</td><td class=\"n\">100</td><td class=\"n\">95</td>"
        + "<td class=\"n warn\">3</td><td class=\"n\">2</td></tr>"));
    assertTrue(PAGE.contains("<b>nps</b> (absent input surveys)"));
    assertTrue(PAGE.contains("2026-01 … 2026-04 (4 periods)"));
  }

  @Test
  void domCheckTellsASwitchedPageFromTheDefaultOne() {
    String switched = PAGE.replace("data-segment=\"ALL\">", "data-segment=\"ALL\" hidden=\"\">")
        .replace("data-segment=\"smb\" hidden>", "data-segment=\"smb\">")
        .replace("data-segment=\"ALL\" hidden=\"\">", "data-segment=\"ALL\" hidden=\"\">")
        .replace("<body data-shown-segment=\"ALL\">", "<body data-shown-segment=\"smb\">");
    String dflt = PAGE.replace("data-segment=\"smb\" hidden>", "data-segment=\"smb\" hidden=\"\">");
    assertEquals(List.of("ALL", "smb"), ReportDomCheck.options(PAGE));
    assertNull(ReportDomCheck.selector(dflt, switched, "smb"));
    assertEquals("page switched to smb shows segments [ALL]",
        ReportDomCheck.selector(dflt, dflt, "smb"));
  }

  @Test
  void formatsChangesColoursAndTicks() {
    assertEquals("▲ +2.5 pp", HtmlReport.change(0.125, 0.1, Unit.PERCENT));
    assertEquals("▼ -4.0 points", HtmlReport.change(20.0, 24.0, Unit.POINTS));
    assertEquals("▲ +25.0 %", HtmlReport.change(150.0, 120.0, Unit.COUNT));
    assertEquals("▲ from 0", HtmlReport.change(5.0, 0.0, Unit.MONEY));
    assertEquals("no value now", HtmlReport.change(null, 3.0, Unit.MONEY));
    assertEquals("+12.5", HtmlReport.format(12.5, Unit.POINTS));
    assertEquals("1,234.50", HtmlReport.format(1234.5, Unit.MONEY));
    assertEquals("2.5 h", HtmlReport.format(2.5, Unit.HOURS));
    assertEquals(HtmlReport.SCALE[0], HtmlReport.color(0));
    assertEquals(HtmlReport.SCALE[4], HtmlReport.color(0.5));
    assertEquals(HtmlReport.SCALE[8], HtmlReport.color(1.7));
    assertEquals("#ebf3fb", HtmlReport.color(0.0625)); // half-way between the first two stops
    assertEquals(0.05, HtmlReport.niceStep(0.04), 1e-12);
    assertEquals(2000, HtmlReport.niceStep(1234), 1e-9);
    assertEquals(1, HtmlReport.niceStep(0), 0);
  }
}
