package com.customerkpis.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the input tables are and which column is the segment: shared by run and validate. */
public final class InputOptions {
  /** Long option names, also the keys of the defaults properties (without the dashes). */
  public static final String INPUT = "--input";
  public static final String TABLE_LOCATION = "--table-location";
  public static final String SEGMENT_COLUMN = "--segment-column";

  @Option(names = INPUT, required = true,
      description = "Input root: one Parquet directory per table.")
  String input;

  // Empty, not null, when none is given: RunConfig and InputSet take the map as it is.
  @Option(names = TABLE_LOCATION,
      description = "Override a table's location: TABLE=PATH (repeatable).")
  Map<String, String> tableLocations = new LinkedHashMap<>();

  @Option(names = SEGMENT_COLUMN,
      description = "customers column defining the segment (default: ${DEFAULT-VALUE}).")
  String segmentColumn;

  /** The input root as given. */
  public String input() {
    return input;
  }

  /** Table name to location overrides, in the order given. */
  public Map<String, String> tableLocations() {
    return tableLocations;
  }

  /**
   * The segment column, trimmed.
   *
   * @throws IllegalArgumentException when neither the command line nor the defaults set it, or
   *     it is blank
   */
  public String segmentColumn() {
    String seg = ConfigDefaults.required(segmentColumn, SEGMENT_COLUMN).trim();
    if (seg.isEmpty()) {
      throw new IllegalArgumentException(SEGMENT_COLUMN + " must not be blank");
    }
    return seg;
  }
}
