/**
 * The central and edge processes of the distributed mode over Pulsar: their assembly around the
 * shared pipelines, commands to the edges and their application to every copy of the cloud, and
 * what an edge keeps across a kill. Not the pipelines themselves (see {@code assembly}).
 */
package io.sextant.deploy.process;
