package com.customerkpis.generate;

import com.customerkpis.input.InputTable;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;

/** Generates the rows of one input table, entity by entity, from nothing but the plan. */
interface TableRows extends Serializable {

  InputTable table();

  /** Size of the entity range the table is generated from. */
  long entities(Plan plan);

  /** Expected rows per entity, used only to size partitions. */
  double rowsPerEntity(Plan plan);

  /** The clean rows of one entity, in the contract column order; deterministic. */
  List<Row> rows(Plan plan, long entity);
}
