package dev.foldhub.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CsvLineTest {

    @Test
    void quotedFieldsKeepTheirCommasAndQuotes() {
        // guards: iMet names like "culture::american, north" stay one field
        assertThat(CsvLine.split("12,\"culture::american, north\""))
                .containsExactly("12", "culture::american, north");
        assertThat(CsvLine.split("a,\"say \"\"hi\"\"\",,\r")).containsExactly("a", "say \"hi\"", "", "");
    }

    @Test
    void unterminatedQuoteIsRejected() {
        // guards: a broken line is reported, not merged into the next field
        assertThatThrownBy(() -> CsvLine.split("1,\"open")).hasMessageContaining("unterminated");
    }
}
