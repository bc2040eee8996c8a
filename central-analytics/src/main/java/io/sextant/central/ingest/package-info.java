/** Bus to store intake: acknowledged only after commit, idempotent on message ids. */
package io.sextant.central.ingest;
