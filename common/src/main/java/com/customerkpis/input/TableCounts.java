package com.customerkpis.input;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Row accounting of one input table: read = kept + quarantined + duplicates dropped.
 *
 * @param table table name
 * @param read rows read
 * @param kept rows kept after quarantine and de-duplication
 * @param quarantined quarantined rows by reason code
 * @param duplicatesDropped duplicate-key rows dropped
 */
public record TableCounts(String table, long read, long kept, Map<String, Long> quarantined,
    long duplicatesDropped) {

  /** Copies the map so the record stays immutable. */
  public TableCounts {
    quarantined = Collections.unmodifiableMap(new LinkedHashMap<>(quarantined));
  }

  /** Total quarantined rows. */
  public long quarantinedTotal() {
    return quarantined.values().stream().mapToLong(Long::longValue).sum();
  }

  /** True when nothing was lost: read = kept + quarantined + duplicates dropped. */
  public boolean balanced() {
    return read == kept + quarantinedTotal() + duplicatesDropped;
  }
}
