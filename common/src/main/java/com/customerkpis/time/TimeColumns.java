package com.customerkpis.time;

import static org.apache.spark.sql.functions.*;

import com.customerkpis.schema.Cols;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Business-zone helpers as Column expressions. They assume the session time zone is UTC, which
 * {@code SparkSessions} enforces, so that instants are mapped to local dates only here.
 */
public final class TimeColumns {
  private TimeColumns() {}

  /** Schema of the periods table: one row per run period. */
  public static final StructType PERIODS_SCHEMA = new StructType()
      .add(Cols.PERIOD, DataTypes.StringType, false)
      .add(Cols.GRAIN, DataTypes.StringType, false)
      .add(Cols.PERIOD_START, DataTypes.DateType, false)
      .add(Cols.PERIOD_END, DataTypes.DateType, false)
      .add(Cols.P_START_TS, DataTypes.TimestampType, false)
      .add(Cols.P_END_TS, DataTypes.TimestampType, false)
      .add(Cols.P_START_DATE, DataTypes.DateType, false)
      .add(Cols.P_END_DATE_EXCL, DataTypes.DateType, false)
      .add(Cols.P_INDEX, DataTypes.IntegerType, false);

  /** Column: the local wall-clock timestamp of instant {@code ts} in {@code zone}. */
  public static Column localTs(Column ts, ZoneId zone) {
    return from_utc_timestamp(ts, zone.getId());
  }

  /** Column: the local date of instant {@code ts} in {@code zone}. */
  public static Column localDate(Column ts, ZoneId zone) {
    return to_date(localTs(ts, zone));
  }

  /** The run periods as a small Dataset (the common columns plus internal bounds). */
  public static Dataset<Row> periodsTable(SparkSession spark, List<Period> periods) {
    List<Row> rows = new ArrayList<>();
    int i = 0;
    for (Period p : periods) {
      rows.add(RowFactory.create(p.label(), p.grain().label(), Date.valueOf(p.firstDate()),
          Date.valueOf(p.lastDate()), Timestamp.from(p.start()), Timestamp.from(p.end()),
          Date.valueOf(p.firstDate()), Date.valueOf(p.nextFirstDate()), i++));
    }
    return spark.createDataFrame(rows, PERIODS_SCHEMA);
  }
}
