/**
 * The benchmark harness: a coordinator ({@link io.ipcstarter.bench.BenchMain}) that runs
 * every scenario's receiver and sender in two child JVMs
 * ({@link io.ipcstarter.bench.ChildMain}), drives them over their stdin/stdout, samples
 * CPU from {@code /proc}, and writes the results.
 */
package io.ipcstarter.bench;
