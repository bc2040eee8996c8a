/** The all-in-one assembly: every edge site and the centre in one JVM over the in-process bus. */
package io.sextant.deploy.allinone;
