package io.ipcstarter.transport.com;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The JSON the {@code com} transport reads and writes: objects, arrays, strings, numbers,
 * booleans and null, nesting bounded. Small on purpose, so the transport layer needs no
 * JSON library. Numbers read as {@link Long} when integral and in range, else
 * {@link Double}.
 */
final class ComJson {

	/** Deepest nesting read: a call is one object holding one array. */
	private static final int MAX_DEPTH = 16;

	private final String text;

	private int at;

	private ComJson(String text) {
		this.text = text;
	}

	/**
	 * @throws IllegalArgumentException saying where the text stops being JSON
	 */
	static @Nullable Object read(String json) {
		ComJson reader = new ComJson(json);
		Object value = reader.value(0);
		reader.space();
		if (reader.at != json.length()) {
			throw reader.error("text after the JSON value");
		}
		return value;
	}

	private @Nullable Object value(int depth) {
		if (depth > MAX_DEPTH) {
			throw error("nested deeper than " + MAX_DEPTH);
		}
		space();
		if (this.at >= this.text.length()) {
			throw error("the text ends where a value was expected");
		}
		char c = this.text.charAt(this.at);
		return switch (c) {
			case '{' -> object(depth);
			case '[' -> array(depth);
			case '"' -> string();
			case 't' -> literal("true", Boolean.TRUE);
			case 'f' -> literal("false", Boolean.FALSE);
			case 'n' -> literal("null", null);
			default -> number();
		};
	}

	private Map<String, @Nullable Object> object(int depth) {
		Map<String, @Nullable Object> map = new LinkedHashMap<>();
		this.at++;
		space();
		if (peek() == '}') {
			this.at++;
			return map;
		}
		while (true) {
			space();
			if (peek() != '"') {
				throw error("a member name in quotes was expected");
			}
			String name = string();
			space();
			expect(':');
			if (map.containsKey(name)) {
				throw error("member '" + name + "' appears twice");
			}
			map.put(name, value(depth + 1));
			space();
			if (peek() == ',') {
				this.at++;
				continue;
			}
			expect('}');
			return map;
		}
	}

	private List<@Nullable Object> array(int depth) {
		List<@Nullable Object> list = new ArrayList<>();
		this.at++;
		space();
		if (peek() == ']') {
			this.at++;
			return list;
		}
		while (true) {
			list.add(value(depth + 1));
			space();
			if (peek() == ',') {
				this.at++;
				continue;
			}
			expect(']');
			return list;
		}
	}

	private String string() {
		expect('"');
		StringBuilder out = new StringBuilder();
		while (true) {
			if (this.at >= this.text.length()) {
				throw error("a string is not closed");
			}
			char c = this.text.charAt(this.at++);
			if (c == '"') {
				return out.toString();
			}
			if (c < 0x20) {
				throw error("a control character inside a string");
			}
			if (c != '\\') {
				out.append(c);
				continue;
			}
			if (this.at >= this.text.length()) {
				throw error("a string is not closed");
			}
			char e = this.text.charAt(this.at++);
			switch (e) {
				case '"', '\\', '/' -> out.append(e);
				case 'b' -> out.append('\b');
				case 'f' -> out.append('\f');
				case 'n' -> out.append('\n');
				case 'r' -> out.append('\r');
				case 't' -> out.append('\t');
				case 'u' -> {
					if (this.at + 4 > this.text.length()) {
						throw error("a \\u escape is cut short");
					}
					try {
						out.append((char) Integer.parseInt(this.text.substring(this.at, this.at + 4), 16));
					}
					catch (NumberFormatException ex) {
						throw error("a \\u escape is not hexadecimal");
					}
					this.at += 4;
				}
				default -> throw error("unknown escape \\" + e);
			}
		}
	}

	private Object number() {
		int start = this.at;
		while (this.at < this.text.length() && "+-0123456789.eE".indexOf(this.text.charAt(this.at)) >= 0) {
			this.at++;
		}
		String n = this.text.substring(start, this.at);
		if (n.isEmpty() || !n.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
			this.at = start;
			throw error("not a JSON value");
		}
		if (n.matches("-?[0-9]+")) {
			try {
				return Long.parseLong(n);
			}
			catch (NumberFormatException ex) {
				// beyond a long: a double, as JavaScript would read it
			}
		}
		return Double.parseDouble(n);
	}

	private @Nullable Object literal(String word, @Nullable Object value) {
		if (!this.text.startsWith(word, this.at)) {
			throw error("not a JSON value");
		}
		this.at += word.length();
		return value;
	}

	private char peek() {
		return (this.at < this.text.length()) ? this.text.charAt(this.at) : '\0';
	}

	private void expect(char c) {
		if (peek() != c) {
			throw error("'" + c + "' was expected");
		}
		this.at++;
	}

	private void space() {
		while (this.at < this.text.length() && " \t\r\n".indexOf(this.text.charAt(this.at)) >= 0) {
			this.at++;
		}
	}

	private IllegalArgumentException error(String problem) {
		return new IllegalArgumentException(problem + " at character " + this.at);
	}

	/** The JSON text of a value made of what {@link #read} returns, and BigDecimal. */
	static String write(@Nullable Object value) {
		StringBuilder out = new StringBuilder();
		write(value, out);
		return out.toString();
	}

	private static void write(@Nullable Object value, StringBuilder out) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof String s) {
			string(s, out);
		}
		else if (value instanceof Double d) {
			// NaN and infinities have no JSON form
			out.append((d.isNaN() || d.isInfinite()) ? "null"
					: BigDecimal.valueOf(d).stripTrailingZeros().toPlainString());
		}
		else if (value instanceof Number || value instanceof Boolean) {
			out.append(value);
		}
		else if (value instanceof List<?> list) {
			out.append('[');
			for (int i = 0; i < list.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				write(list.get(i), out);
			}
			out.append(']');
		}
		else {
			throw new IllegalArgumentException("no JSON form for " + value.getClass().getSimpleName());
		}
	}

	private static void string(String s, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
