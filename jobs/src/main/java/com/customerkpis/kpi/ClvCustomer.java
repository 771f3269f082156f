package com.customerkpis.kpi;

import static com.customerkpis.kpi.KpiSchema.*;
import static org.apache.spark.sql.functions.*;

import com.customerkpis.prep.Prepared;
import com.customerkpis.prep.Shared;
import com.customerkpis.schema.Cols;
import com.customerkpis.input.InputTable;
import com.customerkpis.schema.Money;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** clv_customer (SPEC §4.5): each buyer's purchase summary as of P.end and its predicted value. */
public final class ClvCustomer {
  public static final String TABLE = "clv_customer";
  public static final String FREQUENCY = Cols.FREQUENCY;
  public static final String RECENCY_DAYS = Cols.RECENCY_DAYS;
  public static final String T_DAYS = Cols.T_DAYS;
  public static final String MONETARY_VALUE = Cols.MONETARY_VALUE;
  public static final String REVENUE_TO_DATE = Cols.REVENUE_TO_DATE;
  public static final String P_ALIVE = Cols.P_ALIVE;
  public static final String EXPECTED_PURCHASES = Cols.EXPECTED_PURCHASES;
  public static final String EXPECTED_SPEND = Cols.EXPECTED_SPEND;
  public static final String PREDICTED_CLV = Cols.PREDICTED_CLV;

  /** The KPI's own columns. */
  static final StructType SCHEMA = new StructType().add(Cols.CUSTOMER_ID, STRING)
      .add(FREQUENCY, INT).add(RECENCY_DAYS, INT).add(T_DAYS, INT).add(MONETARY_VALUE, DOUBLE)
      .add(REVENUE_TO_DATE, Money.TOTAL).add(P_ALIVE, DOUBLE).add(EXPECTED_PURCHASES, DOUBLE)
      .add(EXPECTED_SPEND, DOUBLE).add(PREDICTED_CLV, DOUBLE);

  /** The declaration of this KPI. */
  public static final Kpi KPI = new Kpi(TABLE,
      Set.of(InputTable.ORDERS), Set.of(InputTable.CUSTOMERS),
      Set.of(Shared.COMPLETED_ORDERS, Shared.PURCHASE_DAYS, Shared.BUYER_STATES,
        Shared.CUSTOMERS), SCHEMA, ClvCustomer::compute);

  private ClvCustomer() {}

  static Dataset<Row> compute(Prepared p) {
    return p.clvScores().select(col(Cols.PERIOD), col(Cols.SEGMENT), col(Cols.CUSTOMER_ID),
        col(FREQUENCY), col(RECENCY_DAYS), col(T_DAYS), col(MONETARY_VALUE),
        col(REVENUE_TO_DATE), col(P_ALIVE), col(EXPECTED_PURCHASES), col(EXPECTED_SPEND),
        col(PREDICTED_CLV));
  }
}
