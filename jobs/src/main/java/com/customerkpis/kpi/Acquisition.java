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
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;

/** acquisition (SPEC §4.9): new customers per acquisition channel, their share, spend and CAC. */
public final class Acquisition {
  public static final String TABLE = "acquisition";

  private static final String SEGMENT_NEW = "_segment_new";

  /** The KPI's own columns. */
  static final StructType SCHEMA = new StructType().add(Cols.CHANNEL, STRING)
      .add(Cols.NEW_CUSTOMERS, LONG).add(Cols.SHARE_OF_NEW, DOUBLE).add(Cols.SPEND, Money.TOTAL)
      .add(Cols.CAC, DOUBLE);

  static Dataset<Row> compute(Prepared p) {
    Dataset<Row> signups = p.inRunPeriods(p.customers(), col(Cols.LOCAL_DATE))
        .select(col(Cols.PERIOD), col(Cols.SEGMENT),
            col(Cols.ACQUISITION_CHANNEL).as(Cols.CHANNEL));
    Dataset<Row> newCustomers = withAll(signups, Cols.SEGMENT, Cols.CHANNEL)
        .groupBy(Cols.PERIOD, Cols.SEGMENT, Cols.CHANNEL)
        .agg(count(lit(1)).as(Cols.NEW_CUSTOMERS));

    // spend_date is already a business-zone date; spend exists on segment ALL only.
    Dataset<Row> spendRows = p.inRunPeriods(p.input(InputTable.MARKETING_SPEND),
        col(Cols.SPEND_DATE)).select(Cols.PERIOD, Cols.CHANNEL, Cols.AMOUNT);
    Dataset<Row> spend = withAll(spendRows, Cols.CHANNEL)
        .groupBy(Cols.PERIOD, Cols.CHANNEL)
        .agg(sum(col(Cols.AMOUNT)).cast(Money.TOTAL).as(Cols.SPEND))
        .withColumn(Cols.SEGMENT, lit(Cols.ALL));

    Dataset<Row> joined = newCustomers.join(spend, seq(Cols.PERIOD, Cols.SEGMENT, Cols.CHANNEL),
        "full_outer");
    Column isAll = col(Cols.SEGMENT).equalTo(Cols.ALL);
    Dataset<Row> rows = ensureAllRows(joined, p.periods(), Cols.CHANNEL)
        .select(col(Cols.PERIOD), col(Cols.SEGMENT), col(Cols.CHANNEL),
            zeroIfNull(Cols.NEW_CUSTOMERS),
            when(isAll, coalesce(col(Cols.SPEND), lit(0).cast(Money.TOTAL))).cast(Money.TOTAL)
                .as(Cols.SPEND));
    // The channel-ALL row of a segment holds all its new customers: the share's denominator.
    Column segmentNew = max(when(col(Cols.CHANNEL).equalTo(Cols.ALL), col(Cols.NEW_CUSTOMERS)))
        .over(Window.partitionBy(Cols.PERIOD, Cols.SEGMENT));
    return rows.withColumn(SEGMENT_NEW, segmentNew)
        .select(col(Cols.PERIOD), col(Cols.SEGMENT), col(Cols.CHANNEL), col(Cols.NEW_CUSTOMERS),
            ratio(col(Cols.NEW_CUSTOMERS), col(SEGMENT_NEW)).as(Cols.SHARE_OF_NEW), col(Cols.SPEND),
            ratio(col(Cols.SPEND), col(Cols.NEW_CUSTOMERS)).as(Cols.CAC));
  }

  /**
   * The declaration of this KPI. spend and cac are part of the table's definition (and spend alone
   * creates rows), so the table is not written from half its inputs: without marketing_spend the
   * KPI skips.
   */
  public static final Kpi KPI = new Kpi(TABLE,
      Set.of(InputTable.CUSTOMERS, InputTable.MARKETING_SPEND), Set.of(), Set.of(Shared.CUSTOMERS),
      SCHEMA, Acquisition::compute);
}
