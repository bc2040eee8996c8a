/**
 * The Kubernetes adapter (fabric8 on the JDK's HTTP client): scale a Deployment or StatefulSet;
 * cordon a failed GPU node and drain it through the Eviction API, once the other nodes have the
 * free {@code nvidia.com/gpu} its pods need, so the scheduler can place them there; and undo both.
 * Success is read back from the API server. Where the evicted pods land is the scheduler's work,
 * which this adapter neither does nor checks (nor can its tests: the API-server mock schedules
 * nothing); the KPI verification is what shows the service is back.
 */
package io.sextant.actuator.kubernetes;
