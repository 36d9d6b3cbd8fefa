package io.cpimon.alerting;

import io.cpimon.alerting.channels.ChannelCatalog;
import io.cpimon.alerting.rules.BuiltInRules;
import io.cpimon.config.ConfigCatalogue;

/**
 * The rules and channel kinds a cpimon configuration may name, as the configuration loader takes them: everyone
 * who loads or checks a configuration file gets it here.
 */
public final class AlertingCatalogue {
    /** The built-in rules in evaluation order and every channel kind. */
    public static final ConfigCatalogue CONFIG = ConfigCatalogue.of(BuiltInRules.ALL, ChannelCatalog.ALL);

    private AlertingCatalogue() {}
}
