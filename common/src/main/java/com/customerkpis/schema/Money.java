package com.customerkpis.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/** The contract's money types: DECIMAL(18,2) amounts and DECIMAL(38,2) totals. */
public final class Money {
  private Money() {}

  /** Input amounts. */
  public static final DecimalType TYPE = DataTypes.createDecimalType(18, 2);
  /** Output totals. */
  public static final DecimalType TOTAL = DataTypes.createDecimalType(38, 2);
}
