/**
 * The feedback loop's central end: operators' verdicts (an alarm was false, an incident had this
 * cause) become labels ({@link io.sextant.central.model.feedback.Feedback}) that the next training
 * reads. Edge detections come back through the normal detections topic and store; an alarm raised
 * from them and marked false is how they change the next model.
 *
 * <p>Not here: the alarm engine's acknowledge API (it can call this), training itself.
 */
package io.sextant.central.model.feedback;
