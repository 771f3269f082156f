package com.customerkpis.report;

import com.customerkpis.report.Catalog.Metric;
import com.customerkpis.report.Catalog.Spec;
import com.customerkpis.report.Report.Cell;
import com.customerkpis.report.Report.Chart;
import com.customerkpis.report.Report.Heatmap;
import com.customerkpis.report.Report.InputCounts;
import com.customerkpis.report.Report.LastRun;
import com.customerkpis.report.Report.Point;
import com.customerkpis.report.Report.QuarantineCount;
import com.customerkpis.report.Report.Section;
import com.customerkpis.report.Report.Series;
import com.customerkpis.report.Report.TableInfo;
import com.customerkpis.report.Report.Unit;
import com.customerkpis.schema.Cols;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Renders a {@link Report} as one self-contained HTML page: inline CSS, SVG and one inline script
 * (the segment selector), no external resource. A Content-Security-Policy forbids every load and
 * every script but the one whose hash it names, so the page opens offline and anywhere.
 */
public final class HtmlReport {
  /** Categorical line colours (Okabe–Ito, readable with colour-vision deficiencies). */
  static final String[] PALETTE = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7",
      "#56B4E9", "#8C6D31", "#7F7F7F", "#B2182B"};
  /** The heatmap's sequential scale for 0 … 100 % retention (ColorBrewer Blues). */
  static final String[] SCALE = {"#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6",
      "#4292c6", "#2171b5", "#08519c", "#08306b"};
  /** Most recent periods listed in a section's table (the chart shows them all). */
  static final int TABLE_PERIODS = 12;

  /**
   * The segment selector: shows the blocks of the chosen segment and hides the others. A
   * {@code #segment=NAME} fragment selects a segment on load (links, and the browser test).
   */
  static final String SCRIPT = """
      (function () {
        var select = document.getElementById('segment');
        function show(segment) {
          document.querySelectorAll('[data-segment]').forEach(function (e) {
            e.hidden = e.getAttribute('data-segment') !== segment;
          });
          document.body.setAttribute('data-shown-segment', segment);
        }
        select.addEventListener('change', function () { show(select.value); });
        var m = /[#&]segment=([^&]*)/.exec(location.hash);
        if (m) {
          var wanted = decodeURIComponent(m[1]);
          if (Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) {
            select.value = wanted;
            select.dispatchEvent(new Event('change'));
          }
        }
      })();
      """;

  private static final int W = 640;
  private static final int H = 280;
  private static final int LEFT = 76;
  private static final int RIGHT = 36;
  private static final int TOP = 12;
  private static final int BOTTOM = 56;

  private HtmlReport() {}

  /** The Content-Security-Policy: nothing loads; styles inline; only {@link #SCRIPT} runs. */
  static String csp() {
    return "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-"
        + sha256(SCRIPT) + "'";
  }

  private static String sha256(String text) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** The complete page. */
  public static String render(Report r) {
    StringBuilder b = new StringBuilder(131_072);
    b.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(csp())
        .append("\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Customer KPIs — ").append(esc(r.outputDir())).append("</title>\n")
        .append("<style>").append(CSS).append("</style></head>\n<body data-shown-segment=\"")
        .append(Cols.ALL).append("\">\n")
        .append("<header><div><h1>Customer KPIs</h1><p>").append(esc(r.outputDir()))
        .append(" · generated ").append(esc(String.valueOf(r.generatedAt())))
        .append("</p></div>\n<label class=\"selector\">Segment <select id=\"segment\">");
    for (String s : r.segments()) {
      b.append("<option value=\"").append(esc(s)).append("\"")
          .append(Cols.ALL.equals(s) ? " selected" : "").append('>').append(esc(s))
          .append("</option>");
    }
    b.append("</select></label></header>\n<main>\n");
    toc(b, r);
    tiles(b, r);
    heatmaps(b, r);
    Map<String, Section> sections = new LinkedHashMap<>();
    r.sections().forEach(s -> sections.put(s.spec().table(), s));
    Map<String, String> skipped = r.quality().lastRun() == null ? Map.of()
        : r.quality().lastRun().skipped();
    b.append("<div class=\"grid\">\n");
    for (Spec spec : Catalog.all()) {
      if (spec.table().equals(com.customerkpis.kpi.CohortRetention.TABLE)) {
        continue;
      }
      Section s = sections.get(spec.table());
      if (s == null) {
        notComputed(b, spec, skipped.get(spec.table()));
      } else {
        section(b, r, s);
      }
    }
    b.append("</div>\n");
    quality(b, r.quality());
    tables(b, r.tables());
    b.append("</main>\n<script>").append(SCRIPT).append("</script>\n</body></html>\n");
    return b.toString();
  }

  /** Opens a block shown only for one segment (ALL shows first). */
  private static void openSegment(StringBuilder b, String segment) {
    b.append("<div class=\"seg\" data-segment=\"").append(esc(segment)).append('"')
        .append(Cols.ALL.equals(segment) ? "" : " hidden").append(">\n");
  }

  private static void toc(StringBuilder b, Report r) {
    b.append("<nav class=\"toc\">");
    List<String> links = new ArrayList<>();
    for (Spec spec : Catalog.all()) {
      boolean present = r.tables().stream()
          .anyMatch(t -> t.name().equals(spec.table()) && t.present());
      links.add("<a href=\"#t-" + esc(spec.table()) + "\"" + (present ? "" : " class=\"absent\"")
          + ">" + esc(spec.table()) + "</a>");
    }
    links.add("<a href=\"#data-quality\">data quality</a>");
    b.append(String.join(" · ", links)).append("</nav>\n");
  }

  // ---- headline tiles -----------------------------------------------------------------------

  private static void tiles(StringBuilder b, Report r) {
    b.append("<section class=\"card wide\" id=\"headline\"><h2>Headline</h2>"
        + "<p class=\"muted\">Latest period of each table and the change from the period "
        + "before (percentage points for rates, relative change otherwise).</p>\n");
    for (String segment : r.segments()) {
      openSegment(b, segment);
      b.append("<div class=\"tiles\">");
      int shown = 0;
      for (Section s : r.sections()) {
        for (String column : s.spec().headline()) {
          Metric m = s.spec().metric(column);
          if (m != null && !s.missingColumns().contains(column)) {
            shown += tile(b, s, m, segment) ? 1 : 0;
          }
        }
      }
      b.append("</div>\n");
      if (shown == 0) {
        b.append("<p class=\"muted\">No headline values for segment ").append(esc(segment))
            .append(".</p>\n");
      }
      b.append("</div>\n");
    }
    b.append("</section>\n");
  }

  private static boolean tile(StringBuilder b, Section s, Metric m, String segment) {
    Map<String, Point> byPeriod = rollupRows(s, segment);
    List<String> periods = s.periods().stream().filter(byPeriod::containsKey).toList();
    if (periods.isEmpty()) {
      return false;
    }
    String last = periods.get(periods.size() - 1);
    Point p = byPeriod.get(last);
    Double v = p.values().get(m.column());
    b.append("<div class=\"tile\" data-table=\"").append(esc(s.spec().table()))
        .append("\" data-col=\"").append(esc(m.column())).append("\" data-value=\"")
        .append(v == null ? "" : num(v)).append("\"><div class=\"label\">")
        .append(esc(m.label())).append("</div><div class=\"value\">")
        .append(valueHtml(s, m, p)).append("</div><div class=\"change\">");
    Point prev = periods.size() > 1 ? byPeriod.get(periods.get(periods.size() - 2)) : null;
    Double pv = prev == null ? null : prev.values().get(m.column());
    b.append(esc(change(v, pv, m.unit())));
    if (prev != null) {
      b.append(" vs ").append(esc(prev.period()));
    }
    b.append("</div><div class=\"muted\">").append(esc(s.spec().table())).append(", ")
        .append(esc(last)).append("</div></div>");
    return true;
  }

  /** The change from {@code before} to {@code now}, as the unit reads it. */
  static String change(Double now, Double before, Unit unit) {
    if (before == null) {
      return "no previous value";
    }
    if (now == null) {
      return "no value now";
    }
    double d = now - before;
    String arrow = d > 0 ? "▲ " : d < 0 ? "▼ " : "= ";
    return arrow + switch (unit) {
      case PERCENT -> String.format(Locale.ROOT, "%+.1f pp", d * 100);
      case POINTS -> String.format(Locale.ROOT, "%+.1f points", d);
      case FLAG -> now.equals(before) ? "unchanged" : "changed";
      default -> before == 0 ? (d == 0 ? "+0.0 %" : "from 0")
          : String.format(Locale.ROOT, "%+.1f %%", d / Math.abs(before) * 100);
    };
  }

  /** The roll-up row (dimension ALL, or no dimension) of a segment, by period. */
  private static Map<String, Point> rollupRows(Section s, String segment) {
    Map<String, Point> out = new HashMap<>();
    for (Point p : s.points()) {
      if (p.segment().equals(segment) && (p.dim() == null || Cols.ALL.equals(p.dim()))) {
        out.put(p.period(), p);
      }
    }
    return out;
  }

  // ---- cohort heatmaps ----------------------------------------------------------------------

  private static void heatmaps(StringBuilder b, Report r) {
    Spec spec = Catalog.spec(com.customerkpis.kpi.CohortRetention.TABLE);
    b.append("<section class=\"card wide\" id=\"t-").append(esc(spec.table()))
        .append("\" data-table=\"").append(esc(spec.table())).append("\"><h2>")
        .append(esc(spec.title())).append("</h2>\n");
    if (r.heatmaps().isEmpty()) {
      b.append("<p class=\"absent-note\">Not computed: ").append(esc(spec.table()))
          .append(" is not present under this output.</p></section>\n");
      return;
    }
    Map<String, Heatmap> bySegment = new HashMap<>();
    r.heatmaps().forEach(h -> bySegment.put(h.segment(), h));
    for (String segment : r.segments()) {
      openSegment(b, segment);
      Heatmap h = bySegment.get(segment);
      if (h == null) {
        b.append("<p class=\"muted\">No cohort_retention rows for segment ")
            .append(esc(segment)).append(".</p>\n");
      } else {
        heatmap(b, h);
      }
      b.append("</div>\n");
    }
    b.append("</section>\n");
  }

  private static void heatmap(StringBuilder b, Heatmap h) {
    b.append("<p class=\"muted\">Share of each cohort's customers active in each later ")
        .append(esc(h.grain())).append(" (segment ").append(esc(h.segment()))
        .append("). Rows: cohort (").append(esc(h.grain())).append(" of signup); columns: ")
        .append(esc(h.grain())).append("s since the cohort; customers = cohort size, the n of "
            + "every rate in the row. Cohorts under ").append(Catalog.SMALL_N)
        .append(" customers are marked ⚠.");
    if (h.omittedCohorts() > 0) {
      b.append(" The ").append(h.omittedCohorts()).append(" oldest cohort(s) are not shown.");
    }
    b.append("</p>\n");
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
      long n = size.getOrDefault(cohort, 0L);
      b.append("<tr><th>").append(esc(cohort)).append("</th><td class=\"size")
          .append(n < Catalog.SMALL_N ? " small" : "").append("\">").append(n)
          .append(n < Catalog.SMALL_N ? " ⚠" : "").append("</td>");
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
    b.append(")\"></span><span>100% retention</span></div>\n");
  }

  // ---- KPI sections -------------------------------------------------------------------------

  private static void openCard(StringBuilder b, Spec spec, String cls) {
    b.append("<section class=\"card").append(cls).append("\" id=\"t-").append(esc(spec.table()))
        .append("\" data-table=\"").append(esc(spec.table())).append("\"><h2>")
        .append(esc(spec.title())).append("</h2><p class=\"muted\"><code>")
        .append(esc(spec.table())).append("</code> · ").append(esc(spec.about()))
        .append("</p>\n");
  }

  private static void notComputed(StringBuilder b, Spec spec, String why) {
    openCard(b, spec, " absent");
    b.append("<p class=\"absent-note\">Not computed: the table is not present under this output")
        .append(why == null ? "" : " (last run skipped it: " + esc(why) + ")")
        .append(".</p></section>\n");
  }

  private static void section(StringBuilder b, Report r, Section s) {
    Spec spec = s.spec();
    openCard(b, spec, "");
    for (String segment : r.segments()) {
      openSegment(b, segment);
      List<Point> rows = s.points().stream().filter(p -> p.segment().equals(segment)).toList();
      // The segment's rows only: the helpers below scan rows per period and per column.
      Section own = new Section(spec, s.grain(), s.periods(), s.dimValues(),
          s.omittedDimValues(), rows, s.missingColumns());
      if (rows.isEmpty()) {
        boolean allOnly = s.points().stream().allMatch(p -> Cols.ALL.equals(p.segment()));
        b.append("<p class=\"muted\">No rows for segment ").append(esc(segment))
            .append(allOnly && !s.points().isEmpty()
                ? ": this table has segment ALL only." : ".").append("</p>\n");
      } else {
        Chart chart = chart(own, segment);
        if (chart != null) {
          chart(b, chart);
        }
        periodTable(b, r, own, segment);
        if (spec.dim() != null && spec.rollup()) {
          dimTable(b, own, segment);
        }
        notes(b, r, own, segment);
      }
      b.append("</div>\n");
    }
    if (!s.missingColumns().isEmpty()) {
      b.append("<p class=\"note\">Not shown: column(s) ")
          .append(esc(String.join(", ", s.missingColumns()))).append(" missing in ")
          .append(esc(spec.table())).append(".</p>\n");
    }
    b.append("</section>\n");
  }

  /** The chart of a section for one segment, or null when the spec charts nothing. */
  static Chart chart(Section s, String segment) {
    Spec spec = s.spec();
    List<String> cols = spec.chart().stream()
        .filter(c -> !s.missingColumns().contains(c)).toList();
    if (cols.isEmpty()) {
      return null;
    }
    Metric first = spec.metric(cols.get(0));
    List<Series> series = new ArrayList<>();
    String yTitle;
    if (spec.dim() != null && spec.rollup()) {
      Map<String, Point> allRows = rollupRows(s, segment);
      for (String dim : s.dimValues()) {
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, Double> n = new LinkedHashMap<>();
        for (Point p : s.points()) {
          if (p.segment().equals(segment) && dim.equals(p.dim())) {
            values.put(p.period(), p.values().get(first.column()));
            Double size = sampleSize(first, p, allRows.get(p.period()));
            if (size != null) {
              n.put(p.period(), size);
            }
          }
        }
        if (!values.isEmpty()) {
          series.add(new Series(dim, values, n));
        }
      }
      yTitle = first.label() + " by " + spec.dim() + " (" + first.unit().axis() + ")";
    } else {
      Map<String, Point> rows = rollupRows(s, segment);
      List<String> labels = new ArrayList<>();
      for (String c : cols) {
        Metric m = spec.metric(c);
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, Double> n = new LinkedHashMap<>();
        rows.forEach((period, p) -> {
          values.put(period, p.values().get(c));
          Double size = sampleSize(m, p, p);
          if (size != null) {
            n.put(period, size);
          }
        });
        series.add(new Series(m.label(), values, n));
        labels.add(m.label());
      }
      yTitle = String.join(", ", labels) + " (" + first.unit().axis() + ")";
    }
    return new Chart(spec.table(), spec.title(), s.grain(), first.unit(), yTitle, s.periods(),
        series);
  }

  /** The sample size behind a metric's value in a row, or null when it has none. */
  private static Double sampleSize(Metric m, Point p, Point rollup) {
    if (m.nColumn() == null) {
      return null;
    }
    Point from = m.nFromRollup() ? rollup : p;
    return from == null ? null : from.values().get(m.nColumn());
  }

  private static List<Metric> shownMetrics(Section s) {
    return s.spec().metrics().stream()
        .filter(m -> !s.missingColumns().contains(m.column())).toList();
  }

  /** Latest periods of the roll-up rows (or every dimension value when there is no roll-up). */
  private static void periodTable(StringBuilder b, Report r, Section s, String segment) {
    Spec spec = s.spec();
    List<Metric> metrics = shownMetrics(s);
    boolean perDim = spec.dim() != null && !spec.rollup();
    List<String> periods = s.periods();
    int from = Math.max(0, periods.size() - TABLE_PERIODS);
    b.append("<div class=\"scroll\"><table class=\"data kpi\" data-view=\"periods\"><caption>")
        .append(perDim ? "By period and " + esc(spec.dim()) : "By period")
        .append(spec.dim() != null && spec.rollup() ? " (" + esc(spec.dim()) + " ALL)" : "")
        .append(from > 0 ? ", latest " + TABLE_PERIODS + " of " + periods.size() : "")
        .append("</caption><thead><tr><th>period</th>");
    if (perDim) {
      b.append("<th>").append(esc(spec.dim())).append("</th>");
    }
    for (Metric m : metrics) {
      b.append("<th class=\"n\">").append(esc(m.label())).append(unitSuffix(m.unit()))
          .append("</th>");
    }
    b.append("</tr></thead><tbody>\n");
    for (int i = periods.size() - 1; i >= from; i--) {
      String period = periods.get(i);
      List<Point> rows = s.points().stream().filter(p -> p.segment().equals(segment)
          && p.period().equals(period)
          && (perDim || p.dim() == null || Cols.ALL.equals(p.dim()))).toList();
      if (perDim) {
        rows = rows.stream().sorted((x, y) -> Integer.compare(s.dimValues().indexOf(x.dim()),
            s.dimValues().indexOf(y.dim()))).toList();
      }
      for (Point p : rows) {
        b.append("<tr data-period=\"").append(esc(period)).append("\"><td>").append(esc(period))
            .append("</td>");
        if (perDim) {
          b.append("<td>").append(esc(p.dim())).append("</td>");
        }
        for (Metric m : metrics) {
          cell(b, r, s, m, p, p);
        }
        b.append("</tr>\n");
      }
    }
    b.append("</tbody></table></div>\n");
  }

  /** The latest period by dimension value. */
  private static void dimTable(StringBuilder b, Section s, String segment) {
    List<String> withRows = s.periods().stream().filter(per -> s.points().stream()
        .anyMatch(p -> p.segment().equals(segment) && p.period().equals(per))).toList();
    if (withRows.isEmpty()) {
      return;
    }
    String period = withRows.get(withRows.size() - 1);
    List<Metric> metrics = shownMetrics(s);
    Point rollup = rollupRows(s, segment).get(period);
    b.append("<div class=\"scroll\"><table class=\"data kpi\" data-view=\"dims\"><caption>")
        .append(esc(period)).append(" by ").append(esc(s.spec().dim()))
        .append("</caption><thead><tr><th>").append(esc(s.spec().dim())).append("</th>");
    for (Metric m : metrics) {
      b.append("<th class=\"n\">").append(esc(m.label())).append(unitSuffix(m.unit()))
          .append("</th>");
    }
    b.append("</tr></thead><tbody>\n");
    for (String dim : s.dimValues()) {
      for (Point p : s.points()) {
        if (p.segment().equals(segment) && p.period().equals(period) && dim.equals(p.dim())) {
          b.append("<tr data-dim=\"").append(esc(dim)).append("\"><td>").append(esc(dim))
              .append("</td>");
          for (Metric m : metrics) {
            cell(b, null, s, m, p, rollup);
          }
          b.append("</tr>\n");
        }
      }
    }
    b.append("</tbody></table></div>\n");
  }

  private static String unitSuffix(Unit u) {
    return switch (u) {
      case PERCENT -> " (%)";
      case MONEY -> " (money)";
      case HOURS -> " (h)";
      case SECONDS -> " (s)";
      case POINTS -> " (points)";
      default -> "";
    };
  }

  private static void cell(StringBuilder b, Report r, Section s, Metric m, Point p,
      Point rollup) {
    Double v = p.values().get(m.column());
    Double n = sampleSize(m, p, rollup);
    b.append("<td class=\"n").append(v == null ? " null" : "").append("\" data-col=\"")
        .append(esc(m.column())).append("\" data-value=\"").append(v == null ? "" : num(v))
        .append('"');
    if (n != null) {
      b.append(" data-n=\"").append(Math.round(n)).append('"');
    }
    if (v == null) {
      b.append(" title=\"").append(esc(Objects.toString(m.nullWhy(), "NULL"))).append('"');
    }
    b.append('>').append(valueHtml(s, m, p, rollup)).append("</td>");
  }

  private static String valueHtml(Section s, Metric m, Point p) {
    return valueHtml(s, m, p, rollupRows(s, p.segment()).get(p.period()));
  }

  /** A value with its unit and, for rates and means, its sample size: "100.0% (n=3)". */
  private static String valueHtml(Section s, Metric m, Point p, Point rollup) {
    Double v = p.values().get(m.column());
    Double n = sampleSize(m, p, rollup);
    StringBuilder o = new StringBuilder(v == null ? "—" : esc(format(v, m.unit())));
    if (n != null) {
      long k = Math.round(n);
      boolean small = k < Catalog.SMALL_N;
      o.append(" <span class=\"ss").append(small ? " small" : "").append('"')
          .append(small ? " title=\"small sample: fewer than " + Catalog.SMALL_N + "\"" : "")
          .append(">(n=").append(k).append(small ? " ⚠" : "").append(")</span>");
    }
    return o.toString();
  }

  /** Why values of this segment are NULL: one line per column with NULLs. */
  private static void notes(StringBuilder b, Report r, Section s, String segment) {
    Spec spec = s.spec();
    boolean perDim = spec.dim() != null && !spec.rollup();
    List<String> lines = new ArrayList<>();
    for (Metric m : shownMetrics(s)) {
      List<String> nullPeriods = new ArrayList<>();
      int rows = 0;
      for (String period : s.periods()) {
        for (Point p : s.points()) {
          if (p.segment().equals(segment) && p.period().equals(period)
              && (perDim || p.dim() == null || Cols.ALL.equals(p.dim()))) {
            rows++;
            if (p.values().containsKey(m.column()) && p.values().get(m.column()) == null
                && !nullPeriods.contains(period)) {
              nullPeriods.add(period);
            }
          }
        }
      }
      if (nullPeriods.isEmpty()) {
        continue;
      }
      StringBuilder line = new StringBuilder("<li data-col=\"").append(esc(m.column()))
          .append("\"><b>").append(esc(m.label())).append("</b> is NULL in ")
          .append(nullPeriods.size()).append(" of ").append(s.periods().size())
          .append(" period(s) (").append(esc(abbreviate(nullPeriods))).append("): ")
          .append(esc(Objects.toString(m.nullWhy(), "no value in the table")));
      if (Catalog.CLV_WHY.equals(m.nullWhy()) && !r.clvNotIdentified().isEmpty()) {
        line.append(". BG/NBD did not converge in ")
            .append(esc(abbreviate(r.clvNotIdentified())));
      }
      lines.add(line.append(".</li>").toString());
    }
    if (s.omittedDimValues() > 0) {
      lines.add("<li>" + s.omittedDimValues() + " smaller " + esc(spec.dim())
          + " value(s) not drawn or listed (they are in the table).</li>");
    }
    if (!lines.isEmpty()) {
      b.append("<ul class=\"notes\">").append(String.join("", lines)).append("</ul>\n");
    }
  }

  private static String abbreviate(List<String> periods) {
    return periods.size() <= 6 ? String.join(", ", periods)
        : String.join(", ", periods.subList(0, 5)) + ", … " + periods.get(periods.size() - 1);
  }

  // ---- line charts --------------------------------------------------------------------------

  private static void chart(StringBuilder b, Chart c) {
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
    b.append("\n<text class=\"axis-title x\" x=\"").append(LEFT + (int) plotW / 2)
        .append("\" y=\"").append(H - 8).append("\">period (").append(esc(c.grain()))
        .append(")</text><text class=\"axis-title y\" transform=\"translate(14,")
        .append(TOP + (int) plotH / 2).append(") rotate(-90)\">").append(esc(c.yTitle()))
        .append("</text>\n");
    int k = 0;
    for (Series s : c.series()) {
      String colour = colour(s.name(), k++);
      String width = Cols.ALL.equals(s.name()) ? "3" : "2";
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
        Double size = s.n().get(p);
        String label = s.name() + " · " + p + ": " + format(v, c.unit())
            + (size == null ? "" : " (n=" + Math.round(size) + ")");
        b.append("<circle cx=\"").append(num1(x.applyAsDouble(i))).append("\" cy=\"")
            .append(num1(y.applyAsDouble(v))).append("\" r=\"3.5\" fill=\"").append(colour)
            .append("\" data-period=\"").append(esc(p)).append("\" data-value=\"").append(num(v))
            .append("\"><title>").append(esc(label)).append("</title></circle>");
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

  private static String colour(String series, int index) {
    // ALL is the roll-up line every chart shares: always black, so it reads the same everywhere.
    return Cols.ALL.equals(series) ? "#111111" : PALETTE[index % PALETTE.length];
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
      case FLAG -> v >= 0.5 ? "yes" : "no";
      default -> compact(v);
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

  /** A value as the report prints it. */
  static String format(double v, Unit unit) {
    return switch (unit) {
      case PERCENT -> pct(v, 1);
      case MONEY -> String.format(Locale.ROOT, "%,.2f", v);
      case COUNT -> String.format(Locale.ROOT, "%,.0f", v);
      case POINTS -> String.format(Locale.ROOT, "%+.1f", v);
      case HOURS -> String.format(Locale.ROOT, "%,.1f h", v);
      case SECONDS -> String.format(Locale.ROOT, "%,.0f s", v);
      case FLAG -> v != 0 ? "yes" : "no";
      case NUMBER -> v == Math.rint(v) && Math.abs(v) < 1e15
          ? String.format(Locale.ROOT, "%,.0f", v)
          : Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.1f", v)
          : String.format(Locale.ROOT, "%.3f", v);
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
        b.append("<td colspan=\"3\">not computed</td>");
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
      .data .n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
      .data td:first-child{white-space:nowrap}
      .run{font-size:14px;margin:4px 0}
      tr.absent td{color:#999}td.warn{color:#b35c00;font-weight:600}
      .badge{padding:1px 8px;border-radius:10px;font-size:12px;color:#fff}
      .badge.ok{background:#2e7d32}.badge.bad{background:#c62828}
      .error{color:#c62828;white-space:pre-wrap}code{font-size:12px}
      header{display:flex;justify-content:space-between;align-items:center;position:sticky;top:0;
        z-index:2}
      .selector{font-size:14px;font-weight:600}.selector select{font-size:14px;padding:2px 6px}
      nav.toc{font-size:12px;line-height:1.8}nav.toc a{color:#0b5cad}nav.toc a.absent{color:#999}
      .tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:10px}
      .tile{border:1px solid #e2e2e2;border-radius:6px;padding:8px 10px}
      .tile .label{font-size:12px;color:#444}.tile .value{font-size:20px;font-weight:600}
      .tile .change{font-size:12px;color:#333}
      .ss{color:#666;font-size:11px;font-weight:400}.ss.small,td.size.small{color:#b35c00}
      td.null{color:#999}caption{text-align:left;font-size:12px;color:#555;padding:4px 0}
      table.kpi{font-size:12px}.notes{font-size:12px;color:#555;padding-left:18px}
      .axis-title{font-size:11px;fill:#333;text-anchor:middle}
      .card.absent{background:#fafafa}.absent-note{color:#888;font-style:italic}
      """;
}
