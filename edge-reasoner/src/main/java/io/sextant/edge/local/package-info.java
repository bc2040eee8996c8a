/** Local repair: edge-scoped runbooks executed and verified at the site itself. */
package io.sextant.edge.local;
