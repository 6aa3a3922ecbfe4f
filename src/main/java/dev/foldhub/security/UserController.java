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

/** Dashboard users (admin only): list, create with a password and role, delete. */
@RestController
@RequestMapping("/api/users")
class UserController {

    private final Users users;

    UserController(Users users) {
        this.users = users;
    }

    @GetMapping
    List<UserView> list() {
        return users.list();
    }

    @PostMapping
    ResponseEntity<UserView> create(@RequestBody UserRequest request) {
        UserView user = users.create(request.name(), request.password(), request.role());
        return ResponseEntity.created(URI.create("/api/users/" + user.id())).body(user);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        users.delete(id);
        return ResponseEntity.noContent().build();
    }
}
