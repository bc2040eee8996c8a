/**
 * The dashboards as the tests see them: each JSON file read into records (dashboard, panel,
 * query, variable) that keep the raw JSON for the lint rules. Reading only; nothing here checks.
 */
package io.sextant.dashboards.model;
