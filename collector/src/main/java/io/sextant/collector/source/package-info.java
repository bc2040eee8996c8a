/** The source plug-in interface; each kind of KPI source implements it. */
package io.sextant.collector.source;
