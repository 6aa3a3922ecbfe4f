package dev.foldhub.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.foldhub.prediction.Npy;
import dev.foldhub.testsupport.AdminTokenMockMvc;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** End to end through HTTP (MockMvc) on an in-memory H2 migrated by Flyway. */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:dataset-api;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "foldhub.data-dir=${java.io.tmpdir}/foldhub-dataset-api-test"})
@AutoConfigureMockMvc
@Import(AdminTokenMockMvc.class)
class DatasetApiTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    DatasetService service;

    @TempDir
    Path tmp;

    @Test
    void registersListsAndGetsADataSetWithFiveDefaultFolds() throws Exception {
        // guards: the happy path of registration and the JSON other clients read
        Path dir = ImetFixture.write(tmp.resolve("imet"));
        String body = register("happy", dir.toString())
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", containsString("/api/datasets/")))
                .andExpect(jsonPath("$.name").value("happy"))
                .andExpect(jsonPath("$.path").value(dir.toString()))
                .andExpect(jsonPath("$.numLabels").value(ImetFixture.LABELS))
                .andExpect(jsonPath("$.numTrainImages").value(ImetFixture.TRAIN))
                .andExpect(jsonPath("$.numTestImages").value(ImetFixture.TEST))
                .andExpect(jsonPath("$.numFolds").value(5))
                .andExpect(jsonPath("$.foldsHash").value(org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}")))
                .andExpect(jsonPath("$.createdAt").isString())
                .andReturn().getResponse().getContentAsString();
        long id = Long.parseLong(body.replaceAll(".*\"id\":(\\d+).*", "$1"));

        mvc.perform(get("/api/datasets")).andExpect(status().isOk())
                .andExpect(jsonPath("$[*].name", hasItem("happy")));
        mvc.perform(get("/api/datasets/" + id)).andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.numTrainImages").value(ImetFixture.TRAIN));
        assertThat(service.resolve("happy").id()).isEqualTo(id);
        DatasetTable table = service.table(id);
        assertThat(table.attributeNames()).contains("culture::american, north");
        assertThat(table.trainIds()).hasSize(ImetFixture.TRAIN);
    }

    @Test
    void servesTheDefaultFoldsAsNpyAndAcceptsAReplacement() throws Exception {
        // guards: folds.npy download/upload, the hash, and that the old assignment row survives
        long id = registered("folds");
        FoldAssignment before = service.defaultFolds(id);
        byte[] npy = mvc.perform(get("/api/datasets/" + id + "/folds.npy"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/octet-stream"))
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"folds.npy\""))
                .andReturn().getResponse().getContentAsByteArray();
        int headerLen = (npy[8] & 0xFF) | (npy[9] & 0xFF) << 8;
        assertThat((10 + headerLen) % 64).isZero();
        byte[] folds = Npy.readUint8(npy);
        assertThat(folds).hasSize(ImetFixture.TRAIN).containsExactly(before.folds());
        for (byte f : folds) {
            assertThat((int) f).isBetween(0, 4);
        }
        assertThat(FoldsFile.sha256(folds)).isEqualTo(before.contentHash());

        byte[] replacement = new byte[ImetFixture.TRAIN];
        for (int r = 0; r < replacement.length; r++) {
            replacement[r] = (byte) (r % 4);
        }
        putFolds(id, Npy.writeUint8(replacement)).andExpect(status().isOk())
                .andExpect(jsonPath("$.numFolds").value(4))
                .andExpect(jsonPath("$.foldsHash").value(FoldsFile.sha256(replacement)));
        FoldAssignment after = service.defaultFolds(id);
        assertThat(after.id()).isNotEqualTo(before.id());
        assertThat(after.rowsOf(3)).containsExactly(3, 7, 11, 15, 19, 23, 27, 31, 35, 39);
        assertThat(service.folds(before.id()).folds()).containsExactly(before.folds());
    }

    @Test
    void rejectsInvalidFoldUploadsNamingFoldsNpy() throws Exception {
        // guards: a wrong-length, single-fold, gapped or non-npy upload never becomes the default
        long id = registered("bad-folds");
        String hash = service.get(id).foldsHash();
        putFolds(id, Npy.writeUint8(new byte[ImetFixture.TRAIN - 1])).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("folds.npy"))
                .andExpect(jsonPath("$.detail").value(containsString("39 values")));
        putFolds(id, Npy.writeUint8(new byte[ImetFixture.TRAIN])).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("at least 2 folds")));
        byte[] gapped = new byte[ImetFixture.TRAIN];
        gapped[0] = 2;
        putFolds(id, Npy.writeUint8(gapped)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("fold 1")));
        putFolds(id, "not numpy, a csv file".getBytes()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("folds.npy"))
                .andExpect(jsonPath("$.detail").value(containsString("bad magic")));
        assertThat(service.get(id).foldsHash()).isEqualTo(hash);
    }

    @Test
    void rejectsADirectoryWithoutTrainCsv() throws Exception {
        // guards: a missing file is a 400 naming the file, not a 500
        Path dir = ImetFixture.write(tmp.resolve("no-train"));
        Files.delete(dir.resolve("train.csv"));
        register("no-train", dir.toString()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("path"))
                .andExpect(jsonPath("$.detail").value(containsString("train.csv")));
    }

    @Test
    void rejectsAnUnknownLabelIdNamingFileLineAndId() throws Exception {
        // guards: train.csv must only use ids of labels.csv
        Path dir = ImetFixture.write(tmp.resolve("unknown-label"));
        Files.writeString(dir.resolve("train.csv"), "\ntr99,2 999\n", java.nio.file.StandardOpenOption.APPEND);
        register("unknown-label", dir.toString()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("unknown attribute id 999")))
                .andExpect(jsonPath("$.detail").value(containsString("train.csv line 43")));
    }

    @Test
    void aDataSetWithACorruptPngDoesNotRegisterAndTheFileIsNamed() throws Exception {
        // guards issue 13 item 13: a truncated PNG registered and failed the fold later; now a 400 naming it
        Path dir = ImetFixture.write(tmp.resolve("corrupt-png"));
        byte[] png = Files.readAllBytes(dir.resolve("train/tr3.png"));
        Files.write(dir.resolve("train/tr3.png"), java.util.Arrays.copyOf(png, png.length / 2));
        Files.writeString(dir.resolve("test/te1.png"), "not a png");
        register("corrupt-png", dir.toString()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("path"))
                .andExpect(jsonPath("$.detail").value(containsString("corrupt image train/tr3.png")))
                .andExpect(jsonPath("$.detail").value(containsString("2 images of 46 do not decode")));
        mvc.perform(get("/api/datasets")).andExpect(jsonPath("$[*].name").value(org.hamcrest.Matchers.not(hasItem("corrupt-png"))));
    }

    @Test
    void rejectsMissingImagesNamingTheFirstAndTheCount() throws Exception {
        // guards: every train and test row needs its png
        Path dir = ImetFixture.write(tmp.resolve("no-image"));
        Files.delete(dir.resolve("train/tr5.png"));
        Files.delete(dir.resolve("train/tr9.png"));
        register("no-image", dir.toString()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("train/tr5.png (2 train images missing")));
        Files.copy(tmp.resolve("no-image/train/tr0.png"), dir.resolve("train/tr5.png"));
        Files.copy(tmp.resolve("no-image/train/tr0.png"), dir.resolve("train/tr9.png"));
        Files.delete(dir.resolve("test/te2.png"));
        register("no-image", dir.toString()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("test/te2.png")));
    }

    @Test
    void rejectsAMissingColumnBadPathBlankNameAndDuplicateName() throws Exception {
        // guards: each bad request names its field
        Path dir = ImetFixture.write(tmp.resolve("columns"));
        Files.writeString(dir.resolve("sample_submission.csv"), "image,attribute_ids\nte0,1\n");
        register("columns", dir.toString()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("sample_submission.csv has no column 'id'")));
        register("relative", "data/imet").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("path"))
                .andExpect(jsonPath("$.detail").value(containsString("absolute")));
        register("nodir", tmp.resolve("nope").toString()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("not a directory")));
        register(" ", ImetFixture.write(tmp.resolve("blank")).toString()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("name"));
        registered("twice");
        register("twice", ImetFixture.write(tmp.resolve("twice2")).toString()).andExpect(status().isConflict())
                .andExpect(jsonPath("$.field").value("name"));
    }

    @Test
    void unknownIdIsA404ProblemDetail() throws Exception {
        // guards: a missing data set is a 404 in RFC 9457 form, for the JSON and the folds
        mvc.perform(get("/api/datasets/987654")).andExpect(status().isNotFound())
                .andExpect(header().string("Content-Type", containsString("application/problem+json")))
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.detail").value(endsWith("987654 not found")));
        mvc.perform(get("/api/datasets/987654/folds.npy")).andExpect(status().isNotFound());
        putFolds(987654, Npy.writeUint8(new byte[] {0, 1})).andExpect(status().isNotFound());
    }

    private long registered(String name) throws Exception {
        register(name, ImetFixture.write(tmp.resolve(name)).toString()).andExpect(status().isCreated());
        return service.resolve(name).id();
    }

    private ResultActions register(String name, String path) throws Exception {
        String json = "{\"name\":\"" + name + "\",\"path\":\"" + path.replace("\\", "\\\\") + "\"}";
        return mvc.perform(post("/api/datasets").contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private ResultActions putFolds(long id, byte[] npy) throws Exception {
        return mvc.perform(put("/api/datasets/" + id + "/folds.npy")
                .contentType(MediaType.APPLICATION_OCTET_STREAM).content(npy));
    }
}
