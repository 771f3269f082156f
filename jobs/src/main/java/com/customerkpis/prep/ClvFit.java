package com.customerkpis.prep;

import com.customerkpis.clv.ClvModels;
import com.customerkpis.spark.Stages;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The CLV fit stage: BG/NBD and Gamma-Gamma fitted once per run and period from the buyers'
 * sufficient statistics (a few aggregate rows collected), shared by clv_customer, clv_model and
 * clv_summary.
 */
public final class ClvFit {
  /** The stage name in the run summary and the Spark job group. */
  public static final String STAGE = "clv-fit";

  private final Dataset<Row> features;
  private final Stages stages;
  private List<ClvModels.PeriodFit> fits;

  /** A fit over buyer features that the caller has persisted (fitting and scoring read them). */
  ClvFit(Dataset<Row> persistedFeatures, Stages stages) {
    this.features = persistedFeatures;
    this.stages = stages;
  }

  /** The fits of every run period, computed on first use (once, also when KPIs run at once). */
  public synchronized List<ClvModels.PeriodFit> fits() {
    if (fits == null) {
      fits = stages.run(STAGE, "fit BG/NBD and Gamma-Gamma per period",
          () -> ClvModels.fit(features));
    }
    return fits;
  }

  /** Buyer features plus p_alive, expected_purchases, expected_spend and predicted_clv. */
  public Dataset<Row> scores(int horizonMonths, double discountRate) {
    return ClvModels.score(features, fits(), horizonMonths, discountRate);
  }

  /** The fitted models per period (ClvModels.MODEL_SCHEMA), a few rows. */
  public Dataset<Row> modelRows(SparkSession spark) {
    return ClvModels.models(spark, fits());
  }
}
