/**
 * The one configuration file of a cpimon instance: the typed, immutable tree ({@link io.cpimon.config.CpimonConfig}),
 * its strict loader with file:line errors, the effective-config printer and {@code check-config}. Each section binds
 * and prints in its own {@code *Section} class over the shared primitives {@link io.cpimon.config.ConfigMap} and
 * {@link io.cpimon.config.YamlWriter}; rules and channel kinds are not known here but come from a
 * {@link io.cpimon.config.ConfigCatalogue} of {@link io.cpimon.config.RuleDefinition}s and
 * {@link io.cpimon.config.ChannelDefinition}s.
 */
package io.cpimon.config;
