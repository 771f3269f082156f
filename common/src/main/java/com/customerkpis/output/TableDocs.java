package com.customerkpis.output;

import static java.util.Map.entry;

import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The one place for what each output table and column means: written into the Delta table as the
 * table description and column comments, so {@code DESCRIBE TABLE}, {@code DESCRIBE DETAIL} and
 * catalog UIs show them.
 */
public final class TableDocs {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(TableDocs.class);

  private TableDocs() {}

  /** A table's one-line meaning and its own columns' definitions. */
  record Doc(String description, Map<String, String> columns) {}

  /** Definitions of the common columns every KPI table starts with. */
  static final Map<String, String> COMMON = Map.of(
      "period", "Period label: day 2026-10-15, ISO week 2026-W43, month 2026-10, quarter 2026-Q4,"
          + " year 2026 (partition column)",
      "segment", "Customer segment (configured customers column); unknown = blank, anonymous = no"
          + " known customer, ALL = roll-up over all rows (partition column)",
      "grain", "Grain of the period: day, week, month, quarter or year",
      "period_start", "First local date of the period (business time zone)",
      "period_end", "Last local date of the period, INCLUDED (not the next period's start)",
      "run_id", "Id of the run that wrote the row (see _runs)");

  private static final String RATE = " (fraction 0..1; NULL when the denominator is 0)";

  private static final Map<String, Doc> TABLES = Map.ofEntries(
      entry("cohort_retention", doc("Share of a signup (or first-order) cohort active in each "
              + "later period; period = activity period",
          "cohort", "Period label of the cohort (signup, or first completed order)",
          "period_offset", "Periods of the grain from cohort to period (0 = same period)",
          "cohort_size", "Customers of the cohort in this segment",
          "active_customers", "Of them, customers active (event or completed order) in the period",
          "retention_rate", "active_customers / cohort_size" + RATE)),
      entry("customer_churn", doc("Customers live at the start and end of the period: churned, "
              + "new, reactivated; churn and retention rates",
          "customers_start", "Customers live at the period start",
          "churned_customers", "Live at the start, not at the end",
          "new_customers", "Live at the end, not at the start, first live in the period",
          "reactivated_customers", "Live at the end, not at the start, first live before the"
              + " period",
          "customers_end", "Customers live at the period end = start - churned + new + reactivated",
          "churn_rate", "churned_customers / customers_start" + RATE,
          "retention_rate", "(customers_start - churned_customers) / customers_start" + RATE)),
      entry("conversion_by_channel", conversion("channel", "Traffic channel of the session's first"
          + " event (null or blank = direct; ALL = all channels)")),
      entry("conversion_by_landing_page", conversion("landing_page", "Page of the session's first"
          + " event (null or blank = unknown; ALL = all pages)")),
      entry("csat_by_channel", doc("Customer satisfaction: share of CSAT responses scoring 4-5 and"
              + " the mean score, by touchpoint",
          "channel", "Survey touchpoint (null or blank = unknown; ALL = all)",
          "responses", "CSAT responses received in the period",
          "positive_responses", "Of them, scores 4 or 5",
          "csat", "positive_responses / responses" + RATE,
          "avg_score", "Mean score on the 1-5 scale; NULL without responses")),
      entry("clv_customer", doc("Per buyer as of the period end: purchase history, P(alive), "
              + "expected purchases and spend, predicted CLV (BG/NBD + Gamma-Gamma)",
          "customer_id", "The buyer (at least one completed order before the period end)",
          "frequency", "Distinct purchase days - 1 (repeat purchase days)",
          "recency_days", "Days from first to last purchase day",
          "t_days", "Days from first purchase day to the period's last day",
          "monetary_value", "Mean completed amount per repeat purchase day; 0 when frequency = 0",
          "revenue_to_date", "Completed order amounts to the period end (money, DECIMAL)",
          "p_alive", "Probability the customer is still active (BG/NBD), 0..1",
          "expected_purchases", "Expected purchases in the CLV horizon (30-day months)",
          "expected_spend", "Expected spend per purchase (Gamma-Gamma); population mean when "
              + "frequency = 0",
          "predicted_clv", "Discounted expected spend over the horizon (money, DOUBLE)")),
      entry("clv_model", doc("Fitted BG/NBD and Gamma-Gamma parameters per period (segment ALL)",
          "model", "bgnbd or gamma_gamma",
          "r", "BG/NBD r (NULL for gamma_gamma)",
          "alpha", "BG/NBD alpha, in days (NULL for gamma_gamma)",
          "a", "BG/NBD a (NULL for gamma_gamma)",
          "b", "BG/NBD b (NULL for gamma_gamma)",
          "p", "Gamma-Gamma p (NULL for bgnbd)",
          "q", "Gamma-Gamma q (NULL for bgnbd)",
          "gamma", "Gamma-Gamma gamma (NULL for bgnbd)",
          "log_likelihood", "Maximised log-likelihood",
          "customers", "Buyers the model was fitted on",
          "converged", "Whether the optimiser converged")),
      entry("clv_summary", doc("Historical, formula and predicted customer lifetime value per "
              + "segment as of the period end",
          "customers", "Customers signed up before the period end",
          "buyers", "Customers with a completed order before the period end",
          "orders", "Completed orders to date",
          "revenue", "Completed revenue to date (money, DECIMAL)",
          "aov", "Revenue / orders over the 365 days before the period end (money)",
          "purchase_frequency", "Orders / ordering customers over the 365 days before the end",
          "historical_clv", "Revenue to date / buyers (money)",
          "formula_clv", "aov x purchase_frequency x lifespan years (money)",
          "predicted_clv", "Mean predicted_clv of clv_customer (money)",
          "p_alive_avg", "Mean p_alive of the buyers",
          "at_risk_customers", "Buyers with p_alive < 0.5")),
      entry("nps", doc("Net Promoter Score: promoters minus detractors, in points, by touchpoint",
          "channel", "Survey touchpoint (null or blank = unknown; ALL = all)",
          "responses", "NPS responses in the period",
          "promoters", "Scores 9-10",
          "passives", "Scores 7-8",
          "detractors", "Scores 0-6",
          "nps", "100 x (promoters - detractors) / responses, -100..100; NULL without "
              + "responses")),
      entry("ces", doc("Customer effort: mean effort score and share of low-effort (5-7) "
              + "responses, by touchpoint",
          "channel", "Survey touchpoint (null or blank = unknown; ALL = all)",
          "responses", "CES responses in the period",
          "avg_effort", "Mean score on the 1-7 scale (7 = least effort); NULL without responses",
          "low_effort_share", "Share of scores 5-7" + RATE)),
      entry("repeat_purchase", doc("Buyers of the period with two or more completed orders to "
              + "date; orders per buyer",
          "buyers", "Customers with a completed order in the period",
          "repeat_buyers", "Of them, 2 or more completed orders before the period end",
          "repeat_customer_rate", "repeat_buyers / buyers" + RATE,
          "orders", "Completed orders in the period",
          "orders_per_buyer", "orders / buyers; NULL without buyers")),
      entry("acquisition", doc("New customers by acquisition channel, their share, marketing "
              + "spend and CAC",
          "channel", "Acquisition channel (null or blank = unknown; ALL = all)",
          "new_customers", "Customers who signed up in the period",
          "share_of_new", "new_customers / all new customers of the segment" + RATE,
          "spend", "Marketing spend dated in the period (money, DECIMAL); segment ALL only",
          "cac", "spend / new_customers (money); segment ALL only, NULL without new "
              + "customers")),
      entry("support", doc("Support tickets created and resolved, first-contact resolution, "
              + "response and resolution times, by channel",
          "channel", "Ticket channel (null or blank = unknown; ALL = all)",
          "tickets_created", "Tickets created in the period",
          "tickets_resolved", "Tickets resolved in the period",
          "first_contact_resolution_rate", "Of tickets resolved in the period, share with at "
              + "most one agent reply and not reopened" + RATE,
          "avg_first_response_hours", "Mean hours to first response, tickets created in the "
              + "period",
          "avg_resolution_hours", "Mean hours created to resolved, tickets resolved in the period",
          "median_resolution_hours", "Median hours created to resolved (interpolated)")),
      entry("engagement", doc("Web/app sessions, page views per session, duration and bounce "
              + "rate by channel and device",
          "channel", "Session channel (first event; ALL = all)",
          "device", "Session device (first event; null or blank = unknown; ALL = all)",
          "sessions", "Sessions starting in the period",
          "page_views", "page_view events in those sessions",
          "pages_per_session", "page_views / sessions; NULL without sessions",
          "avg_session_duration_s", "Mean last minus first event time, in SECONDS",
          "bounce_rate", "Share of sessions with exactly one event" + RATE)),
      entry("active_users", doc("Average daily and weekly active users, monthly active users "
              + "and stickiness",
          "dau_avg", "Mean over the period's days of distinct visitors with an event that day",
          "wau_avg", "Mean over the period's days of distinct visitors in the 7 days ending that"
              + " day",
          "mau", "Distinct visitors in the period (month and longer) or in the 30 days ending at"
              + " the period end (day, week)",
          "stickiness", "dau_avg / mau" + RATE)),
      entry("mrr", doc("Monthly recurring revenue at start and end with its movements (new, "
              + "expansion, contraction, churned, reactivation)",
          "mrr_start", "MRR live at the period start (money, DECIMAL)",
          "new_mrr", "MRR of customers paying for the first time (money)",
          "expansion_mrr", "Increases of paying customers (money)",
          "contraction_mrr", "Decreases of customers still paying (money)",
          "churned_mrr", "MRR of customers who stopped paying (money)",
          "reactivation_mrr", "MRR of customers paying again after a pause (money)",
          "mrr_end", "MRR at the end = start + new + expansion - contraction - churned + "
              + "reactivation (money)",
          "paying_customers", "Customers with MRR > 0 at the end",
          "revenue_churn_rate", "(churned + contraction) / mrr_start" + RATE,
          "net_revenue_retention", "(start + expansion - contraction - churned) / start; may "
              + "exceed 1; NULL when start is 0")),
      entry("sentiment", doc("Social mentions by sentiment label and net sentiment by platform "
              + "(segment ALL only)",
          "platform", "Platform (null or blank = unknown; ALL = all)",
          "mentions", "Mentions in the period",
          "positive", "Mentions labelled (or lexicon-scored) positive",
          "neutral", "Mentions labelled (or lexicon-scored) neutral",
          "negative", "Mentions labelled (or lexicon-scored) negative",
          "net_sentiment", "(positive - negative) / mentions, -1..1; NULL without mentions")),
      entry("advocacy", doc("Referrals and their conversion (referrer's segment); revenue of "
              + "referred customers and its share (buyer's segment)",
          "referrals", "Referrals made in the period",
          "converted_referrals", "Of them, the referred person became a customer before the end",
          "referral_conversion_rate", "converted_referrals / referrals" + RATE,
          "referred_revenue", "Completed revenue in the period of referred customers (money)",
          "referred_revenue_share", "referred_revenue / all completed revenue of the segment"
              + RATE)),
      entry("_runs", doc("One row per kpi run: arguments, status, row accounting, rows written",
          "run_id", "Run id (UTC start time plus a random suffix)",
          "started_at", "Start instant",
          "finished_at", "End instant",
          "arguments", "The command line as given",
          "status", "succeeded or failed",
          "grain", "Grain of the run",
          "periods", "Period labels the run replaced",
          "inputs", "Per input table: rows read, kept, quarantined by reason, duplicates dropped",
          "outputs", "Rows written per output table",
          "kpi_seconds", "Seconds per KPI",
          "error", "Failure message; NULL on success",
          "summary_json", "The run summary printed as the last stdout line")),
      entry("_quarantine", doc("Bad input rows, never dropped silently: one row per bad row and "
              + "run, with its reason (append-only)",
          "run_id", "Run that read the row",
          "table_name", "Input table (partition column)",
          "reason", "First quarantine reason that applies, e.g. null_key, timestamp_out_of_range",
          "row_json", "The row's contract columns as JSON",
          "quarantined_at", "When the run quarantined it")));

  private static Doc conversion(String dim, String dimText) {
    return doc("Session and visitor conversion by the session's " + dim.replace('_', ' '),
        dim, dimText,
        "sessions", "Sessions starting in the period",
        "converted_sessions", "Of them, sessions with a conversion event",
        "visitors", "Distinct visitors among the sessions",
        "converted_visitors", "Distinct visitors among the converted sessions",
        "session_conversion_rate", "converted_sessions / sessions" + RATE,
        "conversion_rate", "converted_visitors / visitors" + RATE);
  }

  private static Doc doc(String description, String... pairs) {
    Map<String, String> cols = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      cols.put(pairs[i], pairs[i + 1]);
    }
    return new Doc(description, cols);
  }

  /** Documented tables. */
  public static java.util.Set<String> tables() {
    return TABLES.keySet();
  }

  /** The table's one-line meaning. */
  public static Optional<String> description(String table) {
    return Optional.ofNullable(TABLES.get(table)).map(Doc::description);
  }

  /** A column's definition: the table's own, else the common one (audit tables: own only). */
  public static Optional<String> comment(String table, String column) {
    Doc d = TABLES.get(table);
    if (d != null && d.columns().containsKey(column)) {
      return Optional.of(d.columns().get(column));
    }
    return table.startsWith("_") ? Optional.empty() : Optional.ofNullable(COMMON.get(column));
  }

  /** The table name of an output location: its last path segment. */
  public static String tableOf(String path) {
    String p = path.replaceAll("/+$", "");
    return p.substring(p.lastIndexOf('/') + 1);
  }

  /** {@code schema} with every top-level column's comment, all fields nullable (as Delta does). */
  public static StructType withComments(String table, StructType schema) {
    List<StructField> out = new ArrayList<>();
    for (StructField f : schema.fields()) {
      Metadata m = comment(table, f.name())
          .map(c -> new MetadataBuilder().withMetadata(f.metadata()).putString("comment", c)
              .build())
          .orElse(f.metadata());
      out.add(new StructField(f.name(), nullable(f.dataType()), true, m));
    }
    return new StructType(out.toArray(new StructField[0]));
  }

  private static DataType nullable(DataType t) {
    if (t instanceof StructType s) {
      List<StructField> fs = new ArrayList<>();
      for (StructField f : s.fields()) {
        fs.add(new StructField(f.name(), nullable(f.dataType()), true, f.metadata()));
      }
      return new StructType(fs.toArray(new StructField[0]));
    }
    if (t instanceof ArrayType a) {
      return new ArrayType(nullable(a.elementType()), true);
    }
    if (t instanceof MapType m) {
      return new MapType(nullable(m.keyType()), nullable(m.valueType()), true);
    }
    return t;
  }

  /**
   * Before a write to {@code path}: creates the Delta table when absent with its description,
   * column comments and partitioning, or brings an existing table's texts up to date (one
   * metadata commit, and only when they differ: tables written by older versions).
   */
  public static void ensure(SparkSession spark, String path, StructType schema,
      String... partitionBy) {
    try {
      ensureTexts(spark, path, schema, partitionBy);
    } catch (RuntimeException e) {
      // Texts are documentation: never fail a run for them (e.g. a cancelled run recording
      // itself while Spark shuts down). The write then creates the table; a later run adds them.
      LOG.warn("table {}: description and column comments not written ({})", path,
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines()
              .findFirst().orElse(""));
    }
  }

  private static void ensureTexts(SparkSession spark, String path, StructType schema,
      String... partitionBy) {
    String table = tableOf(path);
    if (!TABLES.containsKey(table)) {
      return;
    }
    if (!DeltaTable.isDeltaTable(spark, path)) {
      try {
        DeltaTable.createIfNotExists(spark).location(path)
            .addColumns(withComments(table, schema)).partitionedBy(partitionBy)
            .comment(description(table).orElseThrow()).execute();
      } catch (RuntimeException e) {
        // Another run created it at the same time: the write that follows appends to that one.
        if (!DeltaTable.isDeltaTable(spark, path)) {
          throw e;
        }
      }
      return;
    }
    String quoted = "delta.`" + path.replace("`", "``") + "`";
    Row detail = DeltaTable.forPath(spark, path).detail().select("description").first();
    String desc = description(table).orElseThrow();
    if (!desc.equals(detail.isNullAt(0) ? null : detail.getString(0))) {
      spark.sql("ALTER TABLE " + quoted + " SET TBLPROPERTIES ('comment' = " + literal(desc) + ")");
    }
    StructType current = DeltaTable.forPath(spark, path).toDF().schema();
    for (StructField f : current.fields()) {
      Optional<String> want = comment(table, f.name());
      Optional<String> have = f.getComment().isDefined()
          ? Optional.of(f.getComment().get()) : Optional.empty();
      if (want.isPresent() && !want.equals(have)) {
        spark.sql("ALTER TABLE " + quoted + " ALTER COLUMN `" + f.name() + "` COMMENT "
            + literal(want.get()));
      }
    }
  }

  private static String literal(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
