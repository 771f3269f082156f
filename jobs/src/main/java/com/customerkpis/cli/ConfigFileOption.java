package com.customerkpis.cli;

import picocli.CommandLine.Option;

/**
 * {@code --config FILE}: a properties file whose values override the bundled option defaults.
 *
 * <p>{@link KpiCli} reads the file from the raw arguments before parsing (defaults must be known
 * before picocli applies them); this mixin declares the option so that parsing accepts it and
 * help lists it.
 */
public final class ConfigFileOption {
  /** Long option name; the one option that is not a key of the properties. */
  public static final String CONFIG = "--config";

  @Option(names = CONFIG, description = "Properties file with option defaults.")
  String config;
}
