package com.customerkpis.prep;

import static com.customerkpis.testing.Rows.ts;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.customerkpis.config.KpiParams;
import com.customerkpis.schema.Cols;
import com.customerkpis.input.InputTable;
import com.customerkpis.testing.Fixtures;
import com.customerkpis.time.Grain;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Prepared.sessions() and VisitorKeys against SPEC §3 (sessions, visitor keys). */
public class SessionsTest {
  // Sao Paulo is UTC-3 all year: 02:50Z on Mar 1 is 23:50 on Feb 28 locally.
  static final ZoneId SP = ZoneId.of("America/Sao_Paulo");

  /** An event row; channel, page and device null (→ direct, unknown, unknown). */
  static Fixtures ev(Fixtures f, String id, String iso, String customer, String anon,
      String session, String type) {
    return f.add(InputTable.EVENTS, id, ts(iso), customer, anon, session, type, null, null,
        null);
  }

  static Fixtures fixture() {
    Fixtures f = new Fixtures()
        .add(InputTable.CUSTOMERS, "c1", ts("2026-01-01T00:00:00Z"), null, "smb")
        .add(InputTable.CUSTOMERS, "c8", ts("2026-01-01T00:00:00Z"), null, "ent");
    // session_id s1: 4 hours and another visitor inside, never split
    ev(f, "A1", "2026-03-10T12:00:00Z", "c1", null, "s1", "page_view");
    ev(f, "A2", "2026-03-10T16:00:00Z", "c1", null, "s1", "page_view");
    ev(f, "A3", "2026-03-10T16:05:00Z", null, "z9", "s1", "page_view");
    // c1 without session_id, 40 min apart: s1's 12:00 event does not bridge the gap
    ev(f, "A4", "2026-03-10T11:40:00Z", "c1", null, null, "page_view");
    ev(f, "A5", "2026-03-10T12:20:00Z", "c1", null, null, "page_view");
    // exactly 30 min stays, 30 min + 1 µs splits
    ev(f, "B1", "2026-03-11T10:00:00Z", "c2", null, null, "page_view");
    ev(f, "B2", "2026-03-11T10:30:00Z", "c2", null, null, "page_view");
    ev(f, "B3", "2026-03-11T11:00:00.000001Z", "c2", null, null, "page_view");
    // conversion 29 min after: same session; 31 min after: a session of its own
    ev(f, "C1", "2026-03-12T10:00:00Z", "c3", null, null, "page_view");
    ev(f, "C2", "2026-03-12T10:29:00Z", "c3", null, null, " Purchase ");
    ev(f, "D1", "2026-03-12T10:00:00Z", "c4", null, null, "page_view");
    ev(f, "D2", "2026-03-12T10:31:00Z", "c4", null, null, "purchase");
    // a1 linked to c5 at 10:10: its events before and after group with c5's
    ev(f, "E1", "2026-03-13T10:00:00Z", null, "a1", null, "page_view");
    ev(f, "E2", "2026-03-13T10:10:00Z", "c5", "a1", null, "login");
    ev(f, "E3", "2026-03-13T10:20:00Z", null, "a1", null, "page_view");
    // a3 and a4 both linked to c6: one grouping key
    ev(f, "E4", "2026-03-13T10:00:00Z", null, "a3", null, "page_view");
    ev(f, "E5", "2026-03-13T10:20:00Z", null, "a4", null, "page_view");
    ev(f, "E6", "2026-03-13T12:00:00Z", "c6", "a3", null, "login");
    ev(f, "E7", "2026-03-13T12:00:00Z", "c6", "a4", null, "login");
    // never linked, different anonymous ids: not grouped
    ev(f, "E8", "2026-03-13T10:00:00Z", null, "a2", null, "page_view");
    ev(f, "E9", "2026-03-13T10:05:00Z", null, "a2b", null, "page_view");
    // a tie on time: "e10" < "e9" as strings; 1.500001 s
    f.add(InputTable.EVENTS, "e9", ts("2026-03-14T10:00:00Z"), "c1", null, "s2", "page_view",
        "email", "/y", "desktop");
    f.add(InputTable.EVENTS, "e10", ts("2026-03-14T10:00:00Z"), "c1", null, "s2", "page_view",
        "social", "/x", "tablet");
    f.add(InputTable.EVENTS, "e11", ts("2026-03-14T10:00:01.500001Z"), "c1", null, "s2",
        "login", "email", "/z", "desktop");
    // Feb 28 23:50 → Mar 1 00:10 local: February's; Mar 31 23:50 → Apr 1 00:10: March's;
    // Jan 31 23:50 → Feb 1 00:00 local: January's, outside the run
    ev(f, "G0", "2026-02-01T02:50:00Z", "c8", null, null, "page_view");
    ev(f, "G0b", "2026-02-01T03:00:00Z", "c8", null, null, "page_view");
    ev(f, "G1", "2026-03-01T02:50:00Z", "c8", null, null, "page_view");
    ev(f, "G2", "2026-03-01T03:10:00Z", "c8", null, null, "page_view");
    ev(f, "G3", "2026-04-01T02:50:00Z", "c8", null, null, "page_view");
    ev(f, "G4", "2026-04-01T03:10:00Z", "c8", null, null, "page_view");
    // a8 linked to c8 on Mar 5: anonymous for February, c8 for March
    ev(f, "H1", "2026-02-20T12:00:00Z", null, "a8", null, "page_view");
    ev(f, "H2", "2026-03-02T12:00:00Z", null, "a8", null, "page_view");
    ev(f, "H3", "2026-03-05T12:00:00Z", "c8", "a8", null, "login");
    return f;
  }

  static Prepared prepare(String from, String to) {
    return fixture().prepare(KpiParams.defaults(SP, Grain.MONTH), from, to);
  }

  /** period|visitor|segment|first (UTC)|events|page views|converted|duration_s|bounce. */
  static List<String> render(Dataset<Row> sessions) {
    return Fixtures.render(sessions, "period", "visitor_key", "segment",
        "date_format(first_ts, 'MM-dd HH:mm:ss.SSSSSS')", "event_count", "page_view_count",
        "converted", "duration_s", "bounce");
  }

  @Test
  void sessionsOfTheRunPeriods() {
    List<String> expected = List.of(
        "2026-02|a8|anonymous|02-20 12:00:00.000000|1|1|false|0.0000|true",
        "2026-02|c8|ent|03-01 02:50:00.000000|2|2|false|1200.0000|false",
        "2026-03|a2b|anonymous|03-13 10:05:00.000000|1|1|false|0.0000|true",
        "2026-03|a2|anonymous|03-13 10:00:00.000000|1|1|false|0.0000|true",
        "2026-03|c1|smb|03-10 11:40:00.000000|1|1|false|0.0000|true",
        "2026-03|c1|smb|03-10 12:00:00.000000|3|3|false|14700.0000|false",
        "2026-03|c1|smb|03-10 12:20:00.000000|1|1|false|0.0000|true",
        "2026-03|c1|smb|03-14 10:00:00.000000|3|2|false|1.5000|false",
        "2026-03|c2|anonymous|03-11 10:00:00.000000|2|2|false|1800.0000|false",
        "2026-03|c2|anonymous|03-11 11:00:00.000001|1|1|false|0.0000|true",
        "2026-03|c3|anonymous|03-12 10:00:00.000000|2|1|true|1740.0000|false",
        "2026-03|c4|anonymous|03-12 10:00:00.000000|1|1|false|0.0000|true",
        "2026-03|c4|anonymous|03-12 10:31:00.000000|1|0|true|0.0000|true",
        "2026-03|c5|anonymous|03-13 10:00:00.000000|3|2|false|1200.0000|false",
        "2026-03|c6|anonymous|03-13 10:00:00.000000|2|2|false|1200.0000|false",
        // two events at the same instant: duration 0 but not a bounce
        "2026-03|c6|anonymous|03-13 12:00:00.000000|2|0|false|0.0000|false",
        "2026-03|c8|ent|03-02 12:00:00.000000|1|1|false|0.0000|true",
        "2026-03|c8|ent|03-05 12:00:00.000000|1|0|false|0.0000|true",
        // includes its event after March's end
        "2026-03|c8|ent|04-01 02:50:00.000000|2|2|false|1200.0000|false");
    assertEquals(expected, render(prepare("2026-02-01", "2026-03-31").sessions()));
  }

  @Test
  void aSessionBelongsToTheLocalPeriodOfItsFirstEventOnly() {
    Dataset<Row> march = prepare("2026-03-01", "2026-03-31").sessions()
        .filter(col("visitor_key").equalTo("c8"));
    // G1/G2 (first event Feb 28 local) are February's although G2 falls in March.
    assertEquals(List.of(
            "2026-03|c8|ent|03-02 12:00:00.000000|1|1|false|0.0000|true",
            "2026-03|c8|ent|03-05 12:00:00.000000|1|0|false|0.0000|true",
            "2026-03|c8|ent|04-01 02:50:00.000000|2|2|false|1200.0000|false"),
        render(march));
  }

  @Test
  void firstEventAttributesWithTiesAndMicrosecondDuration() {
    Dataset<Row> s = prepare("2026-03-01", "2026-03-31").sessions()
        .filter(col("first_ts").equalTo(lit(ts("2026-03-14T10:00:00Z"))));
    assertEquals(List.of("social|/x|tablet|1500001"), Fixtures.render(s, "channel",
        "landing_page", "device", "cast(round(duration_s * 1000000) as bigint)"));
    assertEquals(List.of("double"), Fixtures.render(s, "typeof(duration_s)"));
    // Null and blank channel, page and device of a first event: direct, unknown, unknown.
    Dataset<Row> b = prepare("2026-03-01", "2026-03-31").sessions()
        .filter(col("visitor_key").equalTo("c2"));
    assertEquals(List.of("direct|unknown|unknown", "direct|unknown|unknown"),
        Fixtures.render(b, "channel", "landing_page", "device"));
  }

  @Test
  void groupingKeysOfKeyedEvents() {
    Dataset<Row> k = prepare("2026-03-01", "2026-03-31").keyedEvents()
        .filter(col(Cols.EVENT_ID).isin("A1", "A3", "E1", "E3", "E4", "E5", "E8", "H1"));
    assertEquals(List.of("A1|c1", "A3|z9", "E1|c5", "E3|c5", "E4|c6", "E5|c6", "E8|a2",
        "H1|c8"), Fixtures.render(k, Cols.EVENT_ID, VisitorKeys.GROUPING_KEY));
  }

  @Test
  void keyedEventsAreTheSameWhetherTheLinksAreBroadcastOrNot() {
    Prepared p = prepare("2026-02-01", "2026-03-31");
    Dataset<Row> events = p.input(InputTable.EVENTS);
    Dataset<Row> broadcast = VisitorKeys.keyed(events, p.links(), p.scope(), true);
    Dataset<Row> split = VisitorKeys.keyed(events, p.links(), p.scope(), false);
    assertEquals(List.of(split.columns()), List.of(broadcast.columns()));
    List<String> all = List.of(broadcast.columns());
    assertEquals(Fixtures.render(split, all.toArray(new String[0])),
        Fixtures.render(broadcast, all.toArray(new String[0])));
    // Known events never take a link, even when their anonymous_id has one (E2, H3).
    assertEquals(List.of("E2|null|null", "H3|null|null"), Fixtures.render(
        broadcast.filter(col(Cols.EVENT_ID).isin("E2", "H3")), Cols.EVENT_ID,
        "cast(" + Cols.LINK_TS + " as string)", Cols.LINKED_CUSTOMER));
    assertEquals(List.of("E1|c5", "H1|c8"), Fixtures.render(
        broadcast.filter(col(Cols.EVENT_ID).isin("E1", "H1")), Cols.EVENT_ID,
        Cols.LINKED_CUSTOMER));
  }

  @Test
  void visitorKeyUsesTheLinkOnlyWhenItIsBeforeThePeriodEnd() {
    Dataset<Row> h1 = prepare("2026-03-01", "2026-03-31").keyedEvents()
        .filter(col(Cols.EVENT_ID).isin("H1", "H3", "E8"));
    // The link of a8 is at 2026-03-05T12:00:00Z: a period ending exactly then is before it.
    assertEquals(List.of("E8|a2", "H1|a8", "H3|c8"), Fixtures.render(
        h1.select(col(Cols.EVENT_ID),
            VisitorKeys.visitorKey(lit(ts("2026-03-05T12:00:00Z"))).as("k")), "event_id", "k"));
    assertEquals(List.of("E8|a2", "H1|c8", "H3|c8"), Fixtures.render(
        h1.select(col(Cols.EVENT_ID),
            VisitorKeys.visitorKey(lit(ts("2026-03-05T12:00:00.000001Z"))).as("k")),
        "event_id", "k"));
  }
}
