/**
 * Revertive scaling: a service the closed loop scaled out (at its edge or centrally) is scaled back
 * to the replica count it had before, once the load that caused the scale-out has gone and stayed
 * gone for a hold time, as a horizontal autoscaler's scale-down stabilization does. The scale-in
 * goes through the closed loop's executor (guard, audit log, verification, rollback).
 *
 * <p>{@link io.sextant.central.scaleback.ScaleBack} holds the state and decides from the action
 * events and the services' CPU samples; {@link io.sextant.central.scaleback.ScaleBackPlanner} sizes
 * the scale-in. It does not decide whether a scale-out was right, nor scale anything it did not see
 * scaled out.
 */
package io.sextant.central.scaleback;
