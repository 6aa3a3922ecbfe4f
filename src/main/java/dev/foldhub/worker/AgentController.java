package dev.foldhub.worker;

import dev.foldhub.experiment.Level2Plan;
import dev.foldhub.queue.DeviceSlot;
import dev.foldhub.security.Caller;
import dev.foldhub.training.EpochStats;
import dev.foldhub.errors.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.security.Principal;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The worker API that remote agents call (everything under /api/agent, for the worker role). Job calls name the
 * worker and carry the lease (the job version the lease returned); {@link AgentAccess} checks both.
 */
@RestController
@RequestMapping("/api/agent/workers")
class AgentController {

    private final AgentService agents;
    private final AgentUploads uploads;

    AgentController(AgentService agents, AgentUploads uploads) {
        this.agents = agents;
        this.uploads = uploads;
    }

    @PostMapping
    Registered register(@RequestBody Registration registration, HttpServletRequest request) {
        return agents.register(principal(request), registration, false);
    }

    /** 200 with the leased job, or 204 when no queued job fits the device. */
    @PostMapping("/{workerId}/lease")
    ResponseEntity<LeasedJob> lease(@PathVariable String workerId, @RequestBody DeviceSlot device, HttpServletRequest request) {
        return agents.lease(principal(request), workerId, device).map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    @PostMapping("/{workerId}/jobs/{jobId}/heartbeat")
    HeartbeatReply heartbeat(@PathVariable String workerId, @PathVariable long jobId, @RequestParam long lease,
                             HttpServletRequest request) {
        return agents.heartbeat(principal(request), workerId, jobId, lease);
    }

    @GetMapping("/{workerId}/jobs/{jobId}/task")
    TrainTask task(@PathVariable String workerId, @PathVariable long jobId, @RequestParam long lease, HttpServletRequest request) {
        return agents.trainTask(principal(request), workerId, jobId, lease);
    }

    /** A level-2 stacker fold's plan: its members and the train.csv rows that train and validate. */
    @GetMapping("/{workerId}/jobs/{jobId}/level2/plan")
    Level2Plan level2Plan(@PathVariable String workerId, @PathVariable long jobId,
                                                 @RequestParam long lease, HttpServletRequest request) {
        return agents.level2Plan(principal(request), workerId, jobId, lease);
    }

    /** Member {@code index}'s input matrices for the stacker fold, as a zip of float32 .npy files (see Level2MemberZip). */
    @GetMapping("/{workerId}/jobs/{jobId}/level2/members/{index}")
    void level2Member(@PathVariable String workerId, @PathVariable long jobId, @PathVariable int index,
                      @RequestParam long lease, HttpServletRequest request,
                      jakarta.servlet.http.HttpServletResponse response) throws IOException {
        String caller = principal(request);
        var member = agents.level2Member(caller, workerId, jobId, lease, index);
        int classes = agents.level2Plan(caller, workerId, jobId, lease).classes();
        response.setContentType("application/zip");
        Level2MemberZip.write(member, classes, response.getOutputStream());
    }

    /** A stacker fold's test predictions: a float32 .npy, test rows x classes; before its PUT .../oof. */
    @PutMapping("/{workerId}/jobs/{jobId}/test-predictions")
    ResponseEntity<Void> putTestPredictions(@PathVariable String workerId, @PathVariable long jobId,
                                            @RequestParam long lease, @RequestParam double threshold,
                                            HttpServletRequest request) throws IOException {
        uploads.testPredictions(principal(request), workerId, jobId, lease, threshold, request.getInputStream(),
                request.getContentLengthLong());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{workerId}/jobs/{jobId}/epochs")
    ResponseEntity<Void> epoch(@PathVariable String workerId, @PathVariable long jobId, @RequestParam long lease,
                               @RequestBody EpochStats stats, HttpServletRequest request) {
        return done(() -> agents.recordEpoch(principal(request), workerId, jobId, lease, stats));
    }

    /** The fold's last resumable checkpoint (application/octet-stream), or 204 when there is none. */
    @GetMapping("/{workerId}/jobs/{jobId}/checkpoint")
    ResponseEntity<Resource> checkpoint(@PathVariable String workerId, @PathVariable long jobId, @RequestParam long lease,
                                        HttpServletRequest request) {
        return agents.resumeCheckpoint(principal(request), workerId, jobId, lease)
                .map(AgentController::octetStream)
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    @PutMapping("/{workerId}/jobs/{jobId}/checkpoint")
    ResponseEntity<Void> putCheckpoint(@PathVariable String workerId, @PathVariable long jobId, @RequestParam long lease,
                                       HttpServletRequest request) throws IOException {
        uploads.resume(principal(request), workerId, jobId, lease, request.getInputStream(),
                request.getContentLengthLong());
        return ResponseEntity.noContent().build();
    }

    /** A best epoch's parameters uploaded by an earlier attempt of the fold (application/octet-stream), or 404. */
    @GetMapping("/{workerId}/jobs/{jobId}/model")
    ResponseEntity<Resource> model(@PathVariable String workerId, @PathVariable long jobId, @RequestParam long lease,
                                   @RequestParam String name, HttpServletRequest request) {
        return agents.bestCheckpoint(principal(request), workerId, jobId, lease, name)
                .map(AgentController::octetStream)
                .orElseThrow(() -> new NotFoundException("checkpoint", name));
    }

    /**
     * A best epoch's parameters: uploaded whenever the best epoch changes (before the resume checkpoint that names
     * them), and for the finished fold before the OOF that names them.
     */
    @PutMapping("/{workerId}/jobs/{jobId}/model")
    ResponseEntity<Void> putModel(@PathVariable String workerId, @PathVariable long jobId, @RequestParam long lease,
                                  @RequestParam String name, HttpServletRequest request) throws IOException {
        uploads.model(principal(request), workerId, jobId, lease, name, request.getInputStream(),
                request.getContentLengthLong());
        return ResponseEntity.noContent().build();
    }

    /** The finished fold: OOF probabilities as a float32 .npy (rows x classes) and the best epoch's figures. */
    @PutMapping("/{workerId}/jobs/{jobId}/oof")
    ResponseEntity<Void> putOof(@PathVariable String workerId, @PathVariable long jobId, @RequestParam long lease,
                                @RequestParam int epoch, @RequestParam double threshold, @RequestParam double f2,
                                @RequestParam String checkpoint, HttpServletRequest request) throws IOException {
        uploads.fold(principal(request), workerId, jobId, lease, epoch, threshold, f2, checkpoint,
                request.getInputStream(), request.getContentLengthLong());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{workerId}/jobs/{jobId}/complete")
    ResponseEntity<Void> complete(@PathVariable String workerId, @PathVariable long jobId, @RequestParam long lease,
                                  HttpServletRequest request) {
        return done(() -> agents.complete(principal(request), workerId, jobId, lease));
    }

    @PostMapping("/{workerId}/jobs/{jobId}/fail")
    ResponseEntity<Void> fail(@PathVariable String workerId, @PathVariable long jobId, @RequestParam long lease,
                              @RequestBody FailReport report, HttpServletRequest request) {
        return done(() -> agents.fail(principal(request), workerId, jobId, lease, report.error()));
    }

    @PostMapping("/{workerId}/jobs/{jobId}/cancelled")
    ResponseEntity<Void> cancelled(@PathVariable String workerId, @PathVariable long jobId, @RequestParam long lease,
                                   HttpServletRequest request) {
        return done(() -> agents.cancelled(principal(request), workerId, jobId, lease));
    }

    @PostMapping("/{workerId}/jobs/{jobId}/release")
    ResponseEntity<Void> release(@PathVariable String workerId, @PathVariable long jobId, @RequestParam long lease,
                                 HttpServletRequest request) {
        return done(() -> agents.release(principal(request), workerId, jobId, lease));
    }

    /** 204 once {@code call} went through. */
    private static ResponseEntity<Void> done(Runnable call) {
        call.run();
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<Resource> octetStream(Path file) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(new FileSystemResource(file));
    }

    /**
     * Who owns the workers the caller registers ({@link Caller#ownerKey()}: the token's id, not its name, which is
     * not unique), or null when no authentication is configured.
     */
    private static String principal(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        if (principal instanceof Authentication auth && auth.getPrincipal() instanceof Caller caller) {
            return caller.ownerKey();
        }
        return principal == null ? null : "user:" + principal.getName();
    }
}
