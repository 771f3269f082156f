package com.customerkpis.input;

import org.apache.spark.sql.types.DataType;

/**
 * One contract column of an input table.
 *
 * @param name column name
 * @param type the type the reader delivers
 * @param nullable whether the contract allows nulls
 * @param role how the reader validates and normalises it
 * @param blankAs for a dimension, the value a null or blank reads as (else null)
 */
public record ColumnSpec(String name, DataType type, boolean nullable, Role role,
    String blankAs) {

  /** What the reader does with a column beyond type coercion. */
  public enum Role {
    /** The table key: null or blank is quarantined as null_key. */
    KEY,
    /** A plain required or nullable value. */
    PLAIN,
    /** A nullable identifier: blank is read as null. */
    ID,
    /** Categorical value: matched trimmed and lower-cased. */
    CATEGORICAL,
    /** Dimension value: null or blank maps to {@link ColumnSpec#blankAs()}. */
    DIMENSION,
    /** Money: DECIMAL(18,2), must not be negative. */
    MONEY,
    /** The configured segment column of customers: null or blank maps to unknown. */
    SEGMENT
  }
}
