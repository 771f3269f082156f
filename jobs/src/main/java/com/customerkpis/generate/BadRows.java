package com.customerkpis.generate;

import com.customerkpis.input.Reason;
import com.customerkpis.input.ColumnSpec;
import com.customerkpis.input.ColumnSpec.Role;
import com.customerkpis.input.SurveyType;
import com.customerkpis.schema.Cols;
import com.customerkpis.input.InputTable;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Bad rows: corrupted copies of clean rows (each with one quarantine reason and a key of its own)
 * and exact duplicates. They are added beside the clean rows, so the clean data, and what the
 * truth describes, is the same whatever the bad-row share.
 */
final class BadRows {
  static final long STREAM = 0x4241445f524f5753L;
  /** Duplicates per keyed table that are always injected when bad rows are asked for. */
  static final int GUARANTEED_DUPLICATES = 3;
  private static final Timestamp[] BAD_TS = {
      Timestamp.valueOf("1970-01-01 00:00:00"), Timestamp.valueOf("1899-12-31 00:00:00"),
      Timestamp.valueOf("2150-06-01 00:00:00")};
  private static final Date[] BAD_DATES = {
      Date.valueOf(LocalDate.of(1970, 1, 1)), Date.valueOf(LocalDate.of(2100, 1, 1))};
  /** 1990-01-01T00:00Z, the lower bound of valid instants. */
  private static final long FLOOR_MILLIS = 631_152_000_000L;
  private static final String[] BAD_SURVEY_TYPES = {"star_rating", "thumbs", "csat5", "n/a"};

  private BadRows() {}

  /** The reasons a row of {@code table} can be quarantined for, in the order they are tried. */
  static List<Reason> applicable(InputTable table) {
    List<Reason> out = new ArrayList<>();
    List<ColumnSpec> specs = table.columns();
    for (Reason reason : Reason.values()) {
      boolean applies = switch (reason) {
        case NULL_KEY -> table.key().isPresent();
        case NO_IDENTITY -> table == InputTable.EVENTS;
        // Only a type variant (DOUBLE, BIGINT) can hold such a value; the generator writes the
        // declared types, so this reason never applies (and the generated data stays the same).
        case VALUE_OUT_OF_RANGE -> false;
        case NULL_REQUIRED -> specs.stream().anyMatch(s -> !s.nullable() && s.role() != Role.KEY);
        case TIMESTAMP_OUT_OF_RANGE -> specs.stream()
            .anyMatch(s -> s.type() instanceof TimestampType || s.type() instanceof DateType);
        case NEGATIVE_AMOUNT -> specs.stream().anyMatch(s -> s.role() == Role.MONEY);
        case SCORE_OUT_OF_SCALE, UNKNOWN_SURVEY_TYPE -> table == InputTable.SURVEYS;
        case ENDS_BEFORE_START -> table == InputTable.TICKETS || table == InputTable.SUBSCRIPTIONS;
      };
      if (applies) {
        out.add(reason);
      }
    }
    return out;
  }

  /**
   * The rows of one entity with bad rows mixed in: each clean row gets a corrupted copy with
   * probability share/(1-share), so about {@code share} of all rows are bad, and an exact
   * duplicate with probability share/10.
   */
  static List<Row> withBadRows(Plan plan, TableRows gen, long entity) {
    List<Row> clean = gen.rows(plan, entity);
    if (plan.badRowShare <= 0 || clean.isEmpty()) {
      return clean;
    }
    InputTable table = gen.table();
    List<Reason> reasons = applicable(table);
    boolean keyed = table.key().isPresent();
    // A stream of its own, so the clean rows do not depend on the bad-row share.
    SplittableRandom r = Rand.of(plan.seed, STREAM + table.ordinal(), entity);
    double pBad = plan.badRowShare / (1 - plan.badRowShare);
    double pDup = plan.badRowShare / 10;
    List<Row> out = new ArrayList<>(clean.size() + 2);
    for (Row row : clean) {
      out.add(row);
      if (Rand.chance(r, pBad)) {
        out.add(corrupt(table, row, reasons.get(r.nextInt(reasons.size())), "~bad", r));
      }
      if (keyed && Rand.chance(r, pDup)) {
        out.add(row);
      }
    }
    return out;
  }

  /** Number of coverage rows of a table: one per applicable reason plus a few duplicates. */
  static int coverageCount(InputTable table) {
    return applicable(table).size() + (table.key().isPresent() ? GUARANTEED_DUPLICATES : 0);
  }

  /**
   * Coverage row {@code k}: a clean row of some entity that has rows, corrupted with the k-th
   * applicable reason, or (beyond the reasons) duplicated, so every reason occurs at least once.
   */
  static List<Row> coverage(Plan plan, TableRows gen, long k) {
    InputTable table = gen.table();
    List<Reason> reasons = applicable(table);
    SplittableRandom r = Rand.of(plan.seed, STREAM - 1 - table.ordinal(), k);
    long n = gen.entities(plan);
    long e = Math.floorMod(r.nextLong(), n);
    List<Row> rows = List.of();
    // Entities without rows (a customer with no tickets) are skipped; the scan is bounded.
    for (int tries = 0; tries < 100_000 && rows.isEmpty(); tries++) {
      rows = gen.rows(plan, e);
      e = (e + 1) % n;
    }
    if (rows.isEmpty()) {
      return List.of();
    }
    Row row = rows.get(r.nextInt(rows.size()));
    // The clean row itself is already in the table: add one copy, or one corrupted copy.
    if (k >= reasons.size()) {
      return List.of(row);
    }
    return List.of(corrupt(table, row, reasons.get((int) k), "~cov" + k, r));
  }

  /** A copy of {@code row} that fails exactly with {@code reason} (the first reason that applies). */
  static Row corrupt(InputTable table, Row row, Reason reason, String keySuffix, SplittableRandom r) {
    List<ColumnSpec> specs = table.columns();
    Object[] v = new Object[specs.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = row.get(i);
    }
    int key = indexOf(specs, Role.KEY);
    if (key >= 0) {
      v[key] = reason == Reason.NULL_KEY ? (r.nextBoolean() ? null : "  ") : v[key] + keySuffix;
    }
    switch (reason) {
      case NULL_KEY -> { }
      case NO_IDENTITY -> {
        v[index(specs, Cols.CUSTOMER_ID)] = null;
        v[index(specs, Cols.ANONYMOUS_ID)] = r.nextBoolean() ? null : " ";
      }
      case NULL_REQUIRED -> {
        List<Integer> required = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
          if (!specs.get(i).nullable() && specs.get(i).role() != Role.KEY) {
            required.add(i);
          }
        }
        int i = required.get(r.nextInt(required.size()));
        v[i] = specs.get(i).type() instanceof StringType && r.nextBoolean() ? " " : null;
      }
      case TIMESTAMP_OUT_OF_RANGE -> {
        List<Integer> times = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
          DataTypeKind kind = kind(specs.get(i));
          if (kind != DataTypeKind.OTHER && v[i] != null) {
            times.add(i);
          }
        }
        int i = times.get(r.nextInt(times.size()));
        v[i] = kind(specs.get(i)) == DataTypeKind.DATE ? BAD_DATES[r.nextInt(BAD_DATES.length)]
            : BAD_TS[r.nextInt(BAD_TS.length)];
      }
      case NEGATIVE_AMOUNT -> {
        int i = indexOf(specs, Role.MONEY);
        BigDecimal amount = (BigDecimal) v[i];
        v[i] = amount.signum() == 0 ? new BigDecimal("-1.00") : amount.negate();
      }
      case SCORE_OUT_OF_SCALE -> {
        String type = ((String) v[index(specs, Cols.SURVEY_TYPE)]).trim().toLowerCase(Locale.ROOT);
        int max = SurveyType.valueOf(type.toUpperCase(Locale.ROOT)).maxScore();
        v[index(specs, Cols.SCORE)] = r.nextBoolean() ? -1 : max + 1 + r.nextInt(5);
      }
      case UNKNOWN_SURVEY_TYPE ->
          v[index(specs, Cols.SURVEY_TYPE)] = BAD_SURVEY_TYPES[r.nextInt(BAD_SURVEY_TYPES.length)];
      case ENDS_BEFORE_START -> {
        if (table == InputTable.TICKETS) {
          Timestamp created = (Timestamp) v[index(specs, Cols.CREATED_TS)];
          // Never below the range floor, so the row fails for this reason and no earlier one.
          v[index(specs, Cols.RESOLVED_TS)] = new Timestamp(Math.max(FLOOR_MILLIS,
              created.getTime() - (1 + r.nextInt(72)) * 3_600_000L));
        } else {
          Timestamp start = (Timestamp) v[index(specs, Cols.START_TS)];
          v[index(specs, Cols.END_TS)] = new Timestamp(Math.max(FLOOR_MILLIS,
              start.getTime() - (1 + r.nextInt(30)) * 86_400_000L));
        }
      }
      default -> throw new IllegalArgumentException("no corruption for " + reason);
    }
    return RowFactory.create(v);
  }

  private enum DataTypeKind { TIMESTAMP, DATE, OTHER }

  private static DataTypeKind kind(ColumnSpec s) {
    return s.type() instanceof TimestampType ? DataTypeKind.TIMESTAMP
        : s.type() instanceof DateType ? DataTypeKind.DATE : DataTypeKind.OTHER;
  }

  private static int indexOf(List<ColumnSpec> specs, Role role) {
    for (int i = 0; i < specs.size(); i++) {
      if (specs.get(i).role() == role) {
        return i;
      }
    }
    return -1;
  }

  private static int index(List<ColumnSpec> specs, String name) {
    for (int i = 0; i < specs.size(); i++) {
      if (specs.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no column " + name);
  }
}
