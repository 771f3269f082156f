package com.customerkpis.design;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package map of docs/design.md as a rule: a package imports only packages of lower layers
 * (never one above it, never a sibling), checked over the main sources of both modules.
 */
class PackageLayersTest {
  /** Layer of each package, bottom (0) to top; the order docs/design.md describes. */
  static final Map<String, Integer> LAYER = Map.ofEntries(
      Map.entry("schema", 0), Map.entry("spark", 0),
      Map.entry("time", 1),
      Map.entry("input", 2), Map.entry("output", 2),
      Map.entry("config", 3), Map.entry("clv", 3), Map.entry("generate", 3),
      Map.entry("prep", 4),
      Map.entry("kpi", 5),
      Map.entry("job", 6), Map.entry("report", 6),
      Map.entry("cli", 7));

  private static final Pattern REF = Pattern.compile("com\\.customerkpis\\.([a-z]+)\\.");

  /** The checkout root: tests run from jobs/ or, on Spark 4, from spark4/jobs/. */
  static Path root() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("common/src/main/java"))
          && Files.isDirectory(d.resolve("jobs/src/main/java"))) {
        return d;
      }
    }
    throw new IllegalStateException("checkout root not found above " + Path.of("").toAbsolutePath());
  }

  @Test
  void noPackageImportsOneAboveItOrASibling() throws IOException {
    List<String> violations = new ArrayList<>();
    int files = 0;
    for (String module : List.of("common", "jobs")) {
      Path src = root().resolve(module).resolve("src/main/java/com/customerkpis");
      try (Stream<Path> s = Files.walk(src)) {
        for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
          files++;
          String pkg = src.relativize(f).getName(0).toString();
          Integer own = LAYER.get(pkg);
          assertNotNull(own, "package " + pkg + " has no layer in this test and docs/design.md");
          Matcher m = REF.matcher(Files.readString(f));
          while (m.find()) {
            String used = m.group(1);
            Integer theirs = LAYER.get(used);
            if (!used.equals(pkg) && (theirs == null || theirs >= own)) {
              violations.add(src.relativize(f) + " uses " + used);
            }
          }
        }
      }
    }
    assertTrue(files > 100, "read " + files + " source files");
    assertEquals(List.of(), violations.stream().distinct().toList());
  }
}
