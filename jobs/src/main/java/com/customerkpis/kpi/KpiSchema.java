package com.customerkpis.kpi;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** Short names of the column types KPI schemas declare, so that a schema reads as one list. */
final class KpiSchema {
  static final DataType STRING = DataTypes.StringType;
  static final DataType LONG = DataTypes.LongType;
  static final DataType INT = DataTypes.IntegerType;
  static final DataType DOUBLE = DataTypes.DoubleType;
  static final DataType DATE = DataTypes.DateType;
  static final DataType BOOLEAN = DataTypes.BooleanType;

  private KpiSchema() {}
}
