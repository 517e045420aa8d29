/**
 * The scenarios (rows) of the benchmark, and
 * {@link io.ipcstarter.bench.scenario.Scenarios}, the list of them.
 */
package io.ipcstarter.bench.scenario;
