package dev.likeness.auth.admin;

import dev.likeness.auth.store.UserAdministration;
import dev.likeness.database.UsedTokens;
import dev.likeness.proto.Usernames;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The customer admin API, for a customer's backend: erase a user (template and lockout state),
 * unlock a user, list the customer's image key ids, read the audit. Each call carries an admin
 * token ({@link AdminTokenVerifier}) as {@code Authorization: Bearer ...}; each call, refused
 * ones included, leaves an audit record (who, what, about whom, when; nothing biometric).
 */
@Path("/v1/admin/customers/{customer}")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private static final Logger LOG = Logger.getLogger(AdminResource.class);
    /** Longest customer or username accepted in a path, as the gateway's Start limit. */
    private static final int MAX_NAME = 128;
    /** Refused calls of one customer that get an audit row of their own each minute ({@link RefusalAudit}). */
    private static final int REFUSAL_ROWS_PER_MINUTE = 10;
    /** Admin calls one customer may make a minute on one instance ({@link CallRate}). */
    private static final int CALLS_PER_MINUTE = 600;
    private static final int DEFAULT_AUDIT_PAGE = 100;
    private static final int MAX_AUDIT_PAGE = 500;

    /** How a call is audited, failing closed either way. */
    private enum Kind {
        /** The action writes its audit row in the transaction of its change: both happen or neither. */
        CHANGE,
        /** A read: answered only once its audit row is written. */
        READ
    }

    private final AdminTokenVerifier tokens;
    private final UserAdministration users;
    private final ImageKeyStates imageKeys;
    private final RefusalAudit refusals;
    private final CallRate rate;

    @Inject
    AdminResource(AdminTokenVerifier tokens, UserAdministration users, ImageKeyStates imageKeys) {
        this(tokens, users, imageKeys, new RefusalAudit(REFUSAL_ROWS_PER_MINUTE, Clock.systemUTC()),
                new CallRate(CALLS_PER_MINUTE, Clock.systemUTC()));
    }

    AdminResource(AdminTokenVerifier tokens, UserAdministration users, ImageKeyStates imageKeys, RefusalAudit refusals, CallRate rate) {
        this.tokens = tokens;
        this.users = users;
        this.imageKeys = imageKeys;
        this.refusals = refusals;
        this.rate = rate;
    }

    @DELETE
    @Path("users/{username}")
    public Response erase(@PathParam("customer") String customer, @PathParam("username") String username,
                          @HeaderParam("Authorization") String authorization) {
        return call(customer, username, authorization, "erase", Kind.CHANGE, actor ->
                users.erase(customer, username, new UserAdministration.AuditRecord(customer, truncated(actor), "erase", username, ""))
                        ? Map.of("erased", true) : Map.of("erased", false, "note", "no template was stored"));
    }

    @POST
    @Path("users/{username}/unlock")
    public Response unlock(@PathParam("customer") String customer, @PathParam("username") String username,
                           @HeaderParam("Authorization") String authorization) {
        return call(customer, username, authorization, "unlock", Kind.CHANGE, actor ->
                users.unlock(customer, username, new UserAdministration.AuditRecord(customer, truncated(actor), "unlock", username, ""))
                        ? Map.of("unlocked", true) : Map.of("unlocked", true, "note", "no failed authentications were recorded"));
    }

    @GET
    @Path("image-keys")
    public Response imageKeys(@PathParam("customer") String customer, @HeaderParam("Authorization") String authorization) {
        return call(customer, null, authorization, "list_image_keys", Kind.READ, actor -> Map.of("keys", imageKeys.of(customer).stream()
                .map(key -> Map.of("keyId", key.keyId(), "state", key.state().name().toLowerCase(Locale.ROOT),
                        "retired", key.state() == ImageKeyStates.State.RETIRED, "publicKey", key.publicKey()))
                .toList()));
    }

    /**
     * A page of the customer's audit, newest first: at most {@code limit} records (1-500, 100 by
     * default), of one {@code username} or {@code action} if given, older than the id
     * {@code before}; {@code next} is the {@code before} of the following page (absent on the last).
     */
    @GET
    @Path("audit")
    public Response audit(@PathParam("customer") String customer, @HeaderParam("Authorization") String authorization,
                          @QueryParam("limit") Integer limit, @QueryParam("before") Long before,
                          @QueryParam("username") String username, @QueryParam("action") String action) {
        int size = limit == null ? DEFAULT_AUDIT_PAGE : limit;
        if (size < 1 || size > MAX_AUDIT_PAGE || (action != null && action.length() > MAX_NAME)) {
            return Response.status(400).entity(Map.of("error", "limit is 1 to " + MAX_AUDIT_PAGE)).build();
        }
        return call(customer, username, authorization, "read_audit", Kind.READ, actor -> {
            var page = users.audit(new UserAdministration.AuditQuery(customer, Optional.ofNullable(username), Optional.ofNullable(action),
                    Optional.ofNullable(before), size));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("records", page.stream().map(AdminResource::json).toList());
            if (page.size() == size) {
                answer.put("next", page.get(page.size() - 1).id());
            }
            return answer;
        });
    }

    private static Map<String, Object> json(UserAdministration.AuditEntry entry) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", entry.id());
        row.put("at", entry.at().toString());
        row.put("actor", entry.record().actor());
        row.put("action", entry.record().action());
        row.put("username", entry.record().username());
        row.put("outcome", entry.record().outcome());
        return row;
    }

    interface Action {
        Object run(String actor) throws SQLException;
    }

    /**
     * Checks the caller, runs {@code body}, and audits the call as its {@code kind} says: when the
     * audit cannot be written, the call fails (fail closed).
     */
    private Response call(String customer, String username, String authorization, String action, Kind kind, Action body) {
        if (customer.length() > MAX_NAME || (username != null && username.length() > MAX_NAME)) {
            return Response.status(400).entity(Map.of("error", "names take at most " + MAX_NAME + " characters")).build();
        }
        // One canonical form per user (else a variant would erase or unlock nobody), and no name that forges an audit row.
        var name = Usernames.problem(customer).map(problem -> "customer: " + problem)
                .or(() -> username == null ? Optional.empty() : Usernames.problem(username).map(problem -> "username: " + problem));
        if (name.isPresent()) {
            return Response.status(400).entity(Map.of("error", name.get())).build();
        }
        if (tokens.serves(customer) && !rate.admit(customer)) {
            return Response.status(429).header("Retry-After", "60").entity(Map.of("error", "too many admin calls; try again in a minute"))
                    .build();
        }
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7).trim() : null;
        String actor;
        try {
            actor = tokens.verify(customer, token);
        } catch (AdminTokenVerifier.RefusedException refused) {
            auditRefusal(customer, action, username, refused.getMessage());
            return Response.status(401).header("WWW-Authenticate", "Bearer").entity(Map.of("error",
                    "an admin token of this customer is required")).build();
        } catch (UsedTokens.UnavailableException e) {
            LOG.errorf("admin %s for customer %s refused: %s", action, customer, e.getMessage());
            record(customer, "(unchecked)", action, username, "token ledger unavailable");
            return Response.status(503).entity(Map.of("error", "store unavailable; nothing was changed")).build();
        }
        try {
            Object answer = body.run(actor);
            if (kind == Kind.READ) {
                users.audit(new UserAdministration.AuditRecord(customer, truncated(actor), action, username, "done"));
            }
            return Response.ok(answer).build();
        } catch (SQLException e) {
            LOG.errorf("admin %s for customer %s failed: %s", action, customer, e.getMessage());
            record(customer, actor, action, username, "failed");
            return Response.status(503).entity(Map.of("error", "store unavailable; nothing was changed")).build();
        }
    }

    /** A refusal is audited only for a customer with an admin API, and only so many a minute. */
    private void auditRefusal(String customer, String action, String username, String reason) {
        if (!tokens.serves(customer)) {
            LOG.debugf("admin %s refused for a customer without an admin API", action);
            return;
        }
        RefusalAudit.Decision decision = refusals.refused(customer);
        if (decision.write()) {
            long skipped = decision.unwrittenBefore();
            String unwritten = skipped > 0 ? " (" + skipped + " refusals before this not recorded)" : "";
            record(customer, "(refused)", action, username, reason + unwritten);
        }
    }

    private void record(String customer, String actor, String action, String username, String outcome) {
        try {
            users.audit(new UserAdministration.AuditRecord(customer, truncated(actor), action, username, outcome));
        } catch (SQLException e) {
            LOG.errorf("audit record not written (%s %s for %s): %s", action, outcome, customer, e.getMessage());
        }
    }

    private static String truncated(String actor) {
        return actor == null ? "" : actor.length() > MAX_NAME ? actor.substring(0, MAX_NAME) : actor;
    }
}
