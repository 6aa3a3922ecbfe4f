package dev.foldhub.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

    @TempDir
    Path temp;

    @Test // guards: the checkpoint bytes of the storage view: every regular file under the directory, at any depth
    void bytesUnderSumsTheFilesAtAnyDepth() throws Exception {
        Path dir = temp.resolve("experiments/7");
        Files.createDirectories(dir.resolve("fold_0"));
        Files.createDirectories(dir.resolve("fold_1/deeper"));
        Files.write(dir.resolve("fold_0/a.params"), new byte[1000]);
        Files.write(dir.resolve("fold_1/resume.ckpt"), new byte[234]);
        Files.write(dir.resolve("fold_1/deeper/x"), new byte[5]);
        Files.write(temp.resolve("outside"), new byte[99]);
        assertThat(FileTrees.bytesUnder(dir)).isEqualTo(1239);
        assertThat(FileTrees.bytesUnder(temp.resolve("missing"))).isZero();
    }

    @Test // guards: a delete removes the directory and everything in it, and only that
    void deleteTreeRemovesTheDirectoryAndLeavesItsSiblings() throws Exception {
        Path dir = temp.resolve("experiments/7");
        Path sibling = temp.resolve("experiments/8/fold_0/b.params");
        Files.createDirectories(dir.resolve("fold_0"));
        Files.createDirectories(sibling.getParent());
        Files.write(dir.resolve("fold_0/a.params"), new byte[10]);
        Files.write(sibling, new byte[10]);
        assertThat(FileTrees.deleteTree(dir)).isTrue();
        assertThat(dir).doesNotExist();
        assertThat(sibling).exists();
        assertThat(FileTrees.deleteTree(dir)).as("nothing to delete is done").isTrue();
    }
}
