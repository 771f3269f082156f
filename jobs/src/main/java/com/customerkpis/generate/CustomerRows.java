package com.customerkpis.generate;

import com.customerkpis.input.InputTable;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** One customers row per customer index, from its profile. */
final class CustomerRows implements TableRows {
  private static final long serialVersionUID = 1L;

  @Override
  public InputTable table() {
    return InputTable.CUSTOMERS;
  }

  @Override
  public long entities(Plan plan) {
    return plan.customers;
  }

  @Override
  public double rowsPerEntity(Plan plan) {
    return 1;
  }

  @Override
  public List<Row> rows(Plan plan, long entity) {
    Profile p = Profile.of(plan, entity);
    return List.of(RowFactory.create(p.customerId, EventRows.ts(p.signup), p.acquisitionChannel(),
        p.segment));
  }
}
