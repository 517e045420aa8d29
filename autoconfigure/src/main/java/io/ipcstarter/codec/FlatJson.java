package io.ipcstarter.codec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes and reads the one JSON shape the header block uses: a flat object whose values
 * are strings ({@code {"traceparent":"00-…","tenant":"a"}}). Small on purpose, so the
 * starter needs no JSON library; anything else (numbers, nesting, duplicate names) is
 * refused.
 */
final class FlatJson {

	private FlatJson() {
	}

	static String write(Map<String, String> map) {
		StringBuilder out = new StringBuilder(64);
		out.append('{');
		boolean first = true;
		for (Map.Entry<String, String> e : map.entrySet()) {
			if (!first) {
				out.append(',');
			}
			first = false;
			string(e.getKey(), out);
			out.append(':');
			string(e.getValue(), out);
		}
		return out.append('}').toString();
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

	/**
	 * @throws IllegalArgumentException saying where the text stops being a flat object of
	 * strings
	 */
	static Map<String, String> read(String json) {
		Reader r = new Reader(json);
		Map<String, String> map = new LinkedHashMap<>();
		r.skipSpace();
		r.expect('{');
		r.skipSpace();
		if (r.peek() == '}') {
			r.pos++;
		}
		else {
			while (true) {
				r.skipSpace();
				String key = r.string();
				r.skipSpace();
				r.expect(':');
				r.skipSpace();
				if (map.put(key, r.string()) != null) {
					throw r.error("duplicate name \"" + key + "\"");
				}
				r.skipSpace();
				if (r.peek() == ',') {
					r.pos++;
					continue;
				}
				r.expect('}');
				break;
			}
		}
		r.skipSpace();
		if (r.pos != json.length()) {
			throw r.error("text after the object");
		}
		return map;
	}

	private static final class Reader {

		private final String s;

		private int pos;

		Reader(String s) {
			this.s = s;
		}

		char peek() {
			if (this.pos >= this.s.length()) {
				throw error("unexpected end");
			}
			return this.s.charAt(this.pos);
		}

		void expect(char c) {
			if (peek() != c) {
				throw error("expected '" + c + "'");
			}
			this.pos++;
		}

		void skipSpace() {
			while (this.pos < this.s.length() && " \t\r\n".indexOf(this.s.charAt(this.pos)) >= 0) {
				this.pos++;
			}
		}

		String string() {
			if (peek() != '"') {
				throw error("expected a string (values must be strings)");
			}
			this.pos++;
			StringBuilder out = new StringBuilder();
			while (true) {
				char c = peek();
				this.pos++;
				if (c == '"') {
					return out.toString();
				}
				if (c < 0x20) {
					throw error("control character in a string");
				}
				if (c != '\\') {
					out.append(c);
					continue;
				}
				char e = peek();
				this.pos++;
				switch (e) {
					case '"', '\\', '/' -> out.append(e);
					case 'b' -> out.append('\b');
					case 'f' -> out.append('\f');
					case 'n' -> out.append('\n');
					case 'r' -> out.append('\r');
					case 't' -> out.append('\t');
					case 'u' -> {
						if (this.pos + 4 > this.s.length()) {
							throw error("truncated \\u escape");
						}
						out.append(hex4());
					}
					default -> throw error("bad escape \\" + e);
				}
			}
		}

		/**
		 * The escaped character of a backslash-u escape: exactly four hex digits, as JSON
		 * says. Not {@link Integer#parseInt(String, int)}, which also takes a sign
		 * ("-001", "+7ff").
		 */
		private char hex4() {
			int value = 0;
			for (int i = 0; i < 4; i++) {
				int digit = hexDigit(this.s.charAt(this.pos + i));
				if (digit < 0) {
					throw error("bad \\u escape");
				}
				value = (value << 4) | digit;
			}
			this.pos += 4;
			return (char) value;
		}

		private static int hexDigit(char c) {
			if (c >= '0' && c <= '9') {
				return c - '0';
			}
			if (c >= 'a' && c <= 'f') {
				return c - 'a' + 10;
			}
			if (c >= 'A' && c <= 'F') {
				return c - 'A' + 10;
			}
			return -1;
		}

		IllegalArgumentException error(String what) {
			return new IllegalArgumentException(what + " at character " + this.pos);
		}

	}

}
