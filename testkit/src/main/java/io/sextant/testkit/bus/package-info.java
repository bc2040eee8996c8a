/** The abstract contract test that every bus implementation must pass. */
package io.sextant.testkit.bus;
