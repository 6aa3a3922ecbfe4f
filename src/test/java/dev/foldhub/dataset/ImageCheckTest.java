package dev.foldhub.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCheckTest {

    @TempDir
    Path tmp;

    @Test
    void eachKindOfBrokenPngIsFoundAndAValidOnePasses() throws IOException {
        // guards issue 13 item 13: signature, IHDR, the chunk chain and (with decode) a full decode for every image
        Path dir = ImetFixture.write(tmp.resolve("imet"));
        byte[] png = Files.readAllBytes(dir.resolve("train/tr0.png"));
        Path valid = dir.resolve("train/tr0.png");
        Path truncated = write("truncated.png", Arrays.copyOf(png, png.length - 30));
        Path badSignature = write("signature.png", "GIF89a....".getBytes());
        byte[] noIhdr = png.clone();
        noIhdr[12] = 'X';
        Path header = write("ihdr.png", noIhdr);
        Path empty = write("empty.png", new byte[0]);
        Path garbledData = write("garbled.png", garbleIdat(png));
        Path padded = write("padded.png", Arrays.copyOf(png, png.length + 5));
        List<Path> files = List.of(valid, truncated, badSignature, header, empty, garbledData, tmp.resolve("absent.png"), padded);
        String[] structure = ImageCheck.problems(files, ImageCheckDepth.STRUCTURE);
        assertThat(structure[0]).isNull();
        assertThat(structure[1]).startsWith("cut short");
        assertThat(structure[2]).isEqualTo("not a PNG (bad signature)");
        assertThat(structure[3]).isEqualTo("PNG header without an IHDR chunk");
        assertThat(structure[4]).isEqualTo("not a PNG (bad signature)");
        assertThat(structure[5]).as("damaged pixel data: only a decode finds it").isNull();
        assertThat(structure[6]).startsWith("unreadable");
        assertThat(structure[7]).isEqualTo("data after the IEND chunk");
        String[] problems = ImageCheck.problems(files, ImageCheckDepth.DECODE);
        assertThat(problems[0]).isNull();
        assertThat(problems[1]).startsWith("cut short");
        assertThat(problems[2]).isEqualTo("not a PNG (bad signature)");
        assertThat(problems[3]).isEqualTo("PNG header without an IHDR chunk");
        assertThat(problems[4]).isEqualTo("not a PNG (bad signature)");
        assertThat(problems[5]).isNotNull();
        assertThat(problems[6]).startsWith("unreadable");
        assertThat(problems[7]).isEqualTo("data after the IEND chunk");
    }

    @Test
    void manyImagesAreCheckedInParallelInOrder() throws IOException {
        // guards: the parallel check keeps each file's own answer (the first bad file is the one named)
        Path dir = ImetFixture.write(tmp.resolve("many"));
        List<Path> files = new java.util.ArrayList<>();
        for (int i = 0; i < ImetFixture.TRAIN; i++) {
            files.add(dir.resolve("train/tr" + i + ".png"));
        }
        Files.writeString(files.get(17), "broken");
        String[] problems = ImageCheck.problems(files, ImageCheckDepth.STRUCTURE);
        for (int i = 0; i < problems.length; i++) {
            assertThat(problems[i]).as("file %d", i).isEqualTo(i == 17 ? "not a PNG (bad signature)" : null);
        }
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(tmp.resolve(name), bytes);
    }

    /** The PNG with its IDAT's compressed bytes overwritten (CRC fixed), so only a full decode notices. */
    private static byte[] garbleIdat(byte[] png) {
        byte[] out = png.clone();
        for (int at = 8; at + 8 <= out.length; ) {
            int length = ((out[at] & 0xff) << 24) | ((out[at + 1] & 0xff) << 16) | ((out[at + 2] & 0xff) << 8) | (out[at + 3] & 0xff);
            String type = new String(out, at + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (type.equals("IDAT")) {
                Arrays.fill(out, at + 8 + 2, at + 8 + length, (byte) 0xff); // keep the zlib header, garble the rest
                CRC32 crc = new CRC32();
                crc.update(out, at + 4, 4 + length);
                long c = crc.getValue();
                int end = at + 8 + length;
                out[end] = (byte) (c >>> 24);
                out[end + 1] = (byte) (c >>> 16);
                out[end + 2] = (byte) (c >>> 8);
                out[end + 3] = (byte) c;
                return out;
            }
            at += 12 + length;
        }
        throw new IllegalStateException("no IDAT");
    }
}
