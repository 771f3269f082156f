package com.customerkpis.generate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a generation wrote.
 *
 * @param rowsWritten rows per input table name (bad rows and duplicates included), in SPEC order
 * @param outputDir the directory written
 * @param seconds wall time of the generation
 */
public record GeneratorResult(Map<String, Long> rowsWritten, String outputDir, double seconds) {

  /** Copies the map so the result stays immutable and keeps the table order. */
  public GeneratorResult {
    rowsWritten = Collections.unmodifiableMap(new LinkedHashMap<>(rowsWritten));
  }

  /** Total rows over all tables. */
  public long totalRows() {
    return rowsWritten.values().stream().mapToLong(Long::longValue).sum();
  }
}
