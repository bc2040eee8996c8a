/** Simulated time shared by processes: a scaled wall clock, the same function of wall time in every process. */
package io.sextant.deploy.time;
