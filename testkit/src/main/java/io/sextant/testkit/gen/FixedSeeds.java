package io.sextant.testkit.gen;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Feeds a {@code @ParameterizedTest} with a {@code long} parameter the first {@link #value()}
 * seeds of a fixed list, the same in every run and on every machine. Name the cases
 * {@code @ParameterizedTest(name = "seed {0}")} for IDEs and test reports; the message of a failed
 * case starts with its seed too, since Maven's console names a case by its index only.
 *
 * <p>The system property {@value FixedSeedsProvider#PROPERTY} (comma-separated longs) replaces the
 * list, e.g. {@code -Dtestkit.seeds=-2152535657050944081} to rerun one failing case alone.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ArgumentsSource(FixedSeedsProvider.class)
@ExtendWith(SeedInFailures.class)
public @interface FixedSeeds {
  /** How many seeds: as many as keep the test class within about two seconds. */
  int value() default 200;
}
