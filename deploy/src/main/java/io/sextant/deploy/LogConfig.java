package io.sextant.deploy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The logging of every {@code sextant} command, in code rather than a logback.xml: Logback finds it
 * through {@code META-INF/services} before it looks for a file, so it never loads its XML
 * configurator and the JDK's XML parser (about 600 classes, some 4 MB of metaspace in every edge).
 * The CLI prints its own timeline to stdout; log lines go to stderr and only when they matter. A
 * {@code logback.xml} named by {@code -Dlogback.configurationFile}, or a test's {@code logback-test.xml},
 * still wins.
 */
public final class LogConfig extends ContextAwareBase implements Configurator {
  /** Loggers above WARN, the root's level. */
  static final Map<String, Level> LEVELS = Map.of(
      "io.zonky", Level.WARN,
      "org.flywaydb", Level.WARN,
      "com.zaxxer", Level.WARN,
      // The distributed-mode processes say what they do at INFO; the Pulsar client only when it
      // matters (the broker logs in its own JVM, see pulsar-standalone).
      "io.sextant.deploy.process", Level.INFO,
      "org.apache.pulsar", Level.WARN);

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || LogConfig.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
    LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
