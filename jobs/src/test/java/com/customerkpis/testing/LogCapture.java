package com.customerkpis.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures our own log lines (logger com.customerkpis) at INFO while open, for tests about the
 * progress lines the test log configuration otherwise keeps quiet; captured lines are not printed.
 */
public final class LogCapture implements AutoCloseable {
  private static final String LOGGER = "com.customerkpis";
  private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
  private final AbstractAppender appender = new AbstractAppender("LogCapture", null, null, true,
      Property.EMPTY_ARRAY) {
    @Override
    public void append(LogEvent event) {
      lines.add(event.getLevel() + " " + event.getLoggerName() + ": "
          + event.getMessage().getFormattedMessage());
    }
  };
  private final LoggerContext ctx;
  private final LoggerConfig config;
  private final Level oldLevel;
  private final boolean oldAdditive;

  private LogCapture(LoggerContext ctx, LoggerConfig config) {
    this.ctx = ctx;
    this.config = config;
    this.oldLevel = config.getLevel();
    this.oldAdditive = config.isAdditive();
  }

  /** Starts capturing com.customerkpis at INFO (its own logger config, from the test config). */
  public static LogCapture start() {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration cfg = ctx.getConfiguration();
    LoggerConfig lc = cfg.getLoggerConfig(LOGGER);
    if (!lc.getName().equals(LOGGER)) {
      throw new IllegalStateException("no logger config " + LOGGER + " in "
          + cfg.getConfigurationSource());
    }
    LogCapture c = new LogCapture(ctx, lc);
    c.start0();
    return c;
  }

  private void start0() {
    appender.start();
    config.addAppender(appender, Level.ALL, null);
    config.setLevel(Level.INFO);
    config.setAdditive(false);
    ctx.updateLoggers();
  }

  /** The lines captured so far: "LEVEL logger: message". */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    config.removeAppender(appender.getName());
    config.setLevel(oldLevel);
    config.setAdditive(oldAdditive);
    ctx.updateLoggers();
    appender.stop();
  }
}
