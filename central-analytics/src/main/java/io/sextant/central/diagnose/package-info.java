/** Diagnosis: from edge evidence to located faults (links by tomography, GPU nodes by rule). */
package io.sextant.central.diagnose;
