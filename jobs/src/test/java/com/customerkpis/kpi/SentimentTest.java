package com.customerkpis.kpi;

import static com.customerkpis.testing.Rows.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.customerkpis.config.KpiParams;
import com.customerkpis.input.InputTable;
import com.customerkpis.testing.Fixtures;
import com.customerkpis.time.Grain;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed fixture for sentiment. */
public class SentimentTest {

  @Test
  void labelsWinAndMissingLabelsAreScored() {
    Fixtures f = new Fixtures()
        // mention_id, mention_ts, platform, text, sentiment
        .add(InputTable.MENTIONS, "m1", ts("2026-01-02T12:00:00Z"), "twitter", "whatever",
            " Positive ")
        .add(InputTable.MENTIONS, "m2", ts("2026-01-03T12:00:00Z"), "twitter", "Great product!",
            null)
        .add(InputTable.MENTIONS, "m3", ts("2026-01-04T12:00:00Z"), "twitter", "Not good at all",
            null)
        .add(InputTable.MENTIONS, "m4", ts("2026-01-05T12:00:00Z"), null, "O app é péssimo", null)
        .add(InputTable.MENTIONS, "m5", ts("2026-01-06T12:00:00Z"), "reddit", "Shipped Monday",
            "neutral")
        // the given label wins over the text
        .add(InputTable.MENTIONS, "m6", ts("2026-01-07T12:00:00Z"), "reddit", "love it",
            "negative")
        // blank label: scored from the text
        .add(InputTable.MENTIONS, "m7", ts("2026-01-08T12:00:00Z"), "reddit", "terrible support",
            "  ")
        .add(InputTable.MENTIONS, "m8", ts("2026-03-08T12:00:00Z"), "reddit", "after the window",
            null);
    KpiParams params = KpiParams.defaults(ZoneOffset.UTC, Grain.MONTH);
    var out = Sentiment.KPI.compute(f.prepare(params, "2026-01-01", "2026-02-28"));
    // January: positive m1 m2; neutral m5; negative m3 m4 m6 m7 → (2 − 4) / 7
    assertEquals(List.of(
        "2026-01|ALL|ALL|7|2|1|4|-0.2857",
        "2026-01|ALL|reddit|3|0|1|2|-0.6667",
        "2026-01|ALL|twitter|3|2|0|1|0.3333",
        "2026-01|ALL|unknown|1|0|0|1|-1.0000",
        "2026-02|ALL|ALL|0|0|0|0|null"),
        Fixtures.render(out, "period", "segment", "platform", "mentions", "positive", "neutral",
            "negative", "net_sentiment"));
  }
}
