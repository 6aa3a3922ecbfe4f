package dev.foldhub.ensemble;

import dev.foldhub.web.RequestLimits;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** REST API of ensembles: queue a blend search, read its result, download or import the reference's YAML. */
@RestController
@RequestMapping("/api/ensembles")
class EnsembleController {

    private final EnsembleService ensembles;
    private final EnsembleFiles files;
    private final OofCorrelation correlation;
    private final EnsembleWhatIf whatIf;
    private final RequestLimits limits;

    EnsembleController(EnsembleService ensembles, EnsembleFiles files, OofCorrelation correlation, EnsembleWhatIf whatIf,
                       RequestLimits limits) {
        this.ensembles = ensembles;
        this.files = files;
        this.correlation = correlation;
        this.whatIf = whatIf;
        this.limits = limits;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EnsembleView> create(@RequestBody EnsembleRequest request) {
        String dataset = request.dataset() == null ? null : String.valueOf(request.dataset());
        EnsembleView view = ensembles.create(request.name(), dataset, request.experiments(), request.method(),
                request.postprocess());
        return ResponseEntity.created(URI.create("/api/ensembles/" + view.id())).body(view);
    }

    @GetMapping
    List<EnsembleView> list() {
        return ensembles.list();
    }

    @GetMapping("/{id}")
    EnsembleView get(@PathVariable long id) {
        return ensembles.get(id);
    }

    /** The OOF F2 of the ensemble's members blended with the given weights (the dashboard's what-if sliders). */
    @PostMapping(path = "/{id}/what-if", consumes = MediaType.APPLICATION_JSON_VALUE)
    EnsembleWhatIf.Result whatIf(@PathVariable long id, @RequestBody(required = false) EnsembleWhatIf.Request request) {
        return whatIf.score(id, request == null ? new EnsembleWhatIf.Request(null, null) : request);
    }

    @GetMapping("/{id}/ensemble.yml")
    ResponseEntity<String> yaml(@PathVariable long id) {
        EnsembleFiles.File file = files.export(id);
        return ResponseEntity.ok()
                .contentType(new MediaType("application", "yaml", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file.name()).build().toString())
                .body(file.content());
    }

    /** The chosen post-processing rule (postprocess.yml); ensemble.yml stays the reference's list of {predicts, weight}. */
    @GetMapping("/{id}/postprocess.yml")
    ResponseEntity<String> postprocessYaml(@PathVariable long id) {
        EnsembleFiles.File file = files.exportPostprocess(id);
        return ResponseEntity.ok()
                .contentType(new MediaType("application", "yaml", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file.name()).build().toString())
                .body(file.content());
    }

    /** Sets the ensemble's post-processing rule from a postprocess.yml (scored on the OOF at once). */
    @PostMapping(path = "/{id}/postprocess.yml", consumes = {"application/yaml", "application/x-yaml", "text/yaml",
            MediaType.TEXT_PLAIN_VALUE})
    EnsembleView importPostprocess(@PathVariable long id, @RequestBody(required = false) String yaml) {
        return files.importPostprocess(id, yaml);
    }

    @PostMapping(path = "/import", consumes = {"application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN_VALUE})
    ResponseEntity<EnsembleView> importYaml(@RequestParam(required = false) String name,
                                            @RequestParam(required = false) String dataset,
                                            @RequestBody(required = false) String yaml) {
        EnsembleView view = files.importFile(name, dataset, yaml);
        return ResponseEntity.created(URI.create("/api/ensembles/" + view.id())).body(view);
    }

    @PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<EnsembleView> importFile(@RequestParam(required = false) String name,
                                            @RequestParam(required = false) String dataset,
                                            @RequestPart("file") MultipartFile file) throws IOException {
        EnsembleView view = files.importFile(name, dataset, limits.yamlPart("file", file));
        return ResponseEntity.created(URI.create("/api/ensembles/" + view.id())).body(view);
    }

    @GetMapping("/compare")
    OofCorrelation.Matrix compare(@RequestParam(required = false) String experiments) {
        List<Object> ids = experiments == null || experiments.isBlank() ? List.of()
                : Arrays.stream(experiments.split(",")).map(String::trim).map(Object.class::cast).toList();
        return correlation.compare(ids);
    }
}
