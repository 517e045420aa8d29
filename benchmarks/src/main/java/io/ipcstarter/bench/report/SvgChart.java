package io.ipcstarter.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import io.ipcstarter.bench.Sample.Metric;
import io.ipcstarter.bench.Scenario;

/**
 * Two horizontal bar charts on log scales, one bar per message size: one-way throughput
 * (msg/s, longer is better) and round-trip p99 (µs, shorter is better), one row per
 * scenario. Plain SVG text, no libraries.
 */
final class SvgChart {

	private static final String[] COLORS = { "#4e79a7", "#f28e2b", "#59a14f" };

	private static final int LABEL = 330;

	private static final int PLOT = 560;

	private static final int BAR = 7;

	private static final int ROW = 3 * BAR + 8;

	private SvgChart() {
	}

	static String render(Results r, String started) {
		List<Scenario> rows = r.scenarios();
		int panel = 50 + rows.size() * ROW + 30;
		int width = LABEL + PLOT + 90;
		int height = 60 + 2 * panel + 30;
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n",
				width, height));
		svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
		svg.append(text(10, 20, "ipc-spring-boot-starter benchmarks, " + started + " (medians; see RESULTS.md)", 14,
				"start"));
		for (int i = 0; i < 3; i++) {
			int x = LABEL + i * 110;
			svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"32\" width=\"12\" height=\"10\" fill=\"%s\"/>%n",
					x, COLORS[i]));
			svg.append(text(x + 16, 41, Report.formatSize(Report.SIZES[i]), 11, "start"));
		}
		panel(svg, r, rows, 60, "One-way throughput, messages/s (log scale, longer is better)", Metric.THROUGHPUT,
				Cell::messagesPerSecond, Report::formatRate);
		panel(svg, r, rows, 60 + panel, "Round-trip p99, µs (log scale, shorter is better)", Metric.ROUND_TRIP,
				c -> c.p99() / 1000, v -> Report.formatMicros(v * 1000));
		svg.append("</svg>\n");
		return svg.toString();
	}

	private static void panel(StringBuilder svg, Results r, List<Scenario> rows, int top, String title, Metric metric,
			ToDoubleFunction<Cell> value, java.util.function.DoubleFunction<String> label) {
		double min = Double.MAX_VALUE;
		double max = 0;
		for (Scenario s : rows) {
			for (int size : Report.SIZES) {
				Cell c = r.cell(s.id(), size, metric);
				if (c != null && value.applyAsDouble(c) > 0) {
					min = Math.min(min, value.applyAsDouble(c));
					max = Math.max(max, value.applyAsDouble(c));
				}
			}
		}
		svg.append(text(10, top + 15, title, 13, "start"));
		if (max == 0) {
			return;
		}
		double lo = Math.floor(Math.log10(min));
		double hi = Math.ceil(Math.log10(max));
		if (hi <= lo) {
			hi = lo + 1;
		}
		int plotTop = top + 30;
		int plotHeight = rows.size() * ROW;
		for (double e = lo; e <= hi; e++) {
			double x = LABEL + (e - lo) / (hi - lo) * PLOT;
			svg.append(
					String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
							x, plotTop, x, plotTop + plotHeight));
			svg.append(text(x, plotTop + plotHeight + 14, label.apply(Math.pow(10, e)), 10, "middle"));
		}
		int y = plotTop;
		for (Scenario s : rows) {
			svg.append(text(LABEL - 6, y + ROW / 2.0 + 3, s.id(), 11, "end"));
			for (int i = 0; i < Report.SIZES.length; i++) {
				Cell c = r.cell(s.id(), Report.SIZES[i], metric);
				int barY = y + 2 + i * BAR;
				if (c == null || value.applyAsDouble(c) <= 0) {
					continue;
				}
				double v = value.applyAsDouble(c);
				double w = Math.max(1, (Math.log10(v) - lo) / (hi - lo) * PLOT);
				svg.append(String.format(Locale.ROOT,
						"<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n", LABEL, barY, w, BAR - 1,
						COLORS[i]));
				svg.append(text(LABEL + w + 3, barY + BAR - 1, label.apply(v), 8, "start"));
			}
			y += ROW;
		}
	}

	private static String text(double x, double y, String text, int size, String anchor) {
		String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
		return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\">%s</text>%n",
				x, y, size, anchor, escaped);
	}

}
