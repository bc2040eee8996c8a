package io.sextant.deploy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Lets a {@link RunsAlone} class run with no other class of this module's test JVMs (surefire
 * forks three): every top-level class holds a shared lock on {@code target/test-jvms.lock} while it
 * runs, a {@code RunsAlone} class an exclusive one. Every class queues on a second lock (the
 * turnstile) before taking its own, so a waiting {@code RunsAlone} class is not overtaken by the
 * other JVMs' next classes. Registered for every class of the module by JUnit's extension
 * auto-detection (src/test/resources).
 */
public final class TestJvmsTakeTurns implements BeforeAllCallback, AfterAllCallback {
  /** The module's {@code target/}: surefire sets {@code basedir}; the test JVM's working directory is only its default. */
  private static final Path DIR = Path.of(System.getProperty("basedir", "."), "target");
  private static final Object HELD = new Object();
  private static final ExtensionContext.Namespace TURNS = ExtensionContext.Namespace.create(TestJvmsTakeTurns.class);

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    if (!topLevel(context)) {
      return;
    }
    boolean alone = context.getRequiredTestClass().isAnnotationPresent(RunsAlone.class);
    Files.createDirectories(DIR);
    FileLock held;
    try (FileChannel turnstile = open("test-jvms.turnstile"); FileLock turn = turnstile.lock()) {
      FileChannel channel = open("test-jvms.lock");
      held = channel.lock(0, Long.MAX_VALUE, !alone);
    }
    context.getStore(TURNS).put(HELD, held);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (!topLevel(context)) {
      return;
    }
    FileLock held = context.getStore(TURNS).remove(HELD, FileLock.class);
    if (held != null) {
      held.release();
      held.channel().close();
    }
  }

  /** Nested classes run inside their outer class's turn (a JVM cannot lock a file twice). */
  private static boolean topLevel(ExtensionContext context) {
    return context.getTestClass().map(c -> c.getEnclosingClass() == null).orElse(false);
  }

  private static FileChannel open(String name) throws IOException {
    return FileChannel.open(DIR.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
  }
}
