package dev.foldhub.security;

/** POST /api/users: {"name", "password", "role"}. */
record UserRequest(String name, String password, String role) {
}
