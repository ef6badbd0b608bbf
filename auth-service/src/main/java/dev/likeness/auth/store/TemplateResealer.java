package dev.likeness.auth.store;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Moves every stored template to the current template key after a rotation: page by page in
 * key order, each row opened with whichever key sealed it and, if that was a previous key,
 * written back sealed with the current one, but only if the row is still what was read (a
 * concurrent enrollment or erasure wins). Several auth-service instances may run it at once:
 * the conditional update makes each row move once. Nothing is logged per user.
 */
public final class TemplateResealer {

    /** Rows read per query. */
    static final int PAGE = 200;

    /** What one run did to each row. */
    public record Report(int resealed, int alreadyCurrent, int changedMeanwhile, int unreadable) {
        public int rows() {
            return resealed + alreadyCurrent + changedMeanwhile + unreadable;
        }
    }

    private final TemplateStore store;
    private final TemplateSealer sealer;

    public TemplateResealer(TemplateStore store, TemplateSealer sealer) {
        this.store = store;
        this.sealer = sealer;
    }

    public Report resealAll() throws SQLException {
        int resealed = 0;
        int current = 0;
        int changed = 0;
        int unreadable = 0;
        String afterCustomer = "";
        String afterUsername = "";
        while (true) {
            List<TemplateStore.StoredTemplate> page = store.page(afterCustomer, afterUsername, PAGE);
            for (TemplateStore.StoredTemplate row : page) {
                Optional<byte[]> moved;
                try {
                    moved = sealer.resealed(row.customer(), row.username(), row.sealed());
                } catch (IllegalStateException noKeyOpensIt) {
                    unreadable++;
                    continue;
                }
                if (moved.isEmpty()) {
                    current++;
                } else if (store.reseal(row.customer(), row.username(), row.sealed(), moved.get())) {
                    resealed++;
                } else {
                    changed++;
                }
            }
            if (page.size() < PAGE) {
                return new Report(resealed, current, changed, unreadable);
            }
            TemplateStore.StoredTemplate last = page.get(page.size() - 1);
            afterCustomer = last.customer();
            afterUsername = last.username();
        }
    }
}
