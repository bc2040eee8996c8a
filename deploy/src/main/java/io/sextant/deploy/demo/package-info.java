/** The demo: the all-in-one system on the simulated cloud, its timeline and its scoring. */
package io.sextant.deploy.demo;
