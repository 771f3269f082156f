package com.customerkpis.report;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  static int count(String html, String needle) {
    int n = 0;
    for (int i = html.indexOf(needle); i >= 0; i = html.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void heatmapHasOneCellPerRowWithValueColourAndTooltip() {
    String html = HtmlReport.render(ReportFixtures.sample());
    assertEquals(10, count(html, "<td class=\"cell\" data-cohort="));
    // cohort 2026-01, one month later: 20 of 40 active.
    Matcher m = Pattern.compile("<td class=\"cell\" data-cohort=\"2026-01\" data-offset=\"1\" "
        + "data-period=\"2026-02\" data-rate=\"0.5\" style=\"background:([^;]+);[^\"]*\" "
        + "title=\"([^\"]*)\">([^<]*)</td>").matcher(html);
    assertTrue(m.find(), html);
    assertEquals(HtmlReport.color(0.5), m.group(1));
    assertEquals("cohort 2026-01, +1 (2026-02): 50.0%, 20 of 40 active", m.group(2));
    assertEquals("50%", m.group(3));
    // Columns +0 … +3, cohort sizes in the second column.
    assertTrue(html.contains("<th>+3</th></tr>"));
    assertTrue(html.contains("<tr><th>2026-03</th><td class=\"size\">20</td>"));
  }

  @Test
  void everyTextIsEscapedAndThePageIsSelfContained() {
    String html = HtmlReport.render(ReportFixtures.sample());
    assertFalse(html.contains("<script"), "no script at all, least of all an injected one");
    assertFalse(html.contains("<b>not bold</b>"));
    assertTrue(html.contains("boom &lt;b&gt;not bold&lt;/b&gt;"));
    assertTrue(html.contains("data-series=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; "
        + "&amp; &#39;co&#39;\""));
    assertTrue(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""));
    assertFalse(html.contains("http:") || html.contains("https:") || html.contains("src="),
        "nothing is loaded from anywhere");
    assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", HtmlReport.esc("<a href=\"x\">&'"));
  }

  @Test
  void chartsHaveOnePointPerDefinedValueAndGapsForNulls() {
    String html = HtmlReport.render(ReportFixtures.sample());
    for (String t : List.of("customer_churn", "conversion_by_channel", "csat_by_channel",
        "clv_summary", "mrr")) {
      assertEquals(1, count(html, "<section class=\"card\" data-table=\"" + t + "\">"), t);
    }
    // 4 periods: churn has one null; conversion 3 series, csat 2, clv 3, mrr 3.
    assertEquals(3 + 12 + 8 + 12 + 12, count(html, "<circle "));
    Matcher churn = Pattern.compile("data-series=\"churn_rate\"><path d=\"([^\"]+)\"")
        .matcher(html);
    assertTrue(churn.find());
    assertEquals(2, count(churn.group(1), "M"), "the null in 2026-03 splits the line");
    assertTrue(html.contains("<title>email · 2026-04: 30.0%</title>"));
    assertTrue(html.contains("<title>historical_clv · 2026-02: 130.25</title>"));
    assertTrue(html.contains("<title>mrr_end · 2026-03: 13,100.00</title>"));
    assertTrue(html.contains("1 smaller channel value(s) not drawn"));
    assertTrue(html.contains(">15k</text>") && html.contains(">5k</text>"), "MRR axis ticks");
    assertTrue(html.contains(">30%</text>"), "conversion axis tops at 30%");
  }

  @Test
  void absentTablesDrawNothingAndQualityPanelShowsTheLastRun() {
    Report full = ReportFixtures.sample();
    Report bare = new Report("/o", full.generatedAt(), full.tables(), null, List.of(),
        full.quality());
    String html = HtmlReport.render(bare);
    assertEquals(0, count(html, "data-cohort="));
    assertEquals(0, count(html, "<svg"));
    assertTrue(html.contains("cohort_retention is not present"));
    assertTrue(html.contains("<span class=\"badge bad\">failed</span>"));
    assertTrue(html.contains("<tr data-table=\"events\" data-reason=\"no_identity\"><td>events"
        + "</td><td>no_identity</td><td class=\"n\">3</td><td class=\"n\">7</td></tr>"));
    assertTrue(html.contains("<tr><td>events</td><td class=\"n\">100</td><td class=\"n\">95</td>"
        + "<td class=\"n warn\">3</td><td class=\"n\">2</td></tr>"));
    assertTrue(html.contains("<b>mrr</b> (absent input subscriptions)"));
    assertTrue(html.contains("2026-01 … 2026-04 (4 periods)"));
  }

  @Test
  void colourScaleAndTicks() {
    assertEquals(HtmlReport.SCALE[0], HtmlReport.color(0));
    assertEquals(HtmlReport.SCALE[4], HtmlReport.color(0.5));
    assertEquals(HtmlReport.SCALE[8], HtmlReport.color(1));
    assertEquals(HtmlReport.SCALE[8], HtmlReport.color(1.7));
    assertEquals("#ebf3fb", HtmlReport.color(0.0625)); // half-way between the first two stops
    assertEquals(0.05, HtmlReport.niceStep(0.04), 1e-12);
    assertEquals(2000, HtmlReport.niceStep(1234), 1e-9);
    assertEquals(1, HtmlReport.niceStep(0), 0);
  }
}
