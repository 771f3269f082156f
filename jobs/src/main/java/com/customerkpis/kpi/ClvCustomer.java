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

  /** The KPI's own columns. */
  static final StructType SCHEMA = new StructType().add(Cols.CUSTOMER_ID, STRING)
      .add(Cols.FREQUENCY, INT).add(Cols.RECENCY_DAYS, INT).add(Cols.T_DAYS, INT)
      .add(Cols.MONETARY_VALUE, DOUBLE).add(Cols.REVENUE_TO_DATE, Money.TOTAL)
      .add(Cols.P_ALIVE, DOUBLE).add(Cols.EXPECTED_PURCHASES, DOUBLE)
      .add(Cols.EXPECTED_SPEND, DOUBLE).add(Cols.PREDICTED_CLV, DOUBLE);

  static Dataset<Row> compute(Prepared p) {
    return p.clvScores().select(col(Cols.PERIOD), col(Cols.SEGMENT), col(Cols.CUSTOMER_ID),
        col(Cols.FREQUENCY), col(Cols.RECENCY_DAYS), col(Cols.T_DAYS), col(Cols.MONETARY_VALUE),
        col(Cols.REVENUE_TO_DATE), col(Cols.P_ALIVE), col(Cols.EXPECTED_PURCHASES),
        col(Cols.EXPECTED_SPEND),
        col(Cols.PREDICTED_CLV));
  }

  /** The declaration of this KPI. */
  public static final Kpi KPI = new Kpi(TABLE, Set.of(InputTable.ORDERS),
      Set.of(InputTable.CUSTOMERS),
      Set.of(Shared.COMPLETED_ORDERS, Shared.PURCHASE_DAYS, Shared.BUYER_STATES, Shared.CUSTOMERS),
      SCHEMA, ClvCustomer::compute);
}
