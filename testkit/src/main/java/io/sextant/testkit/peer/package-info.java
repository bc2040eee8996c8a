/** The real servers and tools that integration tests start: how a test asks for one. */
package io.sextant.testkit.peer;
