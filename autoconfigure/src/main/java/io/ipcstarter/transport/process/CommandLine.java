package io.ipcstarter.transport.process;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into arguments the way a POSIX shell does, without running a
 * shell: words are separated by blanks; {@code '...'} is literal; inside {@code "..."} a
 * backslash escapes {@code " \ $ `}; outside quotes a backslash escapes the next
 * character. No variables, globs, pipes or redirections: those characters are plain.
 */
final class CommandLine {

	private CommandLine() {
	}

	/**
	 * The arguments; throws {@link IllegalArgumentException} on an unterminated quote or
	 * a trailing backslash.
	 */
	static List<String> split(String line) {
		List<String> args = new ArrayList<>();
		StringBuilder word = new StringBuilder();
		boolean inWord = false;
		int i = 0;
		while (i < line.length()) {
			char c = line.charAt(i++);
			if (c == ' ' || c == '\t' || c == '\n') {
				if (inWord) {
					args.add(word.toString());
					word.setLength(0);
					inWord = false;
				}
				continue;
			}
			inWord = true;
			if (c == '\'') {
				int end = line.indexOf('\'', i);
				if (end < 0) {
					throw new IllegalArgumentException("unterminated single quote");
				}
				word.append(line, i, end);
				i = end + 1;
			}
			else if (c == '"') {
				while (true) {
					if (i >= line.length()) {
						throw new IllegalArgumentException("unterminated double quote");
					}
					char d = line.charAt(i++);
					if (d == '"') {
						break;
					}
					if (d == '\\' && i < line.length() && "\"\\$`".indexOf(line.charAt(i)) >= 0) {
						d = line.charAt(i++);
					}
					word.append(d);
				}
			}
			else if (c == '\\') {
				if (i >= line.length()) {
					throw new IllegalArgumentException("trailing backslash");
				}
				word.append(line.charAt(i++));
			}
			else {
				word.append(c);
			}
		}
		if (inWord) {
			args.add(word.toString());
		}
		return args;
	}

}
