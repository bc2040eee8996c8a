/** The {@code sextant} command line (picocli); each subcommand delegates to a plain class. */
package io.sextant.deploy.cli;
