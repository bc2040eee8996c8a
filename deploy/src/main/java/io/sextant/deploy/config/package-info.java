/**
 * Configuration files of the central and edge processes: validated records read from YAML, with
 * errors that name the file, the field and the reason. Documented examples are in deploy/config/.
 */
package io.sextant.deploy.config;
