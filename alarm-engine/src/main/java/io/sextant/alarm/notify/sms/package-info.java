/**
 * SMS through an HTTP gateway: a templated request (URL, method, headers, form or JSON fields) per
 * notification and phone number, the text cut to the gateway's length. Not an Alertmanager
 * integration: configured in Sextant's own receivers ({@code type: sms}).
 */
package io.sextant.alarm.notify.sms;
