package com.customerkpis.generate;

import com.customerkpis.input.InputTable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** The orders of each customer (see {@link Orders}). */
final class OrderRows implements TableRows {
  private static final long serialVersionUID = 1L;

  @Override
  public InputTable table() {
    return InputTable.ORDERS;
  }

  @Override
  public long entities(Plan plan) {
    return plan.customers;
  }

  @Override
  public double rowsPerEntity(Plan plan) {
    return 2.0 * plan.months / 12.0;
  }

  @Override
  public List<Row> rows(Plan plan, long entity) {
    Profile p = Profile.of(plan, entity);
    long salt = Rand.mix(plan.seed ^ Orders.STREAM);
    List<Row> rows = new ArrayList<>();
    for (Orders.Order o : Orders.of(plan, p)) {
      String channel = o.channelNull() ? null : Model.CHANNELS[o.sessionChannel()];
      rows.add(RowFactory.create(
          "O" + Rand.hex16(Rand.mix(((entity << 12) | o.seq()) ^ salt)),
          p.customerId, EventRows.ts(o.ts()), BigDecimal.valueOf(o.cents(), 2), o.status(),
          channel));
    }
    return rows;
  }
}
