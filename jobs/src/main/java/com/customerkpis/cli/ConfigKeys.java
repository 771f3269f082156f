package com.customerkpis.cli;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Checks the keys of the option-defaults properties against the options the CLI has: a key that
 * names no option (a typo such as {@code timezon}) is a usage error naming the closest valid key.
 */
public final class ConfigKeys {
  private ConfigKeys() {}

  /** Long option names without dashes, of the command and all its subcommands. */
  public static Set<String> valid(CommandLine root) {
    Set<String> out = new TreeSet<>();
    collect(root, out);
    out.remove("help");
    out.remove("version");
    out.remove(ConfigFileOption.CONFIG.replaceFirst("^-+", "")); // a file cannot name another
    return out;
  }

  private static void collect(CommandLine cl, Set<String> out) {
    for (OptionSpec o : cl.getCommandSpec().options()) {
      out.add(o.longestName().replaceFirst("^-+", ""));
    }
    cl.getSubcommands().values().forEach(sub -> collect(sub, out));
  }

  /**
   * Throws {@link IllegalArgumentException} for the first unknown key (keys in sorted order).
   *
   * @param keySources each key and where it came from, e.g. "--config file conf/my.properties"
   */
  public static void check(Map<String, String> keySources, Set<String> valid) {
    new TreeSet<>(keySources.keySet()).stream().filter(k -> !valid.contains(k)).findFirst()
        .ifPresent(k -> {
          throw new IllegalArgumentException("unknown key '" + k + "' in " + keySources.get(k)
              + ": did you mean '" + closest(k, valid) + "'? (keys are option names without"
              + " dashes)");
        });
  }

  /** The valid key with the smallest edit distance to {@code key} (ties: alphabetical). */
  static String closest(String key, Set<String> valid) {
    return valid.stream()
        .min(Comparator.<String>comparingInt(v -> distance(key, v)).thenComparing(v -> v))
        .orElse("");
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
