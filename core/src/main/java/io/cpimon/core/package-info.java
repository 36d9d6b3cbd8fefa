/**
 * What every module shares and nothing else: the periodic worker that runs one tenant's task on its own virtual
 * thread ({@link io.cpimon.core.PeriodicWorker}), backoff with jitter, the one {@code Retry-After} parser, the change
 * notifier the dashboard listens to, the probe events the probe rules listen to ({@link io.cpimon.core.ProbeEvents}),
 * and the {@link io.cpimon.core.Lifecycle} every component implements. Depends on no other module.
 */
package io.cpimon.core;
