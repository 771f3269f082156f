package com.customerkpis.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from properties: the bundled {@code kpi.properties} (a copy of
 * conf/kpi.properties), overlaid by {@code --config FILE}; the command line wins over both.
 * Keys are option names without dashes, e.g. {@code grain=month}.
 */
public final class ConfigDefaults implements IDefaultValueProvider {
  /** Classpath resource with the shipped defaults. */
  public static final String BUNDLED = "/kpi.properties";

  private final Properties props;
  private final Map<String, String> keySources;

  private ConfigDefaults(Properties props, Map<String, String> keySources) {
    this.props = props;
    this.keySources = keySources;
  }

  /** Every key and where it came from (the bundled defaults or the --config file). */
  public Map<String, String> keySources() {
    return Map.copyOf(keySources);
  }

  /** Loads the bundled defaults and, if given, the user's file over them. */
  public static ConfigDefaults load(Path configFile) {
    Properties p = new Properties();
    Map<String, String> sources = new HashMap<>();
    try (InputStream in = ConfigDefaults.class.getResourceAsStream(BUNDLED)) {
      if (in != null) {
        p.load(in);
      }
      p.stringPropertyNames().forEach(k -> sources.put(k, "the bundled defaults " + BUNDLED));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read bundled " + BUNDLED, e);
    }
    if (configFile != null) {
      if (!Files.isReadable(configFile)) {
        throw new IllegalArgumentException("--config file '" + configFile + "' is not readable");
      }
      Properties user = new Properties();
      try (Reader r = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
        user.load(r);
      } catch (IOException e) {
        throw new IllegalArgumentException("--config file '" + configFile + "' cannot be read: "
            + e.getMessage(), e);
      }
      p.putAll(user);
      user.stringPropertyNames().forEach(k -> sources.put(k, "--config file " + configFile));
    }
    return new ConfigDefaults(p, sources);
  }

  /** Finds {@code --config FILE} or {@code --config=FILE} in raw arguments. */
  public static Path configArg(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
    }
    return null;
  }

  /**
   * Returns {@code value}, an option's parsed value. Options take their defaults from the
   * properties only, never from code, so null means the bundled file lacks the key.
   *
   * @throws IllegalArgumentException naming the option when the value is null
   */
  public static <T> T required(T value, String option) {
    if (value == null) {
      throw new IllegalArgumentException(option + " has no value and no default");
    }
    return value;
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (argSpec instanceof OptionSpec o) {
      String key = o.longestName().replaceFirst("^-+", "");
      String v = props.getProperty(key);
      return v == null ? null : v.trim();
    }
    return null;
  }
}
