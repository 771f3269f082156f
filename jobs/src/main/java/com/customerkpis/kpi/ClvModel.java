package com.customerkpis.kpi;

import static com.customerkpis.kpi.KpiSupport.seq;
import static com.customerkpis.kpi.KpiSchema.*;
import static org.apache.spark.sql.functions.*;

import com.customerkpis.clv.ClvModels;
import com.customerkpis.prep.Prepared;
import com.customerkpis.prep.Shared;
import com.customerkpis.schema.Cols;
import com.customerkpis.input.InputTable;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * clv_model (SPEC §4.5): the BG/NBD and Gamma-Gamma parameters fitted on each period's buyers,
 * segment ALL only. A period without buyers gets both rows with NULL parameters, 0 customers and
 * converged = false, so that every run period is written.
 */
public final class ClvModel {
  public static final String TABLE = "clv_model";

  /** The KPI's own columns. */
  static final StructType SCHEMA = new StructType().add(ClvModels.MODEL, STRING)
      .add(ClvModels.R, DOUBLE).add(ClvModels.ALPHA, DOUBLE).add(ClvModels.A, DOUBLE)
      .add(ClvModels.B, DOUBLE).add(ClvModels.P, DOUBLE).add(ClvModels.Q, DOUBLE)
      .add(ClvModels.GAMMA, DOUBLE).add(ClvModels.LOG_LIKELIHOOD, DOUBLE)
      .add(ClvModels.CUSTOMERS, LONG).add(ClvModels.CONVERGED, BOOLEAN);

  static Dataset<Row> compute(Prepared p) {
    Dataset<Row> fitted = p.clvModelRows();
    Dataset<Row> grid = p.periods().select(Cols.PERIOD)
        .crossJoin(p.spark().createDataset(java.util.List.of(ClvModels.BGNBD,
            ClvModels.GAMMA_GAMMA), org.apache.spark.sql.Encoders.STRING())
            .toDF(ClvModels.MODEL));
    return grid.join(fitted, seq(Cols.PERIOD, ClvModels.MODEL), "left")
        .select(col(Cols.PERIOD), lit(Cols.ALL).as(Cols.SEGMENT), col(ClvModels.MODEL),
            col(ClvModels.R), col(ClvModels.ALPHA), col(ClvModels.A), col(ClvModels.B),
            col(ClvModels.P), col(ClvModels.Q), col(ClvModels.GAMMA),
            col(ClvModels.LOG_LIKELIHOOD),
            coalesce(col(ClvModels.CUSTOMERS), lit(0L)).as(ClvModels.CUSTOMERS),
            coalesce(col(ClvModels.CONVERGED), lit(false)).as(ClvModels.CONVERGED));
  }

  /** The declaration of this KPI. */
  public static final Kpi KPI = new Kpi(TABLE, Set.of(InputTable.ORDERS),
      Set.of(InputTable.CUSTOMERS),
      Set.of(Shared.COMPLETED_ORDERS, Shared.PURCHASE_DAYS, Shared.BUYER_STATES, Shared.CUSTOMERS),
      SCHEMA, ClvModel::compute);
}
