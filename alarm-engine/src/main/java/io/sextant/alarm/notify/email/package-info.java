/**
 * E-mail receiver: a plain SMTP client over a socket (EHLO, MAIL FROM, RCPT TO, DATA, QUIT), for a
 * local relay on a trusted network. No TLS or authentication: point it at a relay that does both.
 */
package io.sextant.alarm.notify.email;
