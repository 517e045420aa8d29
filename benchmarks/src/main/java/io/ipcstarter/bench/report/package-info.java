/**
 * Turns the measured windows into the results: medians per cell, the headline ratios, a
 * Markdown report, a CSV of every window and an SVG chart (written by hand, no
 * libraries).
 */
package io.ipcstarter.bench.report;
