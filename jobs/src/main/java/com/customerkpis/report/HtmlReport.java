package com.customerkpis.report;

import com.customerkpis.report.Report.Cell;
import com.customerkpis.report.Report.Chart;
import com.customerkpis.report.Report.Heatmap;
import com.customerkpis.report.Report.InputCounts;
import com.customerkpis.report.Report.LastRun;
import com.customerkpis.report.Report.QuarantineCount;
import com.customerkpis.report.Report.Series;
import com.customerkpis.report.Report.TableInfo;
import com.customerkpis.report.Report.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Renders a {@link Report} as one self-contained HTML page: inline CSS and SVG, no script, no
 * external resource (a Content-Security-Policy forbids any), so it opens offline and anywhere.
 */
public final class HtmlReport {
  /** Categorical line colours (Okabe–Ito, readable with colour-vision deficiencies). */
  static final String[] PALETTE = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7",
      "#56B4E9", "#8C6D31", "#7F7F7F", "#B2182B"};
  /** The heatmap's sequential scale for 0 … 100 % retention (ColorBrewer Blues). */
  static final String[] SCALE = {"#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6",
      "#4292c6", "#2171b5", "#08519c", "#08306b"};

  private static final int W = 640;
  private static final int H = 260;
  private static final int LEFT = 64;
  private static final int RIGHT = 36;
  private static final int TOP = 12;
  private static final int BOTTOM = 40;

  private HtmlReport() {}

  /** The complete page. */
  public static String render(Report r) {
    StringBuilder b = new StringBuilder(32_768);
    b.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            + "style-src 'unsafe-inline'\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Customer KPIs — ").append(esc(r.outputDir())).append("</title>\n")
        .append("<style>").append(CSS).append("</style></head>\n<body>\n")
        .append("<header><h1>Customer KPIs</h1><p>").append(esc(r.outputDir()))
        .append(" · generated ").append(esc(String.valueOf(r.generatedAt())))
        .append("</p></header>\n<main>\n");
    heatmap(b, r.heatmap());
    b.append("<div class=\"grid\">\n");
    for (Chart c : r.charts()) {
      chart(b, c);
    }
    b.append("</div>\n");
    quality(b, r.quality());
    tables(b, r.tables());
    b.append("</main>\n</body></html>\n");
    return b.toString();
  }

  // ---- heatmap ------------------------------------------------------------------------------

  private static void heatmap(StringBuilder b, Heatmap h) {
    b.append("<section class=\"card wide\" id=\"cohort-retention\"><h2>Cohort retention</h2>\n");
    if (h == null) {
      b.append("<p class=\"muted\">cohort_retention is not present under this output.</p>"
          + "</section>\n");
      return;
    }
    b.append("<p class=\"muted\">Share of each cohort's customers active in each later ")
        .append(esc(h.grain())).append(" (segment ALL). Rows: cohort; columns: ")
        .append(esc(h.grain())).append("s since the cohort.");
    if (h.omittedCohorts() > 0) {
      b.append(" The ").append(h.omittedCohorts()).append(" oldest cohort(s) are not shown.");
    }
    b.append("</p>\n");
    if (h.cells().isEmpty()) {
      b.append("<p class=\"muted\">No rows for segment ALL.</p></section>\n");
      return;
    }
    Map<String, Cell> byKey = new HashMap<>();
    Map<String, Long> size = new HashMap<>();
    for (Cell c : h.cells()) {
      byKey.put(c.cohort() + "\u0000" + c.offset(), c);
      size.merge(c.cohort(), c.cohortSize(), Math::max);
    }
    b.append("<div class=\"scroll\"><table class=\"heatmap\" data-grain=\"").append(esc(h.grain()))
        .append("\"><thead><tr><th>cohort</th><th>customers</th>");
    for (int o = 0; o <= h.maxOffset(); o++) {
      b.append("<th>+").append(o).append("</th>");
    }
    b.append("</tr></thead>\n<tbody>\n");
    for (String cohort : h.cohorts()) {
      b.append("<tr><th>").append(esc(cohort)).append("</th><td class=\"size\">")
          .append(size.getOrDefault(cohort, 0L)).append("</td>");
      for (int o = 0; o <= h.maxOffset(); o++) {
        Cell c = byKey.get(cohort + "\u0000" + o);
        if (c == null) {
          b.append("<td class=\"empty\"></td>");
          continue;
        }
        String tip = "cohort " + c.cohort() + ", +" + c.offset() + " (" + c.period() + "): "
            + (c.rate() == null ? "n/a" : pct(c.rate(), 1)) + ", " + c.active() + " of "
            + c.cohortSize() + " active";
        b.append("<td class=\"cell\" data-cohort=\"").append(esc(c.cohort()))
            .append("\" data-offset=\"").append(c.offset())
            .append("\" data-period=\"").append(esc(c.period()))
            .append("\" data-rate=\"").append(c.rate() == null ? "" : num(c.rate()))
            .append("\" style=\"background:").append(c.rate() == null ? "#eee" : color(c.rate()))
            .append(";color:").append(c.rate() != null && c.rate() > 0.55 ? "#fff" : "#111")
            .append("\" title=\"").append(esc(tip)).append("\">")
            .append(c.rate() == null ? "–" : pct(c.rate(), 0)).append("</td>");
      }
      b.append("</tr>\n");
    }
    b.append("</tbody></table></div>\n<div class=\"legend-scale\"><span>0%</span>"
        + "<span class=\"bar\" style=\"background:linear-gradient(to right");
    for (String s : SCALE) {
      b.append(',').append(s);
    }
    b.append(")\"></span><span>100%</span></div>\n</section>\n");
  }

  /** The scale colour of a rate in [0, 1] (clamped), interpolated between the stops. */
  static String color(double rate) {
    double x = Math.max(0, Math.min(1, rate)) * (SCALE.length - 1);
    int i = (int) Math.floor(x);
    if (i >= SCALE.length - 1) {
      return SCALE[SCALE.length - 1];
    }
    double f = x - i;
    int a = Integer.parseInt(SCALE[i].substring(1), 16);
    int z = Integer.parseInt(SCALE[i + 1].substring(1), 16);
    int rgb = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      int ca = (a >> shift) & 0xff;
      int cz = (z >> shift) & 0xff;
      rgb |= ((int) Math.round(ca + (cz - ca) * f)) << shift;
    }
    return String.format(Locale.ROOT, "#%06x", rgb);
  }

  // ---- line charts --------------------------------------------------------------------------

  private static void chart(StringBuilder b, Chart c) {
    b.append("<section class=\"card\" data-table=\"").append(esc(c.table())).append("\"><h2>")
        .append(esc(c.title())).append("</h2><p class=\"muted\">").append(esc(c.table()))
        .append(", segment ALL, by ").append(esc(String.valueOf(c.grain()))).append("</p>\n");
    List<Double> all = new ArrayList<>();
    for (Series s : c.series()) {
      for (String p : c.periods()) {
        Double v = s.values().get(p);
        if (v != null && Double.isFinite(v)) {
          all.add(v);
        }
      }
    }
    if (all.isEmpty()) {
      b.append("<p class=\"muted\">No values to draw.</p>");
    } else {
      svg(b, c, all);
    }
    if (c.note() != null) {
      b.append("<p class=\"note\">").append(esc(c.note())).append("</p>");
    }
    b.append("</section>\n");
  }

  private static void svg(StringBuilder b, Chart c, List<Double> values) {
    double lo = Math.min(0, values.stream().mapToDouble(d -> d).min().orElse(0));
    double hi = values.stream().mapToDouble(d -> d).max().orElse(1);
    if (hi <= lo) {
      hi = lo + (c.unit() == Unit.PERCENT ? 0.1 : 1);
    }
    double step = niceStep((hi - lo) / 4);
    lo = Math.floor(lo / step) * step;
    hi = Math.ceil(hi / step) * step;
    int n = c.periods().size();
    double plotW = W - LEFT - RIGHT;
    double plotH = H - TOP - BOTTOM;
    double dx = n > 1 ? plotW / (n - 1) : 0;
    final double ylo = lo;
    final double yhi = hi;
    java.util.function.IntToDoubleFunction x = i -> LEFT + (n > 1 ? i * dx : plotW / 2);
    java.util.function.DoubleUnaryOperator y = v -> TOP + plotH - (v - ylo) / (yhi - ylo) * plotH;

    b.append("<svg class=\"chart\" viewBox=\"0 0 ").append(W).append(' ').append(H)
        .append("\" role=\"img\" aria-label=\"").append(esc(c.title())).append("\">\n");
    for (double t = lo; t <= hi + step / 2; t += step) {
      String ty = num1(y.applyAsDouble(t));
      b.append("<line class=\"gridline\" x1=\"").append(LEFT).append("\" x2=\"").append(W - RIGHT)
          .append("\" y1=\"").append(ty).append("\" y2=\"").append(ty).append("\"/>")
          .append("<text class=\"ytick\" x=\"").append(LEFT - 6).append("\" y=\"").append(ty)
          .append("\">").append(esc(tick(t, step, c.unit()))).append("</text>\n");
    }
    int every = Math.max(1, (int) Math.ceil(n / 12.0));
    for (int i = 0; i < n; i++) {
      if (i % every == 0 || i == n - 1) {
        b.append("<text class=\"xtick\" x=\"").append(num1(x.applyAsDouble(i))).append("\" y=\"")
            .append(H - BOTTOM + 18).append("\">").append(esc(c.periods().get(i)))
            .append("</text>");
      }
    }
    b.append('\n');
    int k = 0;
    for (Series s : c.series()) {
      String colour = colour(s.name(), k++);
      String width = "ALL".equals(s.name()) ? "3" : "2";
      StringBuilder d = new StringBuilder();
      boolean pen = false;
      for (int i = 0; i < n; i++) {
        Double v = s.values().get(c.periods().get(i));
        if (v == null || !Double.isFinite(v)) {
          pen = false; // a gap where the value is undefined, not a line through zero
          continue;
        }
        d.append(pen ? " L" : (d.length() == 0 ? "M" : " M")).append(num1(x.applyAsDouble(i)))
            .append(',').append(num1(y.applyAsDouble(v)));
        pen = true;
      }
      b.append("<g class=\"series\" data-series=\"").append(esc(s.name())).append("\">");
      if (d.length() > 0) {
        b.append("<path d=\"").append(d).append("\" stroke=\"").append(colour)
            .append("\" stroke-width=\"").append(width).append("\" fill=\"none\"/>");
      }
      for (int i = 0; i < n; i++) {
        String p = c.periods().get(i);
        Double v = s.values().get(p);
        if (v == null || !Double.isFinite(v)) {
          continue;
        }
        b.append("<circle cx=\"").append(num1(x.applyAsDouble(i))).append("\" cy=\"")
            .append(num1(y.applyAsDouble(v))).append("\" r=\"3.5\" fill=\"").append(colour)
            .append("\" data-period=\"").append(esc(p)).append("\" data-value=\"").append(num(v))
            .append("\"><title>").append(esc(s.name() + " · " + p + ": " + format(v, c.unit())))
            .append("</title></circle>");
      }
      b.append("</g>\n");
    }
    b.append("</svg>\n<ul class=\"legend\">");
    k = 0;
    for (Series s : c.series()) {
      b.append("<li><span class=\"swatch\" style=\"background:").append(colour(s.name(), k++))
          .append("\"></span>").append(esc(s.name())).append("</li>");
    }
    b.append("</ul>\n");
  }

  private static String colour(String series, int index) {
    // ALL is the roll-up line every chart shares: always black, so it reads the same everywhere.
    return "ALL".equals(series) ? "#111111" : PALETTE[index % PALETTE.length];
  }

  /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
  static double niceStep(double raw) {
    if (!(raw > 0)) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    double m = raw / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  }

  private static String tick(double v, double step, Unit unit) {
    if (Math.abs(v) < step * 1e-9) {
      v = 0;
    }
    return switch (unit) {
      case PERCENT -> pct(v, step * 100 < 1 ? 1 : 0);
      case MONEY, NUMBER -> compact(v);
    };
  }

  private static String compact(double v) {
    double a = Math.abs(v);
    if (a >= 1e9) {
      return trim(String.format(Locale.ROOT, "%.1f", v / 1e9)) + "B";
    }
    if (a >= 1e6) {
      return trim(String.format(Locale.ROOT, "%.1f", v / 1e6)) + "M";
    }
    if (a >= 1e3) {
      return trim(String.format(Locale.ROOT, "%.1f", v / 1e3)) + "k";
    }
    return a == Math.rint(a) ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String trim(String decimal) {
    return decimal.endsWith(".0") ? decimal.substring(0, decimal.length() - 2) : decimal;
  }

  static String format(double v, Unit unit) {
    return switch (unit) {
      case PERCENT -> pct(v, 1);
      case MONEY -> String.format(Locale.ROOT, "%,.2f", v);
      case NUMBER -> v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v)
          : String.format(Locale.ROOT, "%,.3f", v);
    };
  }

  // ---- data quality and tables --------------------------------------------------------------

  private static void quality(StringBuilder b, Report.Quality q) {
    b.append("<section class=\"card wide\" id=\"data-quality\"><h2>Data quality</h2>\n");
    LastRun run = q.lastRun();
    if (run == null) {
      b.append("<p class=\"muted\">No run recorded in _runs.</p>\n");
    } else {
      String status = Objects.toString(run.status(), "?");
      b.append("<p class=\"run\">Last run <code>").append(esc(run.runId())).append("</code> <span class=\"badge ")
          .append("succeeded".equals(status) ? "ok" : "bad").append("\">").append(esc(status))
          .append("</span> · ").append(esc(String.valueOf(run.startedAt())));
      if (run.startedAt() != null && run.finishedAt() != null) {
        b.append(" · ").append(String.format(Locale.ROOT, "%.1f s",
            Duration.between(run.startedAt(), run.finishedAt()).toMillis() / 1000.0));
      }
      b.append(" · ").append(esc(String.valueOf(run.grain()))).append(' ')
          .append(esc(periodRange(run.periods()))).append("</p>\n<p class=\"muted\">")
          .append(esc(Objects.toString(run.arguments(), ""))).append("</p>\n");
      if (run.error() != null) {
        b.append("<p class=\"error\">").append(esc(run.error())).append("</p>\n");
      }
      b.append("<table class=\"data\" id=\"inputs\"><thead><tr><th>input</th><th class=\"n\">read"
          + "</th><th class=\"n\">kept</th><th class=\"n\">quarantined</th><th class=\"n\">"
          + "duplicates dropped</th></tr></thead><tbody>\n");
      for (InputCounts i : run.inputs()) {
        long quarantined = i.quarantined().values().stream().mapToLong(Long::longValue).sum();
        b.append("<tr><td>").append(esc(i.table())).append("</td><td class=\"n\">")
            .append(i.read()).append("</td><td class=\"n\">").append(i.kept())
            .append("</td><td class=\"n").append(quarantined > 0 ? " warn" : "").append("\">")
            .append(quarantined).append("</td><td class=\"n\">").append(i.duplicatesDropped())
            .append("</td></tr>\n");
      }
      b.append("</tbody></table>\n");
      if (!run.skipped().isEmpty()) {
        b.append("<p class=\"run\">Skipped KPIs: ");
        List<String> parts = new ArrayList<>();
        run.skipped().forEach((k, v) -> parts.add("<b>" + esc(k) + "</b> (" + esc(v) + ")"));
        b.append(String.join(", ", parts)).append("</p>\n");
      }
    }
    b.append("<h3>Quarantined rows by table and reason</h3>\n");
    if (q.quarantine().isEmpty()) {
      b.append("<p class=\"muted\">None: _quarantine is empty or absent.</p>\n");
    } else {
      b.append("<table class=\"data\" id=\"quarantine\"><thead><tr><th>table</th><th>reason</th>"
          + "<th class=\"n\">last run</th><th class=\"n\">all runs</th></tr></thead><tbody>\n");
      for (QuarantineCount c : q.quarantine()) {
        b.append("<tr data-table=\"").append(esc(c.table())).append("\" data-reason=\"")
            .append(esc(c.reason())).append("\"><td>").append(esc(c.table())).append("</td><td>")
            .append(esc(c.reason())).append("</td><td class=\"n\">").append(c.lastRun())
            .append("</td><td class=\"n\">").append(c.allRuns()).append("</td></tr>\n");
      }
      b.append("</tbody></table>\n");
    }
    b.append("</section>\n");
  }

  private static void tables(StringBuilder b, List<TableInfo> tables) {
    b.append("<section class=\"card wide\" id=\"tables\"><h2>Tables</h2>\n<table class=\"data\">"
        + "<thead><tr><th>table</th><th class=\"n\">rows</th><th>grain</th><th>periods</th>"
        + "</tr></thead>"
        + "<tbody>\n");
    for (TableInfo t : tables) {
      b.append("<tr").append(t.present() ? "" : " class=\"absent\"").append("><td>")
          .append(esc(t.name())).append("</td>");
      if (t.present()) {
        b.append("<td class=\"n\">").append(t.rows()).append("</td><td>")
            .append(esc(String.join(", ", t.grains()))).append("</td><td>")
            .append(esc(Objects.toString(t.firstPeriod(), ""))).append(" … ")
            .append(esc(Objects.toString(t.lastPeriod(), ""))).append("</td>");
      } else {
        b.append("<td colspan=\"3\">not present</td>");
      }
      b.append("</tr>\n");
    }
    b.append("</tbody></table></section>\n");
  }

  // ---- text ---------------------------------------------------------------------------------

  /** HTML-escapes text for element content and double- or single-quoted attributes. */
  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder o = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '&' -> o.append("&amp;");
        case '<' -> o.append("&lt;");
        case '>' -> o.append("&gt;");
        case '"' -> o.append("&quot;");
        case '\'' -> o.append("&#39;");
        default -> o.append(ch);
      }
    }
    return o.toString();
  }

  private static String periodRange(List<String> periods) {
    return switch (periods.size()) {
      case 0 -> "";
      case 1, 2 -> String.join(", ", periods);
      default -> periods.get(0) + " … " + periods.get(periods.size() - 1) + " (" + periods.size()
          + " periods)";
    };
  }

  private static String pct(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f%%", v * 100);
  }

  private static String num(double v) {
    return Double.toString(v);
  }

  private static String num1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static final String CSS = """
      :root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
        color:#111;background:#f6f7f9}
      body{margin:0}header{padding:16px 24px;background:#fff;border-bottom:1px solid #ddd}
      header h1{margin:0 0 4px;font-size:22px}header p{margin:0;color:#555;font-size:13px}
      main{padding:16px 24px;max-width:1400px}
      .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(480px,1fr));gap:16px;
        margin:16px 0}
      .card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 16px}
      .card.wide{margin:16px 0}h2{font-size:17px;margin:0 0 4px}h3{font-size:14px}
      .muted{color:#666;font-size:12px;margin:2px 0 8px}.note{color:#666;font-size:12px}
      .scroll{overflow-x:auto}
      table.heatmap{border-collapse:collapse;font-size:12px}
      .heatmap th,.heatmap td{padding:4px 6px;text-align:center;min-width:34px}
      .heatmap tbody th{text-align:left;white-space:nowrap}.heatmap td.size{color:#555}
      .heatmap td.cell{border:1px solid #fff}.heatmap td.empty{background:#fafafa}
      .legend-scale{display:flex;align-items:center;gap:6px;font-size:12px;margin-top:8px}
      .legend-scale .bar{display:inline-block;width:200px;height:10px;border:1px solid #ccc}
      svg.chart{width:100%;height:auto;display:block}
      .gridline{stroke:#e3e3e3;stroke-width:1}
      .ytick{font-size:11px;fill:#555;text-anchor:end;dominant-baseline:middle}
      .xtick{font-size:11px;fill:#555;text-anchor:middle}
      circle:hover{r:6}
      ul.legend{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:4px 14px;
        font-size:12px}
      .swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:4px;
        vertical-align:-2px}
      table.data{border-collapse:collapse;font-size:13px;margin:6px 0}
      .data th,.data td{border-bottom:1px solid #eee;padding:4px 10px;text-align:left}
      .data .n{text-align:right;font-variant-numeric:tabular-nums}
      .run{font-size:14px;margin:4px 0}
      tr.absent td{color:#999}td.warn{color:#b35c00;font-weight:600}
      .badge{padding:1px 8px;border-radius:10px;font-size:12px;color:#fff}
      .badge.ok{background:#2e7d32}.badge.bad{background:#c62828}
      .error{color:#c62828;white-space:pre-wrap}code{font-size:12px}
      """;
}
