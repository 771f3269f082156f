package com.customerkpis.kpi;

import static com.customerkpis.kpi.KpiSupport.*;
import static com.customerkpis.kpi.Rollup.*;
import static com.customerkpis.kpi.KpiSchema.*;
import static org.apache.spark.sql.functions.*;

import com.customerkpis.config.CohortBy;
import com.customerkpis.prep.Prepared;
import com.customerkpis.prep.Shared;
import com.customerkpis.schema.Cols;
import com.customerkpis.input.InputTable;
import com.customerkpis.time.Grain;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** cohort_retention (SPEC §4.1): share of a cohort's customers active in each later period. */
public final class CohortRetention {
  public static final String TABLE = "cohort_retention";

  private static final String COHORT_START = "_cohort_start";

  /** The KPI's own columns. */
  static final StructType SCHEMA = new StructType().add(Cols.COHORT, STRING)
      .add(Cols.PERIOD_OFFSET, INT).add(Cols.COHORT_SIZE, LONG).add(Cols.ACTIVE_CUSTOMERS, LONG)
      .add(Cols.RETENTION_RATE, DOUBLE);

  static Dataset<Row> compute(Prepared p) {
    Grain grain = p.params().grain();
    Dataset<Row> members = cohortMembers(p);
    // Cohort sizes do not depend on the activity period: one small aggregate.
    Dataset<Row> sizes = withAll(members, Cols.SEGMENT)
        .groupBy(col(Cols.COHORT), col(COHORT_START), col(Cols.SEGMENT))
        .agg(count(lit(1)).as(Cols.COHORT_SIZE));
    Dataset<Row> periods = p.periods();
    Dataset<Row> activeInPeriod = p.inRunPeriods(p.activityDays(), col(Cols.LOCAL_DATE))
        .join(periods.select(Cols.PERIOD, Cols.P_END_TS), Cols.PERIOD)
        .filter(col(Cols.AVAILABLE_FROM).isNull()
            .or(col(Cols.AVAILABLE_FROM).lt(col(Cols.P_END_TS))))
        .select(Cols.CUSTOMER_ID, Cols.PERIOD).distinct();
    Dataset<Row> active = withAll(activeInPeriod.join(members, Cols.CUSTOMER_ID), Cols.SEGMENT)
        .groupBy(col(Cols.PERIOD), col(Cols.COHORT), col(Cols.SEGMENT))
        .agg(count(lit(1)).as(Cols.ACTIVE_CUSTOMERS));
    Column offset = grain.between(col(COHORT_START), col(Cols.P_START_DATE));
    Dataset<Row> grid = periods.select(Cols.PERIOD, Cols.P_START_DATE).crossJoin(sizes)
        .filter(col(COHORT_START).leq(col(Cols.P_START_DATE)))
        .withColumn(Cols.PERIOD_OFFSET, offset)
        .filter(col(Cols.PERIOD_OFFSET).leq(p.params().maxCohortAge()));
    return grid.join(active, seq(Cols.PERIOD, Cols.COHORT, Cols.SEGMENT), "left")
        .select(col(Cols.PERIOD), col(Cols.SEGMENT), col(Cols.COHORT), col(Cols.PERIOD_OFFSET),
            col(Cols.COHORT_SIZE), zeroIfNull(Cols.ACTIVE_CUSTOMERS),
            ratio(coalesce(col(Cols.ACTIVE_CUSTOMERS), lit(0L)), col(Cols.COHORT_SIZE))
                .as(Cols.RETENTION_RATE));
  }

  /** customer_id, segment, cohort label and cohort start date of every customer in a cohort. */
  private static Dataset<Row> cohortMembers(Prepared p) {
    Grain grain = p.params().grain();
    Dataset<Row> customers = p.customers();
    Dataset<Row> dated;
    if (p.params().cohortBy() == CohortBy.FIRST_ORDER) {
      if (!p.has(InputTable.ORDERS)) {
        throw new IllegalStateException("--cohort-by first_order needs the orders table");
      }
      Dataset<Row> firstOrder = p.completedOrders().groupBy(Cols.CUSTOMER_ID)
          .agg(min(col(Cols.LOCAL_DATE)).as("_d"));
      dated = customers.select(Cols.CUSTOMER_ID, Cols.SEGMENT).join(firstOrder, Cols.CUSTOMER_ID);
    } else {
      dated = customers.select(col(Cols.CUSTOMER_ID), col(Cols.SEGMENT),
          col(Cols.LOCAL_DATE).as("_d"));
    }
    return dated.select(col(Cols.CUSTOMER_ID), col(Cols.SEGMENT),
        grain.labelOf(col("_d")).as(Cols.COHORT), grain.startOf(col("_d")).as(COHORT_START));
  }

  /**
   * The declaration of this KPI. Activity comes from events and completed orders, whichever are
   * present.
   */
  public static final Kpi KPI = new Kpi(TABLE, Set.of(InputTable.CUSTOMERS),
      Set.of(InputTable.EVENTS, InputTable.ORDERS),
      Set.of(Shared.CUSTOMERS, Shared.ACTIVITY_DAYS, Shared.VISITOR_DAYS, Shared.KEYED_EVENTS,
          Shared.COMPLETED_ORDERS),
      SCHEMA, CohortRetention::compute);
}
