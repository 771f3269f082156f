package com.customerkpis.input;

import static com.customerkpis.input.ColumnSpec.Role.*;
import static com.customerkpis.schema.Cols.*;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import com.customerkpis.input.ColumnSpec.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import com.customerkpis.schema.Cols;
import com.customerkpis.schema.Money;

/** The input tables of SPEC §2 with their declared columns, in contract order. */
public enum InputTable {
  CUSTOMERS("customers", List.of(
      c(CUSTOMER_ID, DataTypes.StringType, false, KEY),
      c(SIGNUP_TS, DataTypes.TimestampType, false, PLAIN),
      c(ACQUISITION_CHANNEL, DataTypes.StringType, true, DIMENSION),
      c(Cols.SEGMENT, DataTypes.StringType, true, Role.SEGMENT))),
  EVENTS("events", List.of(
      c(EVENT_ID, DataTypes.StringType, false, KEY),
      c(EVENT_TS, DataTypes.TimestampType, false, PLAIN),
      c(CUSTOMER_ID, DataTypes.StringType, true, ID),
      c(ANONYMOUS_ID, DataTypes.StringType, true, ID),
      c(SESSION_ID, DataTypes.StringType, true, ID),
      c(EVENT_TYPE, DataTypes.StringType, false, CATEGORICAL),
      new ColumnSpec(CHANNEL, DataTypes.StringType, true, DIMENSION, DIRECT),
      c(PAGE, DataTypes.StringType, true, DIMENSION),
      c(DEVICE, DataTypes.StringType, true, DIMENSION))),
  ORDERS("orders", List.of(
      c(ORDER_ID, DataTypes.StringType, false, KEY),
      c(CUSTOMER_ID, DataTypes.StringType, false, PLAIN),
      c(ORDER_TS, DataTypes.TimestampType, false, PLAIN),
      c(AMOUNT, Money.TYPE, false, MONEY),
      c(STATUS, DataTypes.StringType, false, CATEGORICAL),
      c(CHANNEL, DataTypes.StringType, true, DIMENSION))),
  SURVEYS("surveys", List.of(
      c(RESPONSE_ID, DataTypes.StringType, false, KEY),
      c(CUSTOMER_ID, DataTypes.StringType, true, ID),
      c(SURVEY_TYPE, DataTypes.StringType, false, CATEGORICAL),
      c(SCORE, DataTypes.IntegerType, false, PLAIN),
      c(CHANNEL, DataTypes.StringType, true, DIMENSION),
      c(RESPONDED_TS, DataTypes.TimestampType, false, PLAIN))),
  TICKETS("tickets", List.of(
      c(TICKET_ID, DataTypes.StringType, false, KEY),
      c(CUSTOMER_ID, DataTypes.StringType, true, ID),
      c(CHANNEL, DataTypes.StringType, true, DIMENSION),
      c(CREATED_TS, DataTypes.TimestampType, false, PLAIN),
      c(FIRST_RESPONSE_TS, DataTypes.TimestampType, true, PLAIN),
      c(RESOLVED_TS, DataTypes.TimestampType, true, PLAIN),
      c(AGENT_REPLIES, DataTypes.IntegerType, true, PLAIN),
      c(REOPENED, DataTypes.BooleanType, true, PLAIN))),
  SUBSCRIPTIONS("subscriptions", List.of(
      c(SUBSCRIPTION_ID, DataTypes.StringType, false, KEY),
      c(CUSTOMER_ID, DataTypes.StringType, false, PLAIN),
      c(MRR, Money.TYPE, false, MONEY),
      c(START_TS, DataTypes.TimestampType, false, PLAIN),
      c(END_TS, DataTypes.TimestampType, true, PLAIN))),
  MARKETING_SPEND("marketing_spend", List.of(
      c(SPEND_DATE, DataTypes.DateType, false, PLAIN),
      c(CHANNEL, DataTypes.StringType, true, DIMENSION),
      c(AMOUNT, Money.TYPE, false, MONEY))),
  MENTIONS("mentions", List.of(
      c(MENTION_ID, DataTypes.StringType, false, KEY),
      c(MENTION_TS, DataTypes.TimestampType, false, PLAIN),
      c(PLATFORM, DataTypes.StringType, true, DIMENSION),
      c(TEXT, DataTypes.StringType, false, PLAIN),
      c(SENTIMENT, DataTypes.StringType, true, CATEGORICAL))),
  REFERRALS("referrals", List.of(
      c(REFERRAL_ID, DataTypes.StringType, false, KEY),
      c(REFERRER_ID, DataTypes.StringType, false, PLAIN),
      c(REFERRED_TS, DataTypes.TimestampType, false, PLAIN),
      c(REFERRED_CUSTOMER_ID, DataTypes.StringType, true, ID)));

  private final String tableName;
  private final List<ColumnSpec> columns;

  InputTable(String tableName, List<ColumnSpec> columns) {
    this.tableName = tableName;
    this.columns = columns;
  }

  /**
   * A row rule of this table beyond the column-wise ones every table gets (key, required, type,
   * range, money): the reason and the condition under which a row gets it.
   */
  public record RowRule(Reason reason, Column condition) {}

  /**
   * This table's own row rules (SPEC §2): an event needs an identity, a survey score lies on its
   * type's scale, a ticket or subscription does not end before it starts. Conditions read the
   * conformed (not yet normalised) columns.
   */
  public List<RowRule> rowRules() {
    return switch (this) {
      case EVENTS -> List.of(new RowRule(Reason.NO_IDENTITY,
          blank(col(CUSTOMER_ID)).and(blank(col(ANONYMOUS_ID)))));
      case SURVEYS -> {
        Column type = lower(trim(col(SURVEY_TYPE)));
        Column outOfScale = lit(false);
        List<String> known = new ArrayList<>();
        for (SurveyType t : SurveyType.values()) {
          outOfScale = when(type.equalTo(t.code()),
              not(col(SCORE).between(t.minScore(), t.maxScore()))).otherwise(outOfScale);
          known.add(t.code());
        }
        yield List.of(new RowRule(Reason.SCORE_OUT_OF_SCALE, outOfScale),
            new RowRule(Reason.UNKNOWN_SURVEY_TYPE, not(type.isin(known.toArray()))));
      }
      case TICKETS -> List.of(new RowRule(Reason.ENDS_BEFORE_START,
          coalesce(col(RESOLVED_TS).lt(col(CREATED_TS)), lit(false))
              .or(coalesce(col(FIRST_RESPONSE_TS).lt(col(CREATED_TS)), lit(false)))));
      case SUBSCRIPTIONS -> List.of(new RowRule(Reason.ENDS_BEFORE_START,
          coalesce(col(END_TS).lt(col(START_TS)), lit(false))));
      default -> List.of();
    };
  }

  /** Null, or a string of spaces only. */
  static Column blank(Column c) {
    return c.isNull().or(trim(c).equalTo(lit("")));
  }

  /** The directory and table name under --input. */
  public String tableName() {
    return tableName;
  }

  /** Contract columns in SPEC order (the segment column of customers is the default one). */
  public List<ColumnSpec> columns() {
    return columns;
  }

  /**
   * Contract columns with the configured segment column in place of {@code segment} for customers.
   */
  public List<ColumnSpec> columns(String segmentColumn) {
    if (this != CUSTOMERS || Cols.SEGMENT.equals(segmentColumn)) {
      return columns;
    }
    List<ColumnSpec> out = new ArrayList<>();
    for (ColumnSpec spec : columns) {
      out.add(spec.role() == Role.SEGMENT
          ? new ColumnSpec(segmentColumn, spec.type(), true, Role.SEGMENT, spec.blankAs())
          : spec);
    }
    return out;
  }

  /** The key column, if the table has one (marketing_spend has none). */
  public Optional<ColumnSpec> key() {
    return columns.stream().filter(s -> s.role() == Role.KEY).findFirst();
  }

  /**
   * The declared schema the reader delivers (segment column renamed to {@code segment}). Every
   * field is nullable: required columns are enforced by quarantine, not by the type system, so
   * that a null in a required column is counted rather than failing the optimizer.
   */
  public StructType schema() {
    List<StructField> fields = new ArrayList<>();
    for (ColumnSpec s : columns) {
      fields.add(DataTypes.createStructField(s.name(), s.type(), true));
    }
    return DataTypes.createStructType(fields);
  }

  /** Looks a table up by its contract name. */
  public static Optional<InputTable> byName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (InputTable t : values()) {
      if (t.tableName.equals(n)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  private static ColumnSpec c(String name, DataType type, boolean nullable, Role role) {
    return new ColumnSpec(name, type, nullable, role, role == DIMENSION ? UNKNOWN : null);
  }
}
