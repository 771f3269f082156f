package com.customerkpis.kpi;

import static com.customerkpis.testing.SchemaAssertions.names;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.customerkpis.schema.Cols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import com.customerkpis.output.OutputTables;

/** Output schemas of repeat_purchase, acquisition, mrr and advocacy against SPEC §1 and §4. */
class MoneyKpiSchemaTest {
  private static final String COMMON =
      "period:string,segment:string,grain:string,period_start:date,period_end:date,run_id:string,";

  @Test
  void outputSchemasMatchTheSpec() {
    assertEquals(COMMON + "buyers:bigint,repeat_buyers:bigint,repeat_customer_rate:double,"
            + "orders:bigint,orders_per_buyer:double",
        names(OutputTables.kpiSchema(RepeatPurchase.KPI.schema())));
    assertEquals(COMMON + "channel:string,new_customers:bigint,share_of_new:double,"
            + "spend:decimal(38,2),cac:double",
        names(OutputTables.kpiSchema(Acquisition.KPI.schema())));
    assertEquals(COMMON + "mrr_start:decimal(38,2),new_mrr:decimal(38,2),"
            + "expansion_mrr:decimal(38,2),contraction_mrr:decimal(38,2),"
            + "churned_mrr:decimal(38,2),reactivation_mrr:decimal(38,2),mrr_end:decimal(38,2),"
            + "paying_customers:bigint,revenue_churn_rate:double,net_revenue_retention:double",
        names(OutputTables.kpiSchema(Mrr.KPI.schema())));
    assertEquals(COMMON + "referrals:bigint,converted_referrals:bigint,"
            + "referral_conversion_rate:double,referred_revenue:decimal(38,2),"
            + "referred_revenue_share:double",
        names(OutputTables.kpiSchema(Advocacy.KPI.schema())));
  }

  @Test
  void registeredUnderTheirTableNames() {
    List<String> tables = List.of("repeat_purchase", "acquisition", "mrr", "advocacy");
    assertEquals(tables, KpiRegistry.select(tables).stream().map(Kpi::table).toList());
  }
}
