/** Certificates for tests over real TLS connections, made by the JDK's keytool at run time. */
package io.sextant.testkit.tls;
