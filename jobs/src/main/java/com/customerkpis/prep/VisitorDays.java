package com.customerkpis.prep;

import static org.apache.spark.sql.functions.*;

import com.customerkpis.schema.Cols;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The keyed events reduced to one row per local day and identity, with the day's latest event
 * time: all that activity (SPEC §3) and active users need of the events, a fraction of their rows.
 */
public final class VisitorDays {
  private VisitorDays() {}

  /**
   * local_date, customer_id, anonymous_id (only when customer_id is null), link_ts,
   * linked_customer, event_ts (the latest of the day). Both readers derive their keys from these
   * columns alone: a linked customer's activity and a visitor key as of a period's end.
   */
  public static Dataset<Row> build(Dataset<Row> keyedEvents) {
    return keyedEvents
        .groupBy(col(Cols.LOCAL_DATE), col(Cols.CUSTOMER_ID),
            when(col(Cols.CUSTOMER_ID).isNull(), col(Cols.ANONYMOUS_ID)).as(Cols.ANONYMOUS_ID),
            col(Cols.LINK_TS), col(Cols.LINKED_CUSTOMER))
        .agg(max(col(Cols.EVENT_TS)).as(Cols.EVENT_TS));
  }
}
