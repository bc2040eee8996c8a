package io.sextant.deploy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that runs with no other test class of this module running in another test JVM
 * ({@link TestJvmsTakeTurns}): the labs, whose timings are the product's (detect, locate and
 * protect within a minute, a 60× simulated clock), and which on 2 cores starved beside two other
 * process tests (CI, 2026-12-06/07: a centre 10 minutes of simulated time behind its edges, an
 * undetected loss learnt as normal).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RunsAlone {}
