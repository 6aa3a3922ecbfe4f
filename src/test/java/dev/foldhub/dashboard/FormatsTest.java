package dev.foldhub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormatsTest {

    private final Formats fmt = new Formats();

    @Test // guards: the storage page's sizes: bytes below 1 KiB as they are, then binary units with 3 significant digits
    void bytesAreShownWithBinaryUnits() {
        assertThat(fmt.bytes(null)).isEqualTo("–");
        assertThat(fmt.bytes(0L)).isEqualTo("0 B");
        assertThat(fmt.bytes(1023L)).isEqualTo("1023 B");
        assertThat(fmt.bytes(1024L)).isEqualTo("1.00 KiB");
        assertThat(fmt.bytes(1536L)).isEqualTo("1.50 KiB");
        assertThat(fmt.bytes(23L * 1024 * 1024 + 400 * 1024)).isEqualTo("23.4 MiB");
        assertThat(fmt.bytes(118L * 1024 * 1024 * 1024)).isEqualTo("118 GiB");
        assertThat(fmt.bytes(5L * 1024 * 1024 * 1024 * 1024)).isEqualTo("5.00 TiB");
    }
}
