package com.customerkpis.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pieces of a rendered HTML report (a table's card, a segment's block) and substring counts. */
public final class HtmlSnippets {
  private HtmlSnippets() {}

  /** How often {@code needle} occurs in {@code html}. */
  public static int count(String html, String needle) {
    int n = 0;
    for (int i = html.indexOf(needle); i >= 0; i = html.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  /** The card of one table: from its opening tag to the next card. */
  public static String card(String html, String table) {
    int start = html.indexOf("id=\"t-" + table + "\"");
    assertTrue(start >= 0, "no card for " + table);
    int end = html.indexOf("<section ", start);
    return html.substring(start, end < 0 ? html.length() : end);
  }

  /** The block of one segment inside a piece of the page. */
  public static String block(String html, String segment) {
    int start = html.indexOf("<div class=\"seg\" data-segment=\"" + segment + "\"");
    assertTrue(start >= 0, "no block for segment " + segment);
    int end = html.indexOf("<div class=\"seg\" data-segment=", start + 1);
    return html.substring(start, end < 0 ? html.length() : end);
  }
}
