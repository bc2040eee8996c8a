/** The edge reasoner: streaming detection and local repair for one site. */
package io.sextant.edge;
