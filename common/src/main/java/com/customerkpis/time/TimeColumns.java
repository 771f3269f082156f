package com.customerkpis.time;

import static org.apache.spark.sql.functions.*;

import com.customerkpis.schema.Cols;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
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

  /** Microseconds in a day of a zone with a fixed offset. */
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  /** Column: the local date of instant {@code ts} in {@code zone}. */
  public static Column localDate(Column ts, ZoneId zone) {
    ZoneRules rules = zone.getRules();
    if (rules.isFixedOffset()) {
      // UTC or a fixed offset: the day number is integer arithmetic, the same date as the zone
      // conversion below without its two java.time conversions per row (3 % of a 100k run's
      // task time; docs/performance.md, tenth round). Exact while |micros| < 2^53 (years
      // 1685-2255); inputs are validated to [1990, 2100).
      long offset = rules.getOffset(Instant.EPOCH).getTotalSeconds() * 1_000_000L;
      Column micros = unix_micros(ts).plus(offset);
      Column day = micros.minus(pmod(micros, lit(MICROS_PER_DAY))).divide(MICROS_PER_DAY);
      return date_from_unix_date(day.cast("int"));
    }
    return zoneRulesLocalDate(ts, zone);
  }

  /** Column: the local date of instant {@code ts} by the zone's rules (any zone). */
  static Column zoneRulesLocalDate(Column ts, ZoneId zone) {
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
