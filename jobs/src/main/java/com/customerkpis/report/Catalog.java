package com.customerkpis.report;

import com.customerkpis.clv.ClvModels;
import com.customerkpis.kpi.Acquisition;
import com.customerkpis.kpi.ActiveUsers;
import com.customerkpis.kpi.Advocacy;
import com.customerkpis.kpi.Ces;
import com.customerkpis.kpi.ClvCustomer;
import com.customerkpis.kpi.ClvModel;
import com.customerkpis.kpi.ClvSummary;
import com.customerkpis.kpi.CohortRetention;
import com.customerkpis.kpi.Conversion;
import com.customerkpis.kpi.CsatByChannel;
import com.customerkpis.kpi.CustomerChurn;
import com.customerkpis.kpi.Engagement;
import com.customerkpis.kpi.Mrr;
import com.customerkpis.kpi.Nps;
import com.customerkpis.kpi.RepeatPurchase;
import com.customerkpis.kpi.Sentiment;
import com.customerkpis.kpi.Support;
import com.customerkpis.report.Report.Unit;
import com.customerkpis.schema.Cols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the report shows of each KPI table: the columns, their units, the sample size behind each
 * rate, the column charted, the headline tiles and why a value may be NULL. Column names come
 * from the KPI classes, so a renamed column fails to compile here rather than vanish.
 */
public final class Catalog {
  /** Below this sample size a rate is flagged as resting on few observations. */
  public static final long SMALL_N = 30;

  /** Why a rate is NULL, for every rate whose denominator is a count. */
  static final String ZERO_DENOMINATOR = "NULL where its denominator is 0 (nothing to divide by)";

  // Aggregates of clv_customer computed by the reader (never its per-customer rows).
  /** clv_customer rows (buyers scored) per period and segment. */
  public static final String CLV_BUYERS = "buyers";
  /** Buyers with a predicted_clv. */
  public static final String CLV_SCORED = "scored_buyers";
  /** Buyers whose predicted_clv is NULL. */
  public static final String CLV_UNSCORED = "unscored_buyers";
  /** Mean predicted_clv over scored buyers. */
  public static final String CLV_PREDICTED_AVG = "predicted_clv_avg";
  /** Sum of predicted_clv. */
  public static final String CLV_PREDICTED_SUM = "predicted_clv_sum";
  /** Mean p_alive. */
  public static final String CLV_P_ALIVE_AVG = "p_alive_avg";
  /** Sum of revenue_to_date. */
  public static final String CLV_REVENUE_SUM = "revenue_to_date_sum";

  static final String CLV_WHY = "NULL in periods whose BG/NBD fit did not converge "
      + "(clv_model.converged = false), typically early periods with too few repeat buyers: the "
      + "model is not identified there";

  private Catalog() {}

  /**
   * One column as the report shows it.
   *
   * @param column column name in the table (or a reader aggregate of clv_customer)
   * @param label human label
   * @param unit format and axis unit
   * @param nColumn column holding the sample size behind the value, or null
   * @param nFromRollup take the sample size from the dimension-ALL row (shares of a total)
   * @param nullWhy why the value can be NULL, or null when it never is
   */
  public record Metric(String column, String label, Unit unit, String nColumn,
      boolean nFromRollup, String nullWhy) {}

  /**
   * One KPI table as the report shows it.
   *
   * @param table output table name
   * @param title heading
   * @param about one line on what a row means
   * @param dim dimension column drawn as lines, or null
   * @param rollup whether the dimension has an {@code ALL} roll-up row
   * @param fixed other dimension columns, held at the given value
   * @param weight column ranking the dimension values (largest drawn), or null
   * @param metrics columns shown in the tables
   * @param chart columns charted (one line each; with a roll-up dimension, the first per value)
   * @param headline columns given a headline tile
   */
  public record Spec(String table, String title, String about, String dim, boolean rollup,
      Map<String, String> fixed, String weight, List<Metric> metrics, List<String> chart,
      List<String> headline) {

    /** The metric of a column, or null. */
    public Metric metric(String column) {
      return metrics.stream().filter(m -> m.column().equals(column)).findFirst().orElse(null);
    }

    /** Every column the reader needs: metrics, their sample sizes and the weight. */
    public List<String> columns() {
      List<String> out = new ArrayList<>();
      for (Metric m : metrics) {
        add(out, m.column());
        add(out, m.nColumn());
      }
      add(out, weight);
      return out;
    }

    private static void add(List<String> out, String c) {
      if (c != null && !out.contains(c)) {
        out.add(c);
      }
    }
  }

  private static Metric count(String c, String label) {
    return new Metric(c, label, Unit.COUNT, null, false, null);
  }

  private static Metric money(String c, String label) {
    return new Metric(c, label, Unit.MONEY, null, false, null);
  }

  private static Metric rate(String c, String label, String n) {
    return new Metric(c, label, Unit.PERCENT, n, false, ZERO_DENOMINATOR + " (" + n + " = 0)");
  }

  private static Metric of(String c, String label, Unit unit, String n, String nullWhy) {
    return new Metric(c, label, unit, n, false, nullWhy);
  }

  /** A model parameter: set on its own model's rows only. */
  private static Metric param(String column) {
    return of(column, column, Unit.NUMBER, null, "NULL on the other model's rows (r, alpha, a, b "
        + "are BG/NBD's; p, q, gamma Gamma-Gamma's) and where the fit did not converge");
  }

  private static final Map<String, Spec> SPECS = new LinkedHashMap<>();

  private static void put(Spec s) {
    SPECS.put(s.table(), s);
  }

  static {
    put(new Spec(CohortRetention.TABLE, "Cohort retention",
        "Share of each cohort's customers active in each later period.", null, false, Map.of(),
        null, List.of(count(Cols.COHORT_SIZE, "cohort size"),
            count(Cols.ACTIVE_CUSTOMERS, "active"),
            rate(Cols.RETENTION_RATE, "retention", Cols.COHORT_SIZE)),
        List.of(), List.of()));
    put(new Spec(CustomerChurn.TABLE, "Customer churn",
        "Customers live at the period's start and end, and the flows between.", null, false,
        Map.of(), null, List.of(count(Cols.CUSTOMERS_START, "customers at start"),
            count(Cols.CHURNED, "churned"), count(Cols.NEW, "new"),
            count(Cols.REACTIVATED, "reactivated"),
            count(Cols.CUSTOMERS_END, "customers at end"),
            rate(Cols.CHURN_RATE, "churn rate", Cols.CUSTOMERS_START),
            rate(Cols.RETENTION_RATE, "retention rate", Cols.CUSTOMERS_START)),
        List.of(Cols.CHURN_RATE),
        List.of(Cols.CUSTOMERS_END, Cols.CHURN_RATE)));
    for (String[] t : new String[][] {{Conversion.BY_CHANNEL, Cols.CHANNEL, "channel"},
        {Conversion.BY_LANDING_PAGE, Cols.LANDING_PAGE, "landing page"}}) {
      put(new Spec(t[0], "Conversion by " + t[2],
          "Sessions and visitors of the period, and the share that converted.", t[1], true,
          Map.of(), Cols.SESSIONS, List.of(count(Cols.SESSIONS, "sessions"),
              count(Cols.CONVERTED_SESSIONS, "converted sessions"),
              count(Cols.VISITORS, "visitors"),
              count(Cols.CONVERTED_VISITORS, "converted visitors"),
              rate(Cols.SESSION_CONVERSION_RATE, "session conversion", Cols.SESSIONS),
              rate(Cols.CONVERSION_RATE, "conversion rate", Cols.VISITORS)),
          List.of(Cols.CONVERSION_RATE),
          t[0].equals(Conversion.BY_CHANNEL) ? List.of(Cols.CONVERSION_RATE) : List.of()));
    }
    put(new Spec(CsatByChannel.TABLE, "CSAT by channel",
        "CSAT survey responses of the period; positive = score " + CsatByChannel.POSITIVE_MIN_SCORE
            + " or 5.", Cols.CHANNEL, true, Map.of(), Cols.RESPONSES,
        List.of(count(Cols.RESPONSES, "responses"),
            count(Cols.POSITIVE_RESPONSES, "positive"),
            rate(Cols.CSAT, "CSAT", Cols.RESPONSES),
            of(Cols.AVG_SCORE, "average score (1–5)", Unit.NUMBER,
                Cols.RESPONSES, ZERO_DENOMINATOR + " (no responses)")),
        List.of(Cols.CSAT), List.of(Cols.CSAT)));
    put(new Spec(ClvCustomer.TABLE, "CLV per customer (aggregated)",
        "One row per buyer in the table; shown here as per-period totals and means, computed in "
            + "Spark.", null, false, Map.of(), null,
        List.of(count(CLV_BUYERS, "buyers"),
            count(CLV_UNSCORED, "buyers without predicted_clv"),
            money(CLV_REVENUE_SUM, "revenue to date"),
            of(CLV_P_ALIVE_AVG, "mean p_alive", Unit.PERCENT, CLV_SCORED, CLV_WHY),
            of(CLV_PREDICTED_AVG, "mean predicted CLV", Unit.MONEY, CLV_SCORED, CLV_WHY),
            of(CLV_PREDICTED_SUM, "total predicted CLV", Unit.MONEY, null, CLV_WHY)),
        List.of(CLV_PREDICTED_AVG), List.of()));
    put(new Spec(ClvModel.TABLE, "CLV model fits",
        "The BG/NBD and Gamma-Gamma fits of each period (segment ALL only).", ClvModels.MODEL,
        false, Map.of(), null,
        List.of(of(ClvModels.CONVERGED, "converged", Unit.FLAG, null, null),
            count(ClvModels.CUSTOMERS, "customers fitted"),
            of(ClvModels.LOG_LIKELIHOOD, "log-likelihood", Unit.NUMBER, null, null),
            param(ClvModels.R),
            param(ClvModels.ALPHA),
            param(ClvModels.A),
            param(ClvModels.B),
            param(ClvModels.P),
            param(ClvModels.Q),
            param(ClvModels.GAMMA)),
        List.of(), List.of()));
    put(new Spec(ClvSummary.TABLE, "Customer lifetime value",
        "Customers, buyers and revenue to date as of the period's end, and three CLV measures.",
        null, false, Map.of(), null, List.of(count(Cols.CUSTOMERS, "customers"),
            count(Cols.BUYERS, "buyers"), count(Cols.ORDERS, "orders to date"),
            money(Cols.REVENUE, "revenue to date"),
            of(Cols.AOV, "AOV (365 days)", Unit.MONEY, null,
                "NULL when there was no completed order in the 365 days before the period's end"),
            of(Cols.PURCHASE_FREQUENCY, "orders per ordering customer (365 days)",
                Unit.NUMBER, null, "NULL when no customer ordered in the 365 days"),
            of(Cols.HISTORICAL_CLV, "historical CLV", Unit.MONEY, Cols.BUYERS,
                ZERO_DENOMINATOR + " (no buyers)"),
            of(Cols.FORMULA_CLV, "formula CLV", Unit.MONEY, null,
                "NULL when AOV or purchase frequency is"),
            of(Cols.PREDICTED_CLV, "predicted CLV", Unit.MONEY, Cols.BUYERS, CLV_WHY),
            of(Cols.P_ALIVE_AVG, "mean p_alive", Unit.PERCENT, Cols.BUYERS, CLV_WHY),
            of(Cols.AT_RISK, "at risk (p_alive < 0.5)", Unit.COUNT, null, CLV_WHY)),
        List.of(Cols.HISTORICAL_CLV, Cols.FORMULA_CLV, Cols.PREDICTED_CLV),
        List.of(Cols.PREDICTED_CLV)));
    put(new Spec(Nps.TABLE, "Net Promoter Score",
        "NPS survey responses of the period: promoters " + Nps.PROMOTER_MIN_SCORE
            + "–10, passives " + Nps.PASSIVE_MIN_SCORE + "–8, detractors 0–6.", Cols.CHANNEL, true,
        Map.of(), Cols.RESPONSES, List.of(count(Cols.RESPONSES, "responses"),
            count(Cols.PROMOTERS, "promoters"), count(Cols.PASSIVES, "passives"),
            count(Cols.DETRACTORS, "detractors"),
            of(Cols.NPS, "NPS", Unit.POINTS, Cols.RESPONSES, ZERO_DENOMINATOR + " (no responses)")),
        List.of(Cols.NPS), List.of(Cols.NPS)));
    put(new Spec(Ces.TABLE, "Customer effort score",
        "CES survey responses of the period (1–7); low effort = score "
            + Ces.LOW_EFFORT_MIN_SCORE + "–7.", Cols.CHANNEL, true, Map.of(), Cols.RESPONSES,
        List.of(count(Cols.RESPONSES, "responses"),
            of(Cols.AVG_EFFORT, "average score (1–7)", Unit.NUMBER, Cols.RESPONSES,
                ZERO_DENOMINATOR + " (no responses)"),
            rate(Cols.LOW_EFFORT_SHARE, "low-effort share", Cols.RESPONSES)),
        List.of(Cols.LOW_EFFORT_SHARE), List.of()));
    put(new Spec(RepeatPurchase.TABLE, "Repeat purchase",
        "Buyers of the period and those with two or more completed orders to date.", null, false,
        Map.of(), null, List.of(count(Cols.BUYERS, "buyers"),
            count(Cols.REPEAT_BUYERS, "repeat buyers"),
            rate(Cols.REPEAT_CUSTOMER_RATE, "repeat customer rate",
                Cols.BUYERS),
            count(Cols.ORDERS, "orders"),
            of(Cols.ORDERS_PER_BUYER, "orders per buyer", Unit.NUMBER,
                Cols.BUYERS, ZERO_DENOMINATOR + " (no buyers)")),
        List.of(Cols.REPEAT_CUSTOMER_RATE), List.of(Cols.REPEAT_CUSTOMER_RATE)));
    put(new Spec(Acquisition.TABLE, "Acquisition",
        "Customers who signed up in the period by acquisition channel, marketing spend and CAC.",
        Cols.CHANNEL, true, Map.of(), Cols.NEW_CUSTOMERS,
        List.of(count(Cols.NEW_CUSTOMERS, "new customers"),
            new Metric(Cols.SHARE_OF_NEW, "share of new", Unit.PERCENT,
                Cols.NEW_CUSTOMERS, true, ZERO_DENOMINATOR + " (no new customers)"),
            of(Cols.SPEND, "spend", Unit.MONEY, null,
                "NULL on segments other than ALL: spend is not attributed to segments"),
            of(Cols.CAC, "CAC", Unit.MONEY, Cols.NEW_CUSTOMERS,
                "NULL on segments other than ALL (no spend there) and where new customers = 0")),
        List.of(Cols.NEW_CUSTOMERS), List.of(Cols.NEW_CUSTOMERS)));
    put(new Spec(Support.TABLE, "Support",
        "Tickets created and resolved in the period, first-contact resolution and durations.",
        Cols.CHANNEL, true, Map.of(), Cols.TICKETS_CREATED,
        List.of(count(Cols.TICKETS_CREATED, "created"),
            count(Cols.TICKETS_RESOLVED, "resolved"),
            rate(Cols.FIRST_CONTACT_RESOLUTION_RATE, "first-contact resolution",
                Cols.TICKETS_RESOLVED),
            of(Cols.AVG_FIRST_RESPONSE_HOURS, "mean first response", Unit.HOURS, null,
                "NULL when no ticket created in the period has a first response"),
            of(Cols.AVG_RESOLUTION_HOURS, "mean resolution", Unit.HOURS,
                Cols.TICKETS_RESOLVED, ZERO_DENOMINATOR + " (no ticket resolved)"),
            of(Cols.MEDIAN_RESOLUTION_HOURS, "median resolution", Unit.HOURS,
                Cols.TICKETS_RESOLVED, ZERO_DENOMINATOR + " (no ticket resolved)")),
        List.of(Cols.FIRST_CONTACT_RESOLUTION_RATE),
        List.of(Cols.FIRST_CONTACT_RESOLUTION_RATE)));
    put(new Spec(Engagement.TABLE, "Engagement by channel",
        "Sessions of the period by channel (all devices).", Cols.CHANNEL, true,
        Map.of(Cols.DEVICE, Cols.ALL), Cols.SESSIONS,
        List.of(count(Cols.SESSIONS, "sessions"),
            count(Cols.PAGE_VIEWS, "page views"),
            of(Cols.PAGES_PER_SESSION, "pages per session", Unit.NUMBER,
                Cols.SESSIONS, ZERO_DENOMINATOR + " (no sessions)"),
            of(Cols.AVG_SESSION_DURATION_S, "mean session duration", Unit.SECONDS,
                Cols.SESSIONS, ZERO_DENOMINATOR + " (no sessions)"),
            rate(Cols.BOUNCE_RATE, "bounce rate", Cols.SESSIONS)),
        List.of(Cols.BOUNCE_RATE), List.of()));
    put(new Spec(ActiveUsers.TABLE, "Active users",
        "Distinct visitors with events: daily and weekly averages over the period, and MAU.",
        null, false, Map.of(), null, List.of(
            of(Cols.DAU_AVG, "DAU (mean)", Unit.NUMBER, null, null),
            of(Cols.WAU_AVG, "WAU (mean)", Unit.NUMBER, null, null),
            count(Cols.MAU, "MAU"),
            rate(Cols.STICKINESS, "stickiness (DAU / MAU)", Cols.MAU)),
        List.of(Cols.DAU_AVG, Cols.WAU_AVG, Cols.MAU),
        List.of(Cols.MAU)));
    put(new Spec(Mrr.TABLE, "Monthly recurring revenue",
        "MRR at the period's start and end and the movements between (money).", null, false,
        Map.of(), null, List.of(money(Cols.MRR_START, "MRR at start"),
            money(Cols.NEW_MRR, "new"), money(Cols.EXPANSION_MRR, "expansion"),
            money(Cols.CONTRACTION_MRR, "contraction"), money(Cols.CHURNED_MRR, "churned"),
            money(Cols.REACTIVATION_MRR, "reactivation"), money(Cols.MRR_END, "MRR at end"),
            count(Cols.PAYING_CUSTOMERS, "paying customers"),
            // Both rates divide money by MRR at start: no count is their sample size.
            of(Cols.REVENUE_CHURN_RATE, "revenue churn", Unit.PERCENT, null,
                "NULL where MRR at start is 0"),
            of(Cols.NET_REVENUE_RETENTION, "net revenue retention", Unit.PERCENT, null,
                "NULL where MRR at start is 0")),
        List.of(Cols.MRR_END, Cols.NEW_MRR, Cols.CHURNED_MRR), List.of(Cols.MRR_END)));
    put(new Spec(Sentiment.TABLE, "Sentiment",
        "Mentions of the period by platform (segment ALL only); net = (positive − negative) / "
            + "mentions.", Cols.PLATFORM, true, Map.of(), Cols.MENTIONS,
        List.of(count(Cols.MENTIONS, "mentions"), count(Cols.POSITIVE, "positive"),
            count(Cols.NEUTRAL, "neutral"), count(Cols.NEGATIVE, "negative"),
            rate(Cols.NET_SENTIMENT, "net sentiment", Cols.MENTIONS)),
        List.of(Cols.NET_SENTIMENT), List.of(Cols.NET_SENTIMENT)));
    put(new Spec(Advocacy.TABLE, "Advocacy",
        "Referrals of the period and their conversion; revenue of referred customers.", null,
        false, Map.of(), null, List.of(count(Cols.REFERRALS, "referrals"),
            count(Cols.CONVERTED_REFERRALS, "converted"),
            rate(Cols.REFERRAL_CONVERSION_RATE, "referral conversion", Cols.REFERRALS),
            money(Cols.REFERRED_REVENUE, "referred revenue"),
            of(Cols.REFERRED_REVENUE_SHARE, "referred revenue share", Unit.PERCENT, null,
                "NULL where the segment has no completed revenue in the period")),
        List.of(Cols.REFERRAL_CONVERSION_RATE, Cols.REFERRED_REVENUE_SHARE), List.of()));
  }

  /** The specs of every KPI table, in the order of the output contract. */
  public static List<Spec> all() {
    return List.copyOf(SPECS.values());
  }

  /** The spec of a table, or null. */
  public static Spec spec(String table) {
    return SPECS.get(table);
  }
}
