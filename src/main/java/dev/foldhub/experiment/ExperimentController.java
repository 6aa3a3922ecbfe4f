package dev.foldhub.experiment;

import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.queue.JobRequirement;
import dev.foldhub.web.Attachment;
import dev.foldhub.web.Paging;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** REST API of experiments: submit a config for k folds, follow its folds and epochs, download OOF. */
@RestController
@RequestMapping("/api/experiments")
class ExperimentController {

    private final ExperimentService experiments;
    private final OofExport oofExport;
    private final ExperimentImport importer;
    private final CheckpointFiles checkpoints;
    private final LabelGroupScores groupScores;
    private final OofRecomputations recomputations;
    private final ExperimentSearch search;
    private final ExperimentClones clones;
    private final ExperimentAnnotations annotations;
    private final ExternalOof externalOof;

    ExperimentController(ExperimentService experiments, OofExport oofExport, ExperimentImport importer,
                         CheckpointFiles checkpoints, LabelGroupScores groupScores, OofRecomputations recomputations,
                         ExperimentSearch search, ExperimentClones clones, ExperimentAnnotations annotations,
                         ExternalOof externalOof) {
        this.annotations = annotations;
        this.externalOof = externalOof;
        this.experiments = experiments;
        this.oofExport = oofExport;
        this.importer = importer;
        this.checkpoints = checkpoints;
        this.groupScores = groupScores;
        this.recomputations = recomputations;
        this.search = search;
        this.clones = clones;
    }

    @PostMapping(consumes = {"application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN_VALUE})
    ResponseEntity<Map<String, Object>> createFromYaml(@RequestParam(required = false) String name,
                                                       @RequestParam(required = false) String dataset,
                                                       @RequestParam(required = false) String folds,
                                                       @RequestParam(required = false) String device,
                                                       @RequestParam(required = false) Integer minGpuMemoryMb,
                                                       @RequestBody(required = false) String yaml) {
        return created(experiments.submit(name, dataset, folds, yaml, JobRequirement.parse(device, minGpuMemoryMb)));
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> createFromJson(@RequestBody ExperimentRequest request) {
        String dataset = request.dataset() == null ? null : String.valueOf(request.dataset());
        if (request.source() != null && !request.source().equals(Experiment.TRAINED)) {
            if (!request.source().equals(Experiment.EXTERNAL)) {
                throw new InvalidInputException("source", "is 'trained' (the default) or 'external', not '"
                        + request.source() + "'");
            }
            return created(new ExperimentCreated(externalOof.create(request.name(), dataset), List.of()));
        }
        TagsAndNote annotations = TagsAndNote.parse(request.tags(), request.note());
        return created(experiments.submit(request.name(), dataset, request.folds(), request.config(),
                JobRequirement.parse(request.device(), request.minGpuMemoryMb()), annotations));
    }

    /**
     * A new experiment from this one's config with the YAML body's overrides merged in (mappings merge, a scalar or
     * list replaces), on its data set and folds (unless {@code folds} is given), linked to it as its parent.
     */
    @PostMapping(value = "/{id}/clone", consumes = {"application/yaml", "application/x-yaml", "text/yaml",
            MediaType.TEXT_PLAIN_VALUE})
    ResponseEntity<Map<String, Object>> cloneFromYaml(@PathVariable long id, @RequestParam(required = false) String name,
                                                      @RequestParam(required = false) String folds,
                                                      @RequestBody(required = false) String overrides) {
        return created(clones.cloneOf(id, name, overrides, folds, TagsAndNote.NONE));
    }

    /** As the YAML form: {"name": ..., "overrides": "<yaml>", "folds": [..]}, every field optional. */
    @PostMapping(value = "/{id}/clone", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> cloneFromJson(@PathVariable long id,
                                                      @RequestBody(required = false) CloneRequest request) {
        CloneRequest r = request == null ? new CloneRequest(null, null, null, null, null) : request;
        return created(clones.cloneOf(id, r.name(), r.overrides(), r.folds(), TagsAndNote.parse(r.tags(), r.note())));
    }

    /** The reference's existing work: folds.npy, level1_train/test_*.npy and threshold .yml files of one model. */
    @PostMapping(value = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<ExperimentView> importLevel1(@RequestParam(required = false) String name,
                                                @RequestParam(required = false) String dataset,
                                                @RequestParam(name = "files", required = false) List<MultipartFile> files) {
        List<UploadedFile> uploads = new ArrayList<>();
        for (MultipartFile file : files == null ? List.<MultipartFile>of() : files) {
            // the name as sent: one with a directory or '..' is refused, not silently cut to its last part
            // why a stream: parts lie on disk (multipart threshold 0); a 96 MB level1 file is never one byte[]
            uploads.add(new UploadedFile(file.getOriginalFilename(), file.getSize(), file::getInputStream));
        }
        ExperimentView view = importer.importLevel1(name, dataset, uploads);
        return ResponseEntity.created(URI.create("/api/experiments/" + view.id())).body(view);
    }

    /**
     * Every experiment, newest first, when the request has none of the parameters below (the response before paging).
     * With any of them, one page in SQL: {@code limit} (default 50, at most 500) after {@code offset}, {@code sort}
     * (a column, {@code -} first for descending; default {@code -created}), filters {@code status}, {@code name}
     * (substring), {@code arch}, {@code dataset} (id or name), {@code q} (name, arch, loss or data set),
     * {@code createdAfter}, {@code createdBefore}, {@code tag} (experiments with this tag); still a JSON array, with
     * X-Total-Count and a Link rel="next". Archived experiments are left out of both unless {@code archived} is
     * {@code true} (only them) or {@code all}.
     */
    @GetMapping
    ResponseEntity<List<ExperimentView>> list(@RequestParam(required = false) String status,
                                              @RequestParam(required = false) String name,
                                              @RequestParam(required = false) String arch,
                                              @RequestParam(required = false) String dataset,
                                              @RequestParam(required = false) String q,
                                              @RequestParam(required = false) String createdAfter,
                                              @RequestParam(required = false) String createdBefore,
                                              @RequestParam(required = false) String sort,
                                              @RequestParam(required = false) Integer limit,
                                              @RequestParam(required = false) Long offset,
                                              @RequestParam(required = false) String archived,
                                              @RequestParam(required = false) String tag) {
        ArchiveFilter shown = ArchiveFilter.parse(archived);
        if (Paging.noneGiven(status, name, arch, dataset, q, createdAfter, createdBefore, sort, limit, offset, tag)) {
            return ResponseEntity.ok(experiments.list(shown));
        }
        Paging paging = Paging.parse(limit, offset);
        ExperimentPage page = search.page(ExperimentQuery.parse(status, name, arch, dataset, q, createdAfter,
                createdBefore, sort, paging).withArchived(shown).withTag(tag));
        return paging.response(page.experiments(), page.total());
    }

    @GetMapping("/{id}")
    ExperimentView get(@PathVariable long id) {
        return experiments.get(id);
    }

    @GetMapping("/{id}/folds/{fold}/epochs")
    List<EpochView> epochs(@PathVariable long id, @PathVariable int fold) {
        return experiments.epochs(id, fold);
    }

    /**
     * Logs fold {@code fold}'s OOF predictions of a model trained elsewhere into an external or imported experiment:
     * the body a float32 (or float64) .npy of the fold's rows (train.csv order) x classes, with its threshold.
     */
    @PutMapping("/{id}/folds/{fold}/oof")
    ExperimentView logOof(@PathVariable long id, @PathVariable int fold,
                          @RequestParam(required = false) Double threshold, @RequestParam(required = false) Integer epoch,
                          HttpServletRequest request) throws IOException {
        return externalOof.log(id, fold, threshold, epoch, request.getInputStream(), request.getContentLengthLong());
    }

    @GetMapping("/{id}/folds/{fold}/oof.npy")
    ResponseEntity<byte[]> oof(@PathVariable long id, @PathVariable int fold) {
        return download(oofExport.foldFile(id, fold));
    }

    /** Pooled OOF F2 per label group ("culture", "tag"), each over the rows with a true label of the group. */
    @GetMapping("/{id}/label-groups")
    Map<String, Double> labelGroups(@PathVariable long id) {
        return groupScores.of(id);
    }

    @GetMapping("/{id}/folds/{fold}/checkpoint")
    ResponseEntity<FileSystemResource> checkpoint(@PathVariable long id, @PathVariable int fold) {
        CheckpointFiles.Checkpoint checkpoint = checkpoints.of(id, fold);
        return Attachment.of(MediaType.APPLICATION_OCTET_STREAM, checkpoint.fileName(),
                new FileSystemResource(checkpoint.path()));
    }

    /** Recomputes the fold's OOF predictions from its best checkpoint with TTA (train.py --predict_oof): 202 + job id. */
    @PostMapping("/{id}/folds/{fold}/predict-oof")
    ResponseEntity<Map<String, Object>> predictOof(@PathVariable long id, @PathVariable int fold,
                                                   @RequestBody(required = false) PredictOofRequest request) {
        long jobId = recomputations.request(id, fold, request == null ? null : request.ttas());
        return ResponseEntity.accepted().location(URI.create("/api/jobs/" + jobId))
                .body(Map.of("jobId", jobId, "experimentId", id, "fold", fold));
    }

    /** Streamed from a file assembled fold by fold: the whole N x C matrix is never in memory. */
    @GetMapping("/{id}/oof.npy")
    void wholeOof(@PathVariable long id, HttpServletResponse response) throws IOException {
        try (OofExport.WholeOof file = oofExport.wholeFile(id)) {
            response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, Attachment.disposition(file.fileName()));
            response.setContentLengthLong(Files.size(file.file()));
            Files.copy(file.file(), response.getOutputStream());
        }
    }

    private static ResponseEntity<byte[]> download(OofFile file) {
        return Attachment.of(MediaType.APPLICATION_OCTET_STREAM, file.fileName(), file.content());
    }

    /**
     * Trains folds the experiment does not have yet ({"folds": [2, 3, 4]}) with its stored config: 202 with the
     * experiment and the queued jobs, as a submission answers.
     */
    @PostMapping(value = "/{id}/folds", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> trainFolds(@PathVariable long id, @RequestBody(required = false) TrainFoldsRequest request) {
        FoldsQueued queued = experiments.trainFolds(id, request == null ? null : request.folds());
        URI self = URI.create("/api/experiments/" + id);
        return ResponseEntity.accepted().location(self).body(Map.of(
                "id", id,
                "experiment", queued.experiment(),
                "folds", queued.folds(),
                "jobIds", queued.jobIds()));
    }

    /** Changes the tags, the note or both ({"tags": [...], "note": "..."}); a field left out stays as it is. */
    @PatchMapping(value = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ExperimentView patch(@PathVariable long id, @RequestBody(required = false) Map<String, Object> body) {
        return annotations.patch(id, body);
    }

    /** Replaces the tags: {"tags": ["baseline", "lr:1e-3"]}, [] for none. */
    @PutMapping(value = "/{id}/tags", consumes = MediaType.APPLICATION_JSON_VALUE)
    ExperimentView tags(@PathVariable long id, @RequestBody(required = false) Map<String, Object> body) {
        return annotations.setTags(id, body == null ? null : body.get("tags"));
    }

    /** Replaces the note: {"note": "..."}, null or blank for none. */
    @PutMapping(value = "/{id}/note", consumes = MediaType.APPLICATION_JSON_VALUE)
    ExperimentView note(@PathVariable long id, @RequestBody(required = false) Map<String, Object> body) {
        if (body == null || !body.containsKey("note")) {
            throw new InvalidInputException("note", "is required: {\"note\": \"...\"}, null to clear it");
        }
        return annotations.setNote(id, body.get("note"));
    }

    @PostMapping("/{id}/cancel")
    ExperimentView cancel(@PathVariable long id) {
        return experiments.cancel(id);
    }

    private static ResponseEntity<Map<String, Object>> created(ExperimentCreated created) {
        ExperimentView view = created.experiment();
        URI self = URI.create("/api/experiments/" + view.id());
        Map<String, Object> body = Map.of(
                "id", view.id(),
                "experiment", view,
                "jobIds", view.folds().stream().map(FoldView::jobId).toList(),
                "ignoredKeys", created.ignoredKeys(),
                "links", Map.of(
                        "self", self.toString(),
                        "epochs", self + "/folds/{fold}/epochs",
                        "oof", self + "/folds/{fold}/oof.npy",
                        "wholeOof", self + "/oof.npy",
                        "cancel", self + "/cancel"));
        return ResponseEntity.created(self).body(body);
    }
}
