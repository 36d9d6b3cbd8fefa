/**
 * One simulated CPI tenant: {@link io.cpimon.simulator.tenant.SimulatedTenant} with its MPL ledger (every version
 * and when it becomes visible), traffic generator, artifacts, keystore and injected faults, and its HTTP face
 * ({@link io.cpimon.simulator.tenant.TenantServer}), one small class per endpoint: token, OData API (MPLs,
 * runtime artifacts, keystore) and runtime, behind the {@link io.cpimon.simulator.tenant.FaultGate}.
 */
package io.cpimon.simulator.tenant;
