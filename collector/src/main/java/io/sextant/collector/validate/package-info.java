/** Per-sample validation: bad samples are rejected with a reason and counted, the rest kept. */
package io.sextant.collector.validate;
