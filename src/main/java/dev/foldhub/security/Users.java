package dev.foldhub.security;

import dev.foldhub.web.ConflictException;
import dev.foldhub.web.InvalidInputException;
import dev.foldhub.web.NotFoundException;
import dev.foldhub.web.ResourceName;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The users table: dashboard accounts with a hashed password and a role. */
@Service
public class Users {

    static final int MIN_PASSWORD_LENGTH = 8;

    /** A user as stored, for the login check. */
    record Account(String name, String passwordHash, Role role) {
    }

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final Clock clock;

    public Users(JdbcClient jdbc, PasswordEncoder encoder, Clock clock) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.clock = clock;
    }

    @Transactional
    public UserView create(String name, String password, String role) {
        ResourceName.check(name);
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new InvalidInputException("password", "must be at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (role == null) {
            throw new InvalidInputException("role", "is required: viewer, member, admin or worker");
        }
        Role parsed = Role.parse(role, "role");
        if (account(name).isPresent()) {
            throw new InvalidInputException(HttpStatus.CONFLICT, "name", "a user named '" + name + "' already exists");
        }
        Timestamp now = Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS));
        jdbc.sql("INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)")
                .params(name, encoder.encode(password), parsed.key(), now).update();
        return jdbc.sql("SELECT * FROM users WHERE username = ?").param(name).query(Users::view).single();
    }

    public List<UserView> list() {
        return jdbc.sql("SELECT * FROM users ORDER BY id").query(Users::view).list();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single();
    }

    /** Deletes a user; the last admin stays (409), so someone can always manage users and tokens. */
    @Transactional
    public void delete(long id) {
        UserView user = jdbc.sql("SELECT * FROM users WHERE id = ?").param(id).query(Users::view).optional()
                .orElseThrow(() -> new NotFoundException("user", id));
        long admins = jdbc.sql("SELECT COUNT(*) FROM users WHERE role = 'admin'").query(Long.class).single();
        if (user.role().equals(Role.ADMIN.key()) && admins == 1) {
            throw new ConflictException("user " + user.name() + " is the last admin");
        }
        jdbc.sql("DELETE FROM users WHERE id = ?").param(id).update();
    }

    Optional<Account> account(String name) {
        return jdbc.sql("SELECT username, password_hash, role FROM users WHERE username = ?").param(name)
                .query((rs, n) -> new Account(rs.getString("username"), rs.getString("password_hash"),
                        Role.parse(rs.getString("role"), "role")))
                .optional();
    }

    private static UserView view(ResultSet rs, int row) throws SQLException {
        return new UserView(rs.getLong("id"), rs.getString("username"), rs.getString("role"),
                rs.getTimestamp("created_at").toInstant());
    }
}
