/** Controllable time for tests and the faster-than-real-time demo. */
package io.sextant.testkit.clock;
