package com.customerkpis.time;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** The periods of a run: every period of the grain overlapping an inclusive local-date window. */
public final class RunWindow {
  /** Upper bound on the periods of one run, so a typo cannot schedule a million periods. */
  public static final int MAX_PERIODS = 5000;

  private RunWindow() {}

  /** Periods overlapping [from, to] (inclusive dates), in order. */
  public static List<Period> periods(Grain grain, LocalDate from, LocalDate to, ZoneId zone) {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("invalid window: --to " + to + " is before --from " + from);
    }
    List<Period> out = new ArrayList<>();
    Period p = Period.containing(grain, from, zone);
    while (!p.firstDate().isAfter(to)) {
      out.add(p);
      if (out.size() > MAX_PERIODS) {
        throw new IllegalArgumentException("window " + from + ".." + to + " spans more than "
            + MAX_PERIODS + " " + grain.label() + " periods");
      }
      p = Period.containing(grain, p.nextFirstDate(), zone);
    }
    return out;
  }

  /** The single period with this label. */
  public static Period ofLabel(Grain grain, String label, ZoneId zone) {
    return Period.containing(grain, grain.parseLabel(label), zone);
  }
}
