package com.customerkpis.prep;

import static org.apache.spark.sql.functions.*;

import com.customerkpis.schema.Cols;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Identity stitching (SPEC §3): an anonymous_id is linked to the customer_id of the earliest event
 * carrying both (ties: smallest customer_id), from that event's time on.
 */
public final class VisitorKeys {
  /** Internal: the key used to sessionize events without session_id. */
  public static final String GROUPING_KEY = "grouping_key";

  /** Internal: the links' anonymous_id while they are joined to every event. */
  private static final String LINK_KEY = "_link_anonymous_id";

  private VisitorKeys() {}

  /** One row per linked anonymous_id: anonymous_id, link_ts, linked_customer. */
  public static Dataset<Row> links(Dataset<Row> events) {
    // The earliest (time, customer) per anonymous_id is the least of each pair's earliest time:
    // a hash aggregate per (anonymous_id, customer_id) first, so that the minimum of a struct
    // (a sort-based aggregate: its buffer holds a string) sorts one row per pair, not per event.
    return events
        .filter(col(Cols.CUSTOMER_ID).isNotNull().and(col(Cols.ANONYMOUS_ID).isNotNull()))
        .groupBy(col(Cols.ANONYMOUS_ID), col(Cols.CUSTOMER_ID))
        .agg(min(col(Cols.EVENT_TS)).as(Cols.EVENT_TS))
        .groupBy(col(Cols.ANONYMOUS_ID))
        .agg(min(struct(col(Cols.EVENT_TS), col(Cols.CUSTOMER_ID))).as("l"))
        .select(col(Cols.ANONYMOUS_ID), col("l." + Cols.EVENT_TS).as(Cols.LINK_TS),
            col("l." + Cols.CUSTOMER_ID).as(Cols.LINKED_CUSTOMER));
  }

  /**
   * Events with {@code local_date}, {@code link_ts}, {@code linked_customer} and the grouping key.
   * Only events without a customer_id need the link. With {@code broadcastLinks} every event is
   * read once and looks its link up in a copy of the links sent to each task; otherwise the
   * events are read twice, and only those without a customer_id are joined (a smaller shuffle
   * than all of them, for links too large to send to every task).
   *
   * @param links {@link #links} of the same events (built once and shared by the run)
   */
  public static Dataset<Row> keyed(Dataset<Row> events, Dataset<Row> links, RunScope scope,
      boolean broadcastLinks) {
    Dataset<Row> linked;
    if (broadcastLinks) {
      Dataset<Row> l = links.withColumnRenamed(Cols.ANONYMOUS_ID, LINK_KEY);
      // A null key never matches: events with a customer_id get null link columns.
      Column lookup = when(col(Cols.CUSTOMER_ID).isNull(), col(Cols.ANONYMOUS_ID));
      linked = events.join(broadcast(l), lookup.equalTo(l.col(LINK_KEY)), "left").drop(LINK_KEY);
    } else {
      Dataset<Row> known = events.filter(col(Cols.CUSTOMER_ID).isNotNull())
          .withColumn(Cols.LINK_TS, lit(null).cast("timestamp"))
          .withColumn(Cols.LINKED_CUSTOMER, lit(null).cast("string"));
      Dataset<Row> anon = events.filter(col(Cols.CUSTOMER_ID).isNull())
          .join(links, Cols.ANONYMOUS_ID, "left");
      linked = known.unionByName(anon);
    }
    return linked
        .withColumn(Cols.LOCAL_DATE, scope.localDate(col(Cols.EVENT_TS)))
        .withColumn(GROUPING_KEY,
            coalesce(col(Cols.CUSTOMER_ID), col(Cols.LINKED_CUSTOMER), col(Cols.ANONYMOUS_ID)));
  }

  /** The visitor key of a keyed event for a period ending at {@code periodEnd} (an instant). */
  public static Column visitorKey(Column periodEnd) {
    return coalesce(col(Cols.CUSTOMER_ID),
        when(col(Cols.LINK_TS).lt(periodEnd), col(Cols.LINKED_CUSTOMER)),
        col(Cols.ANONYMOUS_ID));
  }
}
