package com.customerkpis.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks of the DOM that headless Chromium dumps after running the page's script, for
 * scripts/report-test: {@code options DOM} prints the selector's options, one a line;
 * {@code selector DEFAULT_DOM SWITCHED_DOM SEGMENT} checks that the page loaded with
 * {@code #segment=SEGMENT} shows that segment's blocks only, and different headline values than
 * the default (ALL) page. Exit 0 when the check holds, 1 otherwise (the reason on stderr).
 */
public final class ReportDomCheck {
  private static final Pattern BLOCK =
      Pattern.compile("<div class=\"seg\" data-segment=\"([^\"]*)\"( hidden=\"\")?>");
  private static final Pattern TILE = Pattern.compile(
      "<div class=\"tile\" data-table=\"([^\"]*)\" data-col=\"([^\"]*)\" data-value=\"([^\"]*)\"");

  private ReportDomCheck() {}

  /** Entry point of scripts/report-test. */
  public static void main(String[] args) throws IOException {
    String problem;
    if (args.length == 2 && args[0].equals("options")) {
      options(read(args[1])).forEach(System.out::println);
      problem = null;
    } else if (args.length == 4 && args[0].equals("selector")) {
      problem = selector(read(args[1]), read(args[2]), args[3]);
      if (problem == null) {
        System.out.println("selector switched the page to segment " + args[3]);
      }
    } else {
      problem = "usage: ReportDomCheck options DOM | selector DEFAULT_DOM SWITCHED_DOM SEGMENT";
    }
    if (problem != null) {
      System.err.println(problem);
      System.exit(1);
    }
  }

  private static String read(String file) throws IOException {
    return Files.readString(Path.of(file), StandardCharsets.UTF_8);
  }

  /** The selector's option values. */
  static List<String> options(String dom) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<option value=\"([^\"]*)\"").matcher(dom);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** The segments of the visible blocks, and the visible tiles as table.col=value. */
  static List<String> visible(String dom, Set<String> segments) {
    List<String> tiles = new ArrayList<>();
    Matcher b = BLOCK.matcher(dom);
    List<int[]> spans = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<Boolean> shown = new ArrayList<>();
    while (b.find()) {
      spans.add(new int[] {b.start(), b.end()});
      names.add(b.group(1));
      shown.add(b.group(2) == null);
    }
    for (int i = 0; i < spans.size(); i++) {
      if (!shown.get(i)) {
        continue;
      }
      segments.add(names.get(i));
      int end = i + 1 < spans.size() ? spans.get(i + 1)[0] : dom.length();
      Matcher t = TILE.matcher(dom.substring(spans.get(i)[1], end));
      while (t.find()) {
        tiles.add(t.group(1) + "." + t.group(2) + "=" + t.group(3));
      }
    }
    return tiles;
  }

  /** Null when the switched page shows {@code segment} only and other values; else why not. */
  static String selector(String defaultDom, String switchedDom, String segment) {
    Set<String> before = new LinkedHashSet<>();
    List<String> tilesBefore = visible(defaultDom, before);
    Set<String> after = new LinkedHashSet<>();
    List<String> tilesAfter = visible(switchedDom, after);
    if (!before.equals(Set.of("ALL"))) {
      return "default page shows segments " + before + ", expected [ALL]";
    }
    if (!after.equals(Set.of(segment))) {
      return "page switched to " + segment + " shows segments " + after;
    }
    if (!switchedDom.contains("data-shown-segment=\"" + segment + "\"")) {
      return "the script did not record segment " + segment + " as shown";
    }
    if (tilesAfter.isEmpty() || tilesAfter.equals(tilesBefore)) {
      return "headline values did not change: " + tilesBefore + " vs " + tilesAfter;
    }
    return null;
  }
}
