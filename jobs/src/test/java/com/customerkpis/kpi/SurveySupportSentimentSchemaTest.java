package com.customerkpis.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.customerkpis.config.KpiParams;
import com.customerkpis.prep.Prepared;
import com.customerkpis.input.InputTable;
import com.customerkpis.testing.Fixtures;
import com.customerkpis.time.Grain;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import com.customerkpis.output.OutputTables;

/** Output schemas of csat_by_channel, nps, ces, support and sentiment, exactly as SPEC §1/§4. */
public class SurveySupportSentimentSchemaTest {
  static final String COMMON = "period:string,segment:string,grain:string,period_start:date,"
      + "period_end:date,run_id:string,";

  static String ddl(StructType s) {
    return Arrays.stream(s.fields()).map(f -> f.name() + ":" + f.dataType().simpleString())
        .collect(Collectors.joining(","));
  }

  @Test
  void declaredAndComputedSchemasMatchSpec() {
    List<Object[]> cases = List.of(
        new Object[] {CsatByChannel.KPI, "csat_by_channel", "channel:string,responses:bigint,"
            + "positive_responses:bigint,csat:double,avg_score:double"},
        new Object[] {Nps.KPI, "nps", "channel:string,responses:bigint,promoters:bigint,"
            + "passives:bigint,detractors:bigint,nps:double"},
        new Object[] {Ces.KPI, "ces", "channel:string,responses:bigint,avg_effort:double,"
            + "low_effort_share:double"},
        new Object[] {Support.KPI, "support", "channel:string,tickets_created:bigint,"
            + "tickets_resolved:bigint,first_contact_resolution_rate:double,"
            + "avg_first_response_hours:double,avg_resolution_hours:double,"
            + "median_resolution_hours:double"},
        new Object[] {Sentiment.KPI, "sentiment", "platform:string,mentions:bigint,"
            + "positive:bigint,neutral:bigint,negative:bigint,net_sentiment:double"});
    Prepared p = new Fixtures().empty(InputTable.CUSTOMERS).empty(InputTable.SURVEYS)
        .empty(InputTable.TICKETS).empty(InputTable.MENTIONS)
        .prepare(KpiParams.defaults(ZoneOffset.UTC, Grain.MONTH), "2026-01-01", "2026-01-31");
    for (Object[] c : cases) {
      Kpi kpi = (Kpi) c[0];
      String expected = COMMON + c[2];
      assertEquals(c[1], kpi.table());
      assertEquals(expected, ddl(OutputTables.kpiSchema(kpi.schema())), kpi.table());
      // The computed rows, after the job's final projection, have the same names and types
      // (analysis only, nothing is executed).
      assertEquals(expected, ddl(KpiSupport.finish(kpi.compute(p), kpi.schema(), p.periods(),
          "run").schema()), kpi.table());
      assertTrue(KpiRegistry.names().contains(kpi.table()));
    }
  }
}
