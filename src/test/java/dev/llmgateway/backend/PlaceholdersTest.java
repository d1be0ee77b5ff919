package dev.llmgateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    @Test
    void should_give_one_value_one_stand_in_and_each_kind_its_own_count() {
        Placeholders placeholders = new Placeholders();
        SensitiveData detectors = SensitiveData.of("email,iban", "mask", Map.of("customerId", "CUST-[0-9]{6}"));

        String masked = detectors.mask("a@example.com, b@example.com, a@example.com, CUST-004711, GB82 WEST 1234 5698 7654 32",
                placeholders);

        assertThat(masked).isEqualTo("[EMAIL_1], [EMAIL_2], [EMAIL_1], [CUSTOMERID_1], [IBAN_1]");
        assertThat(placeholders.restore("To [EMAIL_2] and [EMAIL_1] ([CUSTOMERID_1]); [EMAIL_7] is not ours"))
                .isEqualTo("To b@example.com and a@example.com (CUST-004711); [EMAIL_7] is not ours");
    }

    @Test
    void should_hold_back_a_stand_in_split_across_pieces_and_nothing_else() {
        Placeholders placeholders = new Placeholders();
        SensitiveData.of("email", "mask", Map.of()).mask("jane@example.com", placeholders);
        Placeholders.Stream stream = placeholders.new Stream();

        assertThat(stream.feed("Mail [")).isEqualTo("Mail ");
        assertThat(stream.feed("EMA")).isEmpty();
        assertThat(stream.feed("IL_1] now [x")).isEqualTo("Mail jane@example.com now ".substring(5));
        assertThat(stream.feed(" y] and [")).isEqualTo("[x y] and ");
        assertThat(stream.flush()).isEqualTo("[");
        assertThat(stream.feed("[" + "A".repeat(60))).startsWith("[AAAA");          // too long to be one: passed on
    }
}
