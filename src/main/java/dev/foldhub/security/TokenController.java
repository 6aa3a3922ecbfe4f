package dev.foldhub.security;

import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** API tokens (admin only): create one (its value is in this response only), list them, revoke one. */
@RestController
@RequestMapping("/api/tokens")
class TokenController {

    private final ApiTokens tokens;
    private final CurrentCaller caller;

    TokenController(ApiTokens tokens, CurrentCaller caller) {
        this.tokens = tokens;
        this.caller = caller;
    }

    @PostMapping
    ResponseEntity<CreatedToken> create(@RequestBody TokenRequest request) {
        CreatedToken token = tokens.create(request.name(), request.role(), request.expiresAt(), caller.get().name());
        return ResponseEntity.created(URI.create("/api/tokens/" + token.id())).body(token);
    }

    @GetMapping
    List<TokenView> list() {
        return tokens.list();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        tokens.delete(id);
        return ResponseEntity.noContent().build();
    }
}
