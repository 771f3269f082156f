package com.customerkpis.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A plain single-node DuckDB implementation of cohort_retention, conversion_by_channel and
 * active_users over the job's Parquet inputs, the baseline the Spark job is benchmarked against.
 *
 * <p>{@code --input DIR --from YYYY-MM-DD --to YYYY-MM-DD --out DIR [--threads 2] [--memory 4GB]
 * [--verbose]} writes {@code <out>/<table>.parquet} and prints {@code duckdb <table> <s> s <rows>
 * rows} per KPI (its query and write) and {@code duckdb total <s> s} (first read to last write:
 * reading, cleaning and identity stitching of the inputs included); {@code --verbose} also prints
 * the time of every SQL statement to stderr. It applies the job's input cleaning to the columns
 * these KPIs read and the job's default parameters (month grain, UTC, 30-minute sessions,
 * conversion event {@code purchase}, cohorts by signup up to 24 periods old). The output
 * has the common columns without the run-specific {@code run_id}.
 */
public final class DuckDbBaseline {
  /** The KPI tables, in the order they are computed. */
  public static final List<String> TABLES =
      List.of("cohort_retention", "conversion_by_channel", "active_users");

  // The job's defaults (conf/kpi.properties): grain month, timezone UTC (so a local date is the
  // UTC date), cohort-by signup, max-cohort-age 24, session-timeout 30m, conversion-events
  // purchase.
  static final int MAX_COHORT_AGE = 24;
  static final long SESSION_TIMEOUT_MICROS = 30L * 60 * 1_000_000;
  static final String CONVERSION_EVENTS = "'purchase'";
  /** A weekly window is the day and the 6 days before it. */
  static final int WEEK_LOOKBACK_DAYS = 6;

  /** The time and row count of one KPI. */
  public record Timing(String table, double seconds, long rows) {}

  /** Per-KPI timings and the total from the first read to the last write. */
  public record Result(List<Timing> kpis, double totalSeconds) {
    /** The lines {@code main} prints. */
    public List<String> lines() {
      List<String> out = new ArrayList<>();
      for (Timing t : kpis) {
        out.add(String.format(Locale.ROOT, "duckdb %s %.3f s %d rows", t.table(), t.seconds(),
            t.rows()));
      }
      out.add(String.format(Locale.ROOT, "duckdb total %.3f s", totalSeconds));
      return out;
    }
  }

  private DuckDbBaseline() {}

  /** Runs the baseline; exit code 2 on a usage error. */
  public static void main(String[] args) throws Exception {
    Path input = null;
    Path out = null;
    LocalDate from = null;
    LocalDate to = null;
    int threads = 2;
    String memory = "4GB";
    boolean verbose = false;
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--verbose")) {
          verbose = true;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value of " + a);
        }
        String v = args[++i];
        switch (a) {
          case "--input" -> input = Path.of(v);
          case "--out" -> out = Path.of(v);
          case "--from" -> from = LocalDate.parse(v);
          case "--to" -> to = LocalDate.parse(v);
          case "--threads" -> threads = Integer.parseInt(v);
          case "--memory" -> memory = v;
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (input == null || out == null || from == null || to == null) {
        throw new IllegalArgumentException("--input, --from, --to and --out are required");
      }
      if (to.isBefore(from) || threads < 1 || !memory.matches("[0-9.]+\\s*[A-Za-z]*")) {
        throw new IllegalArgumentException(
            "need --from <= --to, --threads >= 1, --memory like 4GB");
      }
    } catch (RuntimeException e) {
      System.err.println("usage: DuckDbBaseline --input DIR --from YYYY-MM-DD --to YYYY-MM-DD"
          + " --out DIR [--threads 2] [--memory 4GB] [--verbose]: " + e.getMessage());
      System.exit(2);
      return;
    }
    run(input, from, to, out, threads, memory, verbose).lines().forEach(System.out::println);
  }

  /** Computes the three KPIs of the month periods overlapping [from, to] into {@code out}. */
  public static Result run(Path input, LocalDate from, LocalDate to, Path out, int threads,
      String memory) throws SQLException, IOException {
    return run(input, from, to, out, threads, memory, false);
  }

  /**
   * As {@link #run(Path, LocalDate, LocalDate, Path, int, String)}; {@code verbose} prints the
   * time of every statement to stderr.
   */
  public static Result run(Path input, LocalDate from, LocalDate to, Path out, int threads,
      String memory, boolean verbose) throws SQLException, IOException {
    Files.createDirectories(out);
    // Spill files of this run only, removed afterwards (an in-memory database would use ./.tmp).
    Path spill = Files.createTempDirectory("duckdb-baseline");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement jdbc = c.createStatement()) {
      Db st = new Db(jdbc, verbose);
      exec(st, "SET threads = " + threads);
      exec(st, "SET memory_limit = " + quote(memory));
      exec(st, "SET temp_directory = " + quote(spill.toString()));
      // Parquet TIMESTAMP (UTC-adjusted) reads as TIMESTAMPTZ; cast to TIMESTAMP in UTC, like
      // TIMESTAMP_NTZ, so every timestamp below is a UTC instant.
      exec(st, "SET TimeZone = 'UTC'");
      macros(st);
      periods(st, from, to);

      long t0 = System.nanoTime();
      loadInputs(st, input);
      List<Timing> timings = new ArrayList<>();
      for (String table : TABLES) {
        long k0 = System.nanoTime();
        exec(st, "CREATE TEMP TABLE " + table + " AS " + switch (table) {
          case "cohort_retention" -> COHORT_RETENTION;
          case "conversion_by_channel" -> CONVERSION_BY_CHANNEL;
          default -> ACTIVE_USERS;
        });
        String order = switch (table) {
          case "cohort_retention" -> "period, segment, cohort";
          case "conversion_by_channel" -> "period, segment, channel";
          default -> "period, segment";
        };
        long rows = count(st, "SELECT count(*) FROM " + table);
        exec(st, "COPY (SELECT * FROM " + table + " ORDER BY " + order + ") TO "
            + quote(out.resolve(table + ".parquet").toString()) + " (FORMAT PARQUET)");
        timings.add(new Timing(table, (System.nanoTime() - k0) / 1e9, rows));
      }
      return new Result(timings, (System.nanoTime() - t0) / 1e9);
    } finally {
      deleteRecursively(spill);
    }
  }

  /** The input rules of the job, as SQL macros over one value. */
  private static void macros(Db st) throws SQLException {
    // "Blank" is null or spaces only; the job trims spaces (U+0020) only, not other whitespace.
    exec(st, "CREATE MACRO blank(s) AS s IS NULL OR trim(s, ' ') = ''");
    exec(st, "CREATE MACRO out_of_range(ts) AS "
        + "ts < TIMESTAMP '1990-01-01 00:00:00' OR ts >= TIMESTAMP '2100-01-01 00:00:00'");
    exec(st, "CREATE MACRO categorical(s) AS lower(trim(s, ' '))");
    exec(st, "CREATE MACRO id(s) AS CASE WHEN blank(s) THEN NULL ELSE s END");
    // 'ALL' names the roll-up rows, so an input 'ALL', 'ALL~', … gets one more '~'.
    exec(st, "CREATE MACRO escaped(s) AS "
        + "CASE WHEN regexp_full_match(s, 'ALL~*') THEN s || '~' ELSE s END");
    exec(st, "CREATE MACRO dimension(s, dflt) AS CASE WHEN blank(s) THEN dflt ELSE escaped(s) END");
    // A segment is a partition directory name: one longer than 60 characters is shortened stably.
    exec(st, "CREATE MACRO segment_value(s) AS CASE WHEN blank(s) THEN 'unknown' "
        + "WHEN length(escaped(s)) > 60 THEN substring(escaped(s), 1, 43) || '~' "
        + "|| substring(sha256(escaped(s)), 1, 16) ELSE escaped(s) END");
  }

  /** The run periods: every month overlapping [from, to], with their bounds. */
  private static void periods(Db st, LocalDate from, LocalDate to) throws SQLException {
    List<String> rows = new ArrayList<>();
    for (LocalDate m = from.withDayOfMonth(1); !m.isAfter(to); m = m.plusMonths(1)) {
      rows.add("(DATE '" + m + "')");
    }
    exec(st, "CREATE TEMP TABLE periods AS SELECT strftime(d, '%Y-%m') AS period, "
        + "'month' AS grain, d AS period_start, "
        + "CAST(d + INTERVAL 1 MONTH AS DATE) - 1 AS period_end, "
        + "CAST(d + INTERVAL 1 MONTH AS DATE) AS p_end_excl, CAST(d AS TIMESTAMP) AS p_start_ts, "
        + "CAST(d + INTERVAL 1 MONTH AS TIMESTAMP) AS p_end_ts FROM (VALUES "
        + String.join(", ", rows) + ") v(d)");
  }

  /**
   * Clean customers, events and (optional) orders as the job keeps them: rows with a quarantine
   * reason dropped, then one row per key (the first sorted by the contract columns, nulls first),
   * then normalised. Then the events with their identity links.
   */
  private static void loadInputs(Db st, Path input) throws SQLException {
    exec(st, "CREATE TEMP TABLE customers AS "
        + "WITH raw AS (SELECT " + columns(st, input, "customers",
            "customer_id VARCHAR", "signup_ts TIMESTAMP", "acquisition_channel VARCHAR?",
            "segment VARCHAR?") + "), "
        + "good AS (SELECT * FROM raw WHERE NOT coalesce(blank(customer_id) OR invalid "
        + "  OR signup_ts IS NULL OR out_of_range(signup_ts), false)), "
        + firstPerKey("customer_id", "signup_ts", "acquisition_channel", "segment")
        + "SELECT customer_id, signup_ts, dimension(acquisition_channel, 'unknown') "
        + "  AS acquisition_channel, segment_value(segment) AS segment FROM kept");

    // page and device only order the copies of an event_id: no KPI here reads them.
    exec(st, "CREATE TEMP TABLE events AS "
        + "WITH raw AS (SELECT " + columns(st, input, "events", "event_id VARCHAR",
            "event_ts TIMESTAMP", "customer_id VARCHAR?", "anonymous_id VARCHAR?",
            "session_id VARCHAR?", "event_type VARCHAR", "channel VARCHAR?", "page VARCHAR?",
            "device VARCHAR?") + "), "
        + "good AS (SELECT * FROM raw WHERE NOT coalesce(blank(event_id) "
        + "  OR (blank(customer_id) AND blank(anonymous_id)) OR invalid "
        + "  OR event_ts IS NULL OR blank(event_type) OR out_of_range(event_ts), false)), "
        + firstPerKey("event_id", "event_ts", "customer_id", "anonymous_id", "session_id",
            "event_type", "channel", "page", "device")
        + "SELECT event_id, event_ts, id(customer_id) AS customer_id, "
        + "  id(anonymous_id) AS anonymous_id, id(session_id) AS session_id, "
        + "  categorical(event_type) AS event_type, dimension(channel, 'direct') AS channel "
        + "FROM kept");

    if (Files.isDirectory(input.resolve("orders"))) {
      exec(st, "CREATE TEMP TABLE orders AS "
          + "WITH raw AS (SELECT " + columns(st, input, "orders", "order_id VARCHAR",
              "customer_id VARCHAR", "order_ts TIMESTAMP", "amount DECIMAL(18,2)",
              "status VARCHAR", "channel VARCHAR?") + "), "
          + "good AS (SELECT * FROM raw WHERE NOT coalesce(blank(order_id) OR invalid "
          + "  OR blank(customer_id) OR order_ts IS NULL OR amount IS NULL OR blank(status) "
          + "  OR out_of_range(order_ts) OR amount < 0, false)), "
          + firstPerKey("order_id", "customer_id", "order_ts", "amount", "status", "channel")
          + "SELECT order_id, customer_id, order_ts, amount, categorical(status) AS status, "
          + "  dimension(channel, 'unknown') AS channel FROM kept");
    } else {
      // Without orders, activity comes from events alone.
      exec(st, "CREATE TEMP TABLE orders (order_id VARCHAR, customer_id VARCHAR, "
          + "order_ts TIMESTAMP, amount DECIMAL(18,2), status VARCHAR, channel VARCHAR)");
    }

    // Identity stitching: an anonymous_id is linked to the customer of the earliest event carrying
    // both (ties: smallest customer_id); only events without a customer_id need the link. The
    // grouping key sessionizes events without a session_id. (The link condition is in the join
    // key: "ON e.customer_id IS NULL AND l.anonymous_id = e.anonymous_id" makes DuckDB 1.1 compare
    // every event with every link in a nested loop.)
    exec(st, "CREATE TEMP TABLE keyed_events AS "
        + "WITH links AS (SELECT anonymous_id, min(event_ts) AS link_ts, "
        + "    arg_min(customer_id, (event_ts, customer_id)) AS linked_customer "
        + "  FROM events WHERE customer_id IS NOT NULL AND anonymous_id IS NOT NULL "
        + "  GROUP BY anonymous_id) "
        + "SELECT e.*, CAST(e.event_ts AS DATE) AS local_date, l.link_ts, l.linked_customer, "
        + "  coalesce(e.customer_id, l.linked_customer, e.anonymous_id) AS grouping_key "
        + "FROM events e LEFT JOIN links l "
        + "  ON l.anonymous_id = CASE WHEN e.customer_id IS NULL THEN e.anonymous_id END");
    exec(st, "DROP TABLE events");
  }

  /**
   * The CTE {@code kept}: one row of {@code good} per {@code key}, the first sorted by the other
   * columns (nulls first). Most keys have one row, which needs no sorting: only the rows of keys
   * with several raw rows are ranked.
   */
  private static String firstPerKey(String key, String... order) {
    return "copies AS (SELECT " + key + " FROM raw GROUP BY " + key + " HAVING count(*) > 1), "
        + "kept AS (SELECT * FROM good ANTI JOIN copies USING (" + key + ") "
        + "  UNION ALL "
        + "  SELECT * FROM good SEMI JOIN copies USING (" + key + ") "
        + "  QUALIFY row_number() OVER (PARTITION BY " + key + " ORDER BY "
        + Stream.of(order).map(c -> c + " NULLS FIRST").collect(Collectors.joining(", "))
        + ") = 1) ";
  }

  /**
   * The projection of a raw table to its contract columns ({@code name TYPE}, {@code ?} marking a
   * nullable one, which reads as null when absent), plus {@code invalid}: some value that does
   * not fit its type (quarantined by the job as value_out_of_range).
   */
  private static String columns(Db st, Path input, String table, String... specs)
      throws SQLException {
    String source = "read_parquet(" + quote(input.resolve(table) + "/**/*.parquet")
        + ", union_by_name = true)";
    Map<String, String> present = new HashMap<>();
    try (ResultSet r = st.jdbc().executeQuery("DESCRIBE SELECT * FROM " + source)) {
      while (r.next()) {
        present.put(r.getString("column_name"), r.getString("column_type"));
      }
    }
    List<String> cols = new ArrayList<>();
    List<String> invalid = new ArrayList<>();
    for (String spec : specs) {
      boolean nullable = spec.endsWith("?");
      String[] p = spec.replace("?", "").split(" ", 2);
      String name = p[0];
      String type = p[1];
      String from = present.get(name);
      if (from == null) {
        if (!nullable) {
          throw new IllegalArgumentException("table " + table + ": missing column " + name);
        }
        cols.add("CAST(NULL AS " + type + ") AS " + name);
        continue;
      }
      if (from.equals(type)) {
        cols.add(name);
        continue;
      }
      if (from.equals("TIMESTAMP WITH TIME ZONE") && type.equals("TIMESTAMP")) {
        // The instant's microseconds as a UTC TIMESTAMP: the cast in UTC, without its time zone
        // conversion per value (which the filters below would repeat for every use).
        cols.add("make_timestamp(epoch_us(" + name + ")) AS " + name);
        continue;
      }
      cols.add("TRY_CAST(" + name + " AS " + type + ") AS " + name);
      invalid.add("(" + name + " IS NOT NULL AND TRY_CAST(" + name + " AS " + type + ") IS NULL)");
    }
    cols.add((invalid.isEmpty() ? "false" : String.join(" OR ", invalid)) + " AS invalid");
    return String.join(", ", cols) + " FROM " + source;
  }

  /**
   * Cohorts by the month of signup; a customer is active in P with an event whose visitor key is
   * them (own, or of an anonymous id linked before P's end) or a completed order, in P and at or
   * after signup. One row per run period, cohort at most 24 months older, and segment (ALL too).
   */
  static final String COHORT_RETENTION = """
      WITH members AS (
        SELECT customer_id, segment AS seg, signup_ts,
               strftime(CAST(signup_ts AS DATE), '%%Y-%%m') AS cohort,
               CAST(date_trunc('month', CAST(signup_ts AS DATE)) AS DATE) AS cohort_start
        FROM customers),
      sizes AS (
        SELECT cohort, cohort_start, CASE WHEN grouping(seg) = 1 THEN 'ALL' ELSE seg END AS segment,
               count(*) AS cohort_size
        FROM members GROUP BY GROUPING SETS ((cohort, cohort_start, seg), (cohort, cohort_start))),
      activity AS (
        SELECT coalesce(customer_id, linked_customer) AS customer_id, event_ts AS ts,
               CASE WHEN customer_id IS NULL THEN link_ts END AS linked_at
        FROM keyed_events WHERE customer_id IS NOT NULL OR linked_customer IS NOT NULL
        UNION ALL
        SELECT customer_id, order_ts, NULL FROM orders WHERE status = 'completed'),
      active_in_period AS (
        SELECT DISTINCT p.period, m.customer_id, m.cohort, m.seg
        FROM activity a
        JOIN members m ON m.customer_id = a.customer_id
        JOIN periods p ON p.period_start = date_trunc('month', a.ts)
        WHERE a.ts >= m.signup_ts AND (a.linked_at IS NULL OR a.linked_at < p.p_end_ts)),
      active AS (
        SELECT period, cohort, CASE WHEN grouping(seg) = 1 THEN 'ALL' ELSE seg END AS segment,
               count(*) AS active_customers
        FROM active_in_period GROUP BY GROUPING SETS ((period, cohort, seg), (period, cohort)))
      SELECT p.period, s.segment, p.grain, p.period_start, p.period_end, s.cohort,
             CAST(date_diff('month', s.cohort_start, p.period_start) AS INTEGER) AS period_offset,
             s.cohort_size, coalesce(a.active_customers, 0) AS active_customers,
             CAST(coalesce(a.active_customers, 0) AS DOUBLE) / s.cohort_size AS retention_rate
      FROM periods p
      JOIN sizes s ON s.cohort_start <= p.period_start
        AND date_diff('month', s.cohort_start, p.period_start) <= %d
      LEFT JOIN active a ON a.period = p.period AND a.cohort = s.cohort AND a.segment = s.segment
      """.formatted(MAX_COHORT_AGE);

  /**
   * Sessions: one per session_id; events without one split per grouping key where the gap to the
   * previous event exceeds 30 minutes. A session belongs to the period of its first event (by
   * time, then event_id), whose channel and visitor key for P it takes; it converts when any of
   * its events is a conversion event, also after P's end. (arg_min of a struct: arg_min of a
   * column skips the rows where that column is null.)
   */
  static final String CONVERSION_BY_CHANNEL = """
      WITH gaps AS (
        SELECT *, CASE WHEN lag(event_ts) OVER w IS NULL
                         OR epoch_us(event_ts) - epoch_us(lag(event_ts) OVER w) > %d
                       THEN 1 ELSE 0 END AS starts_session
        FROM keyed_events WHERE session_id IS NULL
        WINDOW w AS (PARTITION BY grouping_key ORDER BY event_ts, event_id)),
      session_events AS (
        SELECT session_id, CAST(NULL AS VARCHAR) AS gap_key, CAST(NULL AS BIGINT) AS gap_session,
               event_ts, event_id, event_type,
               channel, customer_id, anonymous_id, link_ts, linked_customer
        FROM keyed_events WHERE session_id IS NOT NULL
        UNION ALL
        SELECT NULL, grouping_key, CAST(sum(starts_session) OVER (PARTITION BY grouping_key
                 ORDER BY event_ts, event_id ROWS UNBOUNDED PRECEDING) AS BIGINT),
               event_ts, event_id, event_type, channel, customer_id, anonymous_id, link_ts,
               linked_customer
        FROM gaps),
      sessions AS (
        SELECT arg_min({'ts': event_ts, 'channel': channel, 'customer_id': customer_id,
                        'anonymous_id': anonymous_id, 'link_ts': link_ts,
                        'linked_customer': linked_customer}, (event_ts, event_id)) AS first_event,
               bool_or(event_type IN (%s)) AS converted
        FROM session_events GROUP BY session_id, gap_key, gap_session),
      period_sessions AS (
        SELECT p.period, s.first_event.channel AS chan, s.converted,
               coalesce(s.first_event.customer_id,
                        CASE WHEN s.first_event.link_ts < p.p_end_ts
                          THEN s.first_event.linked_customer END,
                        s.first_event.anonymous_id) AS visitor_key
        FROM sessions s JOIN periods p ON p.period_start = date_trunc('month', s.first_event.ts)),
      segmented AS (
        SELECT s.*, coalesce(c.segment, 'anonymous') AS seg
        FROM period_sessions s LEFT JOIN customers c ON c.customer_id = s.visitor_key),
      agg AS (
        SELECT period, CASE WHEN grouping(seg) = 1 THEN 'ALL' ELSE seg END AS segment,
               CASE WHEN grouping(chan) = 1 THEN 'ALL' ELSE chan END AS channel,
               count(*) AS sessions, count(*) FILTER (WHERE converted) AS converted_sessions,
               count(DISTINCT visitor_key) AS visitors,
               count(DISTINCT visitor_key) FILTER (WHERE converted) AS converted_visitors
        FROM segmented
        GROUP BY GROUPING SETS ((period, seg, chan), (period, seg), (period, chan), (period)))
      -- a period without sessions has its ALL row of zeros
      SELECT p.period, coalesce(c.segment, 'ALL') AS segment, p.grain, p.period_start,
             p.period_end, coalesce(c.channel, 'ALL') AS channel,
             coalesce(c.sessions, 0) AS sessions,
             coalesce(c.converted_sessions, 0) AS converted_sessions,
             coalesce(c.visitors, 0) AS visitors,
             coalesce(c.converted_visitors, 0) AS converted_visitors,
             CASE WHEN c.sessions <> 0 THEN CAST(c.converted_sessions AS DOUBLE) / c.sessions
               END AS session_conversion_rate,
             CASE WHEN c.visitors <> 0
               THEN CAST(c.converted_visitors AS DOUBLE) / c.visitors END AS conversion_rate
      FROM periods p LEFT JOIN agg c ON c.period = p.period
      """.formatted(SESSION_TIMEOUT_MICROS, CONVERSION_EVENTS);

  /**
   * Visitor keys with an event per day (orders do not count, nor does signup): dau_avg over P's
   * days, wau_avg over the 7-day windows ending on P's days, mau the distinct keys of P (month
   * grain). A segment has a row when it has an event in P or the 6 days before.
   */
  static final String ACTIVE_USERS = """
      WITH days AS (
        SELECT DISTINCT local_date, customer_id, anonymous_id, link_ts, linked_customer
        FROM keyed_events),
      -- the periods a day counts in: its own, and in the weekly look-back of the next
      calendar AS (
        SELECT p.period, p.p_end_ts, CAST(unnest(generate_series(p.period_start - %1$d,
                 p.period_end, INTERVAL 1 DAY)) AS DATE) AS local_date
        FROM periods p),
      visitor_days AS (
        SELECT DISTINCT c.period, d.local_date,
               coalesce(d.customer_id, CASE WHEN d.link_ts < c.p_end_ts THEN d.linked_customer END,
                        d.anonymous_id) AS visitor_key
        FROM days d JOIN calendar c ON c.local_date = d.local_date),
      segmented AS (
        SELECT v.*, coalesce(c.segment, 'anonymous') AS seg
        FROM visitor_days v LEFT JOIN customers c ON c.customer_id = v.visitor_key),
      -- an event day e makes its key weekly-active on days e .. e+%1$d: each (key, day) of P counts
      -- once, so e counts the days of P up to the key's next event day
      covered AS (
        SELECT s.period, s.seg, s.visitor_key, s.local_date >= p.period_start AS in_period,
               greatest(0, least(s.local_date + %1$d,
                                 coalesce(lead(s.local_date) OVER w, s.local_date + %2$d) - 1,
                                 p.period_end)
                           - greatest(s.local_date, p.period_start) + 1) AS week_days
        FROM segmented s JOIN periods p ON p.period = s.period
        WINDOW w AS (PARTITION BY s.period, s.visitor_key ORDER BY s.local_date)),
      sums AS (
        SELECT period, CASE WHEN grouping(seg) = 1 THEN 'ALL' ELSE seg END AS segment,
               count(*) FILTER (WHERE in_period) AS dau_sum,
               count(DISTINCT visitor_key) FILTER (WHERE in_period) AS mau,
               sum(week_days) AS wau_sum
        FROM covered GROUP BY GROUPING SETS ((period, seg), (period)))
      -- a period without events has its ALL row of zeros
      SELECT p.period, coalesce(s.segment, 'ALL') AS segment, p.grain, p.period_start,
             p.period_end,
             CAST(coalesce(s.dau_sum, 0) AS DOUBLE) / (p.p_end_excl - p.period_start) AS dau_avg,
             CAST(coalesce(s.wau_sum, 0) AS DOUBLE) / (p.p_end_excl - p.period_start) AS wau_avg,
             coalesce(s.mau, 0) AS mau,
             CASE WHEN s.mau <> 0 THEN CAST(s.dau_sum AS DOUBLE)
               / (p.p_end_excl - p.period_start) / s.mau END AS stickiness
      FROM periods p LEFT JOIN sums s ON s.period = p.period
      """.formatted(WEEK_LOOKBACK_DAYS, WEEK_LOOKBACK_DAYS + 1);

  private static void exec(Db st, String sql) throws SQLException {
    long t0 = System.nanoTime();
    st.jdbc().execute(sql);
    st.log(sql, t0);
  }

  private static long count(Db st, String sql) throws SQLException {
    long t0 = System.nanoTime();
    try (ResultSet r = st.jdbc().executeQuery(sql)) {
      r.next();
      long n = r.getLong(1);
      st.log(sql, t0);
      return n;
    }
  }

  /** The statement the SQL runs on; {@code verbose} prints each statement's time to stderr. */
  private record Db(Statement jdbc, boolean verbose) {
    void log(String sql, long t0) {
      if (verbose) {
        String head = sql.strip().replaceAll("\\s+", " ");
        System.err.printf(Locale.ROOT, "duckdb %8.3f s  %s%n", (System.nanoTime() - t0) / 1e9,
            head.length() > 100 ? head.substring(0, 100) + "…" : head);
      }
    }
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
