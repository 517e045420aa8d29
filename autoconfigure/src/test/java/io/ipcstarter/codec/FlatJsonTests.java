package io.ipcstarter.codec;

import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link FlatJson}, the header block's JSON: examples with JUnit, and properties with
 * jqwik over generated maps and escapes (jqwik runs as its own engine on the JUnit
 * Platform beside Jupiter; a failing case is shrunk and printed).
 */
class FlatJsonTests {

	private static final String HEX = "0123456789abcdefABCDEF";

	@Test
	void readShouldDecodeEveryEscape() {
		assertThat(FlatJson.read("{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\u20AC\\uFFFF\"}"))
			.containsExactly(Map.entry("a", "\"\\/\b\f\n\r\t\u0041\u00e9\u20ac\uffff"));
	}

	@Test
	void readShouldRejectASignedUnicodeEscape() {
		// Integer.parseInt("-001", 16) is -1: the sign was once taken for a digit
		assertThatIllegalArgumentException().isThrownBy(() -> FlatJson.read("{\"a\":\"\\u-001\"}"))
			.withMessage("bad \\u escape at character 8");
		assertThatIllegalArgumentException().isThrownBy(() -> FlatJson.read("{\"a\":\"\\u+7ff\"}"))
			.withMessage("bad \\u escape at character 8");
	}

	@Test
	void readShouldRejectATruncatedUnicodeEscape() {
		assertThatIllegalArgumentException().isThrownBy(() -> FlatJson.read("{\"a\":\"\\u12"))
			.withMessage("truncated \\u escape at character 8");
	}

	@Test
	void writeShouldEscapeControlCharactersOnly() {
		assertThat(FlatJson.write(Map.of("k", "\u0001\t\u00e9\""))).isEqualTo("{\"k\":\"\\u0001\\t\u00e9\\\"\"}");
	}

	@Property
	void anyMapOfStringsShouldRoundTrip(@ForAll Map<String, String> map) {
		String json = FlatJson.write(map);
		assertThat(json.chars()).noneMatch((c) -> c < 0x20);
		assertThat(FlatJson.read(json)).isEqualTo(map);
	}

	@Property
	void anyCharacterShouldDecodeFromItsUnicodeEscapeInEitherCase(@ForAll char c) {
		String lower = String.format("\\u%04x", (int) c);
		assertThat(FlatJson.read("{\"k\":\"" + lower + "\"}")).containsEntry("k", String.valueOf(c));
		assertThat(FlatJson.read("{\"k\":\"" + lower.toUpperCase().replace("\\U", "\\u") + "\"}")).containsEntry("k",
				String.valueOf(c));
	}

	@Property
	void unicodeEscapesWithoutFourHexDigitsShouldBeRejected(@ForAll("notFourHexDigits") String digits) {
		assertThatIllegalArgumentException().isThrownBy(() -> FlatJson.read("{\"k\":\"\\u" + digits + "\"}"))
			.withMessageContaining("\\u escape");
	}

	@Property
	void otherEscapesShouldBeRejected(@ForAll char c) {
		if ("\"\\/bfnrtu".indexOf(c) >= 0) {
			return;
		}
		assertThatIllegalArgumentException().isThrownBy(() -> FlatJson.read("{\"k\":\"\\" + c + "\"}"))
			.withMessageStartingWith("bad escape");
	}

	/**
	 * Four characters that are not four hex digits, mostly near misses: signs, spaces,
	 * 'x', 'g', non-ASCII digits that {@link Character#digit(char, int)} would accept,
	 * among hex digits; or fewer than four before the string ends.
	 */
	@Provide
	Arbitrary<String> notFourHexDigits() {
		Arbitrary<String> nearMisses = Arbitraries.strings()
			.withChars(HEX + "+-_ xXgG\u0660\uff10\uff41")
			.ofLength(4)
			.filter((s) -> !s.chars().allMatch((c) -> HEX.indexOf(c) >= 0));
		Arbitrary<String> anything = Arbitraries.strings()
			.ofLength(4)
			.filter((s) -> !s.chars().allMatch((c) -> HEX.indexOf(c) >= 0));
		Arbitrary<String> truncated = Arbitraries.strings().withChars(HEX).ofMaxLength(3).map((s) -> s + "\"}");
		return Arbitraries.frequencyOf(Tuple.of(6, nearMisses), Tuple.of(2, anything), Tuple.of(2, truncated));
	}

}
