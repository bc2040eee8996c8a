package io.sextant.testkit.gen;

import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.AssertionFailedError;

/**
 * Puts the seed in front of the message of a failed {@link FixedSeeds} case. Maven's report names
 * a parameterized case by its index, not its display name, so without this a build log would not
 * say which seed to replay. Keeps the original stack trace and, for assertion failures, the
 * expected and actual values that IDEs diff.
 */
final class SeedInFailures implements InvocationInterceptor {
  @Override
  public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
      ExtensionContext context) throws Throwable {
    try {
      invocation.proceed();
    } catch (AssertionError | RuntimeException e) {
      if (call.getArguments().isEmpty() || !(call.getArguments().get(0) instanceof Long seed)) {
        throw e;
      }
      throw withSeed(e, "seed " + seed + " (-D" + FixedSeedsProvider.PROPERTY + "=" + seed + " replays it alone): ");
    }
  }

  private static Throwable withSeed(Throwable e, String prefix) {
    Throwable out;
    if (e instanceof AssertionFailedError f) {
      out = new AssertionFailedError(prefix + f.getMessage(), f.getExpected(), f.getActual(), f.getCause());
    } else if (e instanceof AssertionError) {
      out = new AssertionError(prefix + e.getMessage(), e.getCause());
    } else {
      out = new SeededException(prefix + e, e);
    }
    out.setStackTrace(e.getStackTrace());
    for (Throwable s : e.getSuppressed()) {
      out.addSuppressed(s);
    }
    return out;
  }

  /** An exception other than a failed assertion, thrown by a seeded case; the cause is the original. */
  static final class SeededException extends RuntimeException {
    SeededException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
