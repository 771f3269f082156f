package com.customerkpis.kpi;

import static com.customerkpis.kpi.KpiSupport.seq;
import static org.apache.spark.sql.functions.*;

import com.customerkpis.clv.ClvModels;
import com.customerkpis.prep.Prepared;
import com.customerkpis.prep.Shared;
import com.customerkpis.schema.Cols;
import com.customerkpis.input.InputTable;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * clv_model (SPEC §4.5): the BG/NBD and Gamma-Gamma parameters fitted on each period's buyers,
 * segment ALL only. A period without buyers gets both rows with NULL parameters, 0 customers and
 * converged = false, so that every run period is written.
 */
public final class ClvModel implements Kpi {
  public static final String TABLE = "clv_model";

  @Override
  public String table() {
    return TABLE;
  }

  @Override
  public Set<InputTable> requires() {
    return Set.of(InputTable.ORDERS);
  }

  @Override
  public Set<InputTable> optional() {
    return Set.of(InputTable.CUSTOMERS);
  }

  @Override
  public Set<Shared> shares() {
    return Set.of(Shared.COMPLETED_ORDERS, Shared.PURCHASE_DAYS, Shared.BUYER_STATES,
        Shared.CUSTOMERS);
  }

  @Override
  public StructType schema() {
    return new StructType()
        .add(ClvModels.MODEL, DataTypes.StringType)
        .add(ClvModels.R, DataTypes.DoubleType)
        .add(ClvModels.ALPHA, DataTypes.DoubleType)
        .add(ClvModels.A, DataTypes.DoubleType)
        .add(ClvModels.B, DataTypes.DoubleType)
        .add(ClvModels.P, DataTypes.DoubleType)
        .add(ClvModels.Q, DataTypes.DoubleType)
        .add(ClvModels.GAMMA, DataTypes.DoubleType)
        .add(ClvModels.LOG_LIKELIHOOD, DataTypes.DoubleType)
        .add(ClvModels.CUSTOMERS, DataTypes.LongType)
        .add(ClvModels.CONVERGED, DataTypes.BooleanType);
  }

  @Override
  public Dataset<Row> compute(Prepared p) {
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
}
