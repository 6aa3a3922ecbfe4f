package dev.foldhub.ensemble;

import dev.foldhub.web.Attachment;
import dev.foldhub.web.ListPage;
import dev.foldhub.web.Paging;
import dev.foldhub.web.RequestLimits;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
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
    private final EnsembleSearch search;

    EnsembleController(EnsembleService ensembles, EnsembleFiles files, OofCorrelation correlation, EnsembleWhatIf whatIf,
                       RequestLimits limits, EnsembleSearch search) {
        this.ensembles = ensembles;
        this.files = files;
        this.correlation = correlation;
        this.whatIf = whatIf;
        this.limits = limits;
        this.search = search;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EnsembleView> create(@RequestBody EnsembleRequest request) {
        String dataset = request.dataset() == null ? null : String.valueOf(request.dataset());
        EnsembleView view = ensembles.create(request.name(), dataset, request.experiments(), request.method(),
                request.postprocess());
        return ResponseEntity.created(URI.create("/api/ensembles/" + view.id())).body(view);
    }

    /**
     * Every ensemble, newest first, when the request has none of the parameters below (the response before paging).
     * With any of them, one page in SQL: {@code limit} (default 50, at most 500) after {@code offset}, {@code sort}
     * (id, name, status, oofF2, nestedCvF2, created; {@code -} first for descending; default {@code -created}),
     * filters {@code status}, {@code name} (substring), {@code dataset} (id or name), {@code createdAfter},
     * {@code createdBefore}; still a JSON array, with X-Total-Count and a Link rel="next".
     */
    @GetMapping
    ResponseEntity<List<EnsembleView>> list(@RequestParam(required = false) String status,
                                            @RequestParam(required = false) String name,
                                            @RequestParam(required = false) String dataset,
                                            @RequestParam(required = false) String createdAfter,
                                            @RequestParam(required = false) String createdBefore,
                                            @RequestParam(required = false) String sort,
                                            @RequestParam(required = false) Integer limit,
                                            @RequestParam(required = false) Long offset) {
        if (Paging.noneGiven(status, name, dataset, createdAfter, createdBefore, sort, limit, offset)) {
            return ResponseEntity.ok(ensembles.list());
        }
        Paging paging = Paging.parse(limit, offset);
        ListPage<EnsembleView> page = search.page(EnsembleSearch.query(status, name, createdAfter, createdBefore, sort,
                paging), dataset);
        return paging.response(page.rows(), page.total());
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
        return yamlFile(files.export(id));
    }

    /** The chosen post-processing rule (postprocess.yml); ensemble.yml stays the reference's list of {predicts, weight}. */
    @GetMapping("/{id}/postprocess.yml")
    ResponseEntity<String> postprocessYaml(@PathVariable long id) {
        return yamlFile(files.exportPostprocess(id));
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

    private static ResponseEntity<String> yamlFile(EnsembleFiles.File file) {
        return Attachment.of(new MediaType("application", "yaml", StandardCharsets.UTF_8), file.name(), file.content());
    }
}
