/** The one JSON codec for wire messages; golden-file tests pin its output. */
package io.sextant.common.codec;
