package dev.foldhub.dataset;

import dev.foldhub.prediction.Npy;
import dev.foldhub.web.Attachment;
import dev.foldhub.web.BoundedBody;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** REST API of data sets: register, list, get, image thumbnails, and download/replace the default folds.npy. */
@RestController
@RequestMapping("/api/datasets")
class DatasetController {

    private final DatasetService service;

    DatasetController(DatasetService service) {
        this.service = service;
    }

    @PostMapping
    ResponseEntity<DatasetResponse> register(@RequestBody RegisterDatasetRequest request) {
        DatasetInfo info = service.register(request.name(), request.path());
        var location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(info.id()).toUri();
        return ResponseEntity.created(location).body(DatasetResponse.of(info));
    }

    @GetMapping
    List<DatasetResponse> list() {
        return service.list().stream().map(DatasetResponse::of).toList();
    }

    @GetMapping("/{id}")
    DatasetResponse get(@PathVariable long id) {
        return DatasetResponse.of(service.get(id));
    }

    /** The image (train or test) the data set lists under imageId, scaled to fit size x size, as a PNG. */
    @GetMapping("/{id}/images/{imageId}/thumbnail")
    ResponseEntity<byte[]> thumbnail(@PathVariable long id, @PathVariable String imageId,
                                     @RequestParam(defaultValue = "128") int size) {
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
                .body(service.thumbnail(id, imageId, size));
    }

    @GetMapping("/{id}/folds.npy")
    ResponseEntity<byte[]> downloadFolds(@PathVariable long id) {
        byte[] npy = Npy.writeUint8(service.defaultFolds(id).folds());
        return Attachment.of(MediaType.APPLICATION_OCTET_STREAM, "folds.npy", npy);
    }

    /** At most one byte per train row as int64 (8 bytes) and an npy header are read: a 413 before any more. */
    @PutMapping(path = "/{id}/folds.npy", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    DatasetResponse replaceFolds(@PathVariable long id, HttpServletRequest request) throws IOException {
        long max = 8L * service.get(id).numTrainImages() + Npy.MAX_HEADER_BYTES;
        byte[] npy = BoundedBody.read(request.getInputStream(), request.getContentLengthLong(), max, FoldsFile.FIELD,
                "train rows (" + (max - Npy.MAX_HEADER_BYTES) / 8 + ") x 8 bytes + npy header");
        return DatasetResponse.of(service.replaceDefaultFolds(id, npy));
    }
}
