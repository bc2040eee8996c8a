/**
 * Time for code written against {@link java.time.Clock}: {@link io.sextant.common.time.MutableClock}
 * moves only when told to, so the demo and tests run engines faster than real time. Wall-clock
 * scheduling lives with its users, not here.
 */
package io.sextant.common.time;
