package io.sextant.alarm.notify;

/** One notification and how its delivery ended (after the retry stage). */
public record Delivery(Notification notification, Outcome outcome) {}
