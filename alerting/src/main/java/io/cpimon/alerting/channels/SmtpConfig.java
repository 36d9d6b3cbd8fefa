package io.cpimon.alerting.channels;

import io.cpimon.config.Secret;

/**
 * The SMTP server of an {@code email} channel. Defaults: port 587, starttls.
 *
 * @param user nullable: no login
 * @param password nullable
 */
public record SmtpConfig(String host, int port, boolean starttls, String user, Secret password) {}
