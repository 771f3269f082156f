package com.customerkpis.kpi;

import static com.customerkpis.kpi.KpiSupport.*;
import static com.customerkpis.kpi.Rollup.*;
import static com.customerkpis.kpi.KpiSchema.*;
import static org.apache.spark.sql.functions.*;

import com.customerkpis.prep.Prepared;
import com.customerkpis.prep.Shared;
import com.customerkpis.schema.Cols;
import com.customerkpis.input.InputTable;
import com.customerkpis.schema.Money;
import com.customerkpis.time.TimeColumns;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** advocacy (SPEC §4.15): referrals and their conversion, and the revenue of referred buyers. */
public final class Advocacy {
  public static final String TABLE = "advocacy";

  private static final String REVENUE = "_revenue";
  private static final String FIRST_REFERRED_TS = "_first_referred_ts";
  private static final String REFERRED_SIGNUP_TS = "_referred_signup_ts";

  /** The KPI's own columns. */
  static final StructType SCHEMA = new StructType().add(Cols.REFERRALS, LONG)
      .add(Cols.CONVERTED_REFERRALS, LONG).add(Cols.REFERRAL_CONVERSION_RATE, DOUBLE)
      .add(Cols.REFERRED_REVENUE, Money.TOTAL).add(Cols.REFERRED_REVENUE_SHARE, DOUBLE);

  static Dataset<Row> compute(Prepared p) {
    Dataset<Row> referrals = p.input(InputTable.REFERRALS);
    Dataset<Row> periodEnds = p.periods().select(Cols.PERIOD, Cols.P_END_TS);
    Column zero = lit(0).cast(Money.TOTAL);

    // Referral half, by the referrer's segment.
    Dataset<Row> signups = p.customers().select(col(Cols.CUSTOMER_ID).as(Cols.REFERRED_CUSTOMER_ID),
        col(Cols.SIGNUP_TS).as(REFERRED_SIGNUP_TS));
    Dataset<Row> inP = p.inRunPeriods(referrals,
            p.localDate(col(Cols.REFERRED_TS)))
        .join(periodEnds, Cols.PERIOD)
        .join(signups, Cols.REFERRED_CUSTOMER_ID, "left");
    Dataset<Row> referralHalf = withAll(p.withSegment(inP, Cols.REFERRER_ID), Cols.SEGMENT)
        .groupBy(Cols.PERIOD, Cols.SEGMENT)
        .agg(count(lit(1)).as(Cols.REFERRALS),
            count(when(col(REFERRED_SIGNUP_TS).lt(col(Cols.P_END_TS)), true))
                .as(Cols.CONVERTED_REFERRALS));

    // Revenue half, by the buyer's segment. A customer referred several times is referred from
    // their first referral on, so taking the earliest one counts their revenue once.
    Dataset<Row> firstReferred = referrals.filter(col(Cols.REFERRED_CUSTOMER_ID).isNotNull())
        .groupBy(col(Cols.REFERRED_CUSTOMER_ID).as(Cols.CUSTOMER_ID))
        .agg(min(col(Cols.REFERRED_TS)).as(FIRST_REFERRED_TS));
    Dataset<Row> orders = p.inRunPeriods(p.completedOrders(), col(Cols.LOCAL_DATE))
        .select(Cols.PERIOD, Cols.CUSTOMER_ID, Cols.AMOUNT)
        .join(periodEnds, Cols.PERIOD)
        .join(firstReferred, Cols.CUSTOMER_ID, "left");
    Dataset<Row> revenueHalf = withAll(p.withSegment(orders, Cols.CUSTOMER_ID), Cols.SEGMENT)
        .groupBy(Cols.PERIOD, Cols.SEGMENT)
        .agg(sum(col(Cols.AMOUNT)).cast(Money.TOTAL).as(REVENUE),
            sum(when(col(FIRST_REFERRED_TS).lt(col(Cols.P_END_TS)), col(Cols.AMOUNT))
                .otherwise(zero)).cast(Money.TOTAL).as(Cols.REFERRED_REVENUE));

    // The halves group by different customers' segments, so a segment may have only one of
    // them; the missing half is then zero (nothing happened), its rates NULL.
    Dataset<Row> joined = referralHalf.join(revenueHalf, seq(Cols.PERIOD, Cols.SEGMENT),
        "full_outer");
    return ensureAllRows(joined, p.periods())
        .select(col(Cols.PERIOD), col(Cols.SEGMENT), zeroIfNull(Cols.REFERRALS),
            zeroIfNull(Cols.CONVERTED_REFERRALS), coalesce(col(Cols.REFERRED_REVENUE), zero)
                .as(Cols.REFERRED_REVENUE), col(REVENUE))
        .select(col(Cols.PERIOD), col(Cols.SEGMENT), col(Cols.REFERRALS),
            col(Cols.CONVERTED_REFERRALS),
            ratio(col(Cols.CONVERTED_REFERRALS), col(Cols.REFERRALS))
                .as(Cols.REFERRAL_CONVERSION_RATE),
            col(Cols.REFERRED_REVENUE),
            ratio(col(Cols.REFERRED_REVENUE), col(REVENUE)).as(Cols.REFERRED_REVENUE_SHARE));
  }

  /** The declaration of this KPI. */
  public static final Kpi KPI = new Kpi(TABLE,
      Set.of(InputTable.REFERRALS, InputTable.CUSTOMERS, InputTable.ORDERS), Set.of(),
      Set.of(Shared.CUSTOMERS, Shared.COMPLETED_ORDERS), SCHEMA, Advocacy::compute);
}
