/**
 * Root-cause analysis over a service dependency graph: given a symptom (an alarmed KPI of a
 * component at a time), rank the components that can cause it (the component and its
 * dependencies, transitively) by how far their metrics stray from their normal behaviour and by
 * where they sit in the graph. The graph is the topology's {@code depends-on} joined with the
 * calls the edges learn from traces ({@code LearnedCalls}). Plain Java, no framework, no I/O:
 * {@code rca.eval} reads the evaluation layout, the diagnoser feeds it live windows.
 */
package io.sextant.central.rca;
