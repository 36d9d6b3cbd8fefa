package io.cpimon.config;

import io.cpimon.config.YamlTree.Node;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the located YAML tree into the {@link CpimonConfig} records, section by section in file order, each
 * section reporting its errors and unknown keys through one {@link ConfigReader}. One instance per load; not
 * thread-safe.
 */
final class Binder {
    private final ConfigReader reader;
    private final ConfigCatalogue catalogue;

    Binder(ConfigReader reader, ConfigCatalogue catalogue) {
        this.reader = reader;
        this.catalogue = catalogue;
    }

    /** @return the configuration; meaningless when errors were added */
    CpimonConfig bind(Node root) {
        ConfigMap top = reader.root(root);
        if (top == null) {
            return null;
        }
        CpimonConfig.ServerConfig server = ServerSection.bind(top.section("server"));
        // read in the documented order (errors name the known keys in it); bound after the tenants, as the default
        // pool depends on their number
        ConfigMap databaseSection = top.section("database");
        CpimonConfig.RetentionConfig retention = RetentionSection.bind(top.section("retention"));
        Map<String, Integer> tenantIds = new LinkedHashMap<>();
        List<CpimonConfig.TenantConfig> tenants = TenantsSection.bind(top.objects("tenants"), tenantIds);
        CpimonConfig.DatabaseConfig database = DatabaseSection.bind(databaseSection, tenants.size());
        List<CpimonConfig.PairConfig> pairs = PairsSection.bind(top.objects("pairs"), tenantIds.keySet());
        RulesConfig rules = RulesSection.bind(top.section("rules"), catalogue.rules());
        Set<String> channelNames = new LinkedHashSet<>();
        List<ChannelConfig> channels = ChannelsSection.bind(top.objects("channels"), catalogue, channelNames);
        List<CpimonConfig.RouteConfig> routes = RoutesSection.bind(top.objects("routes"), channelNames);
        List<ForwarderConfig> forwarding = ForwardingSection.bind(top.objects("forwarding"), tenantIds.keySet());
        CpimonConfig.LoggingConfig logging = LoggingSection.bind(top.section("logging"));
        top.done();
        return new CpimonConfig(server, database, retention, tenants, pairs, rules, channels, routes, forwarding,
                logging);
    }
}
