package dev.likeness.launcher;

/**
 * How many instances of the services that scale out to start: quality workers share consumer
 * group {@code quality}, each up to a partition of likeness.frames; gateways each read their
 * own partition of likeness.session-events; verifiers share the used-token ledger.
 */
public record StackScale(int qualityWorkers, int gateways, int verifiers) {
    public static final StackScale ONE_EACH = new StackScale(1, 1, 1);

    public StackScale(int qualityWorkers, int gateways) {
        this(qualityWorkers, gateways, 1);
    }

    public StackScale {
        if (qualityWorkers < 1 || qualityWorkers > TopicPolicy.FRAME_PARTITIONS) {
            throw new IllegalArgumentException("--quality-workers must be 1 to " + TopicPolicy.FRAME_PARTITIONS
                    + " (the partitions of likeness.frames; a worker beyond them would idle)");
        }
        if (gateways < 1 || gateways > TopicPolicy.SESSION_EVENT_PARTITIONS) {
            throw new IllegalArgumentException("--gateways must be 1 to " + TopicPolicy.SESSION_EVENT_PARTITIONS
                    + " (the partitions of likeness.session-events, one per gateway)");
        }
        if (verifiers < 1) {
            throw new IllegalArgumentException("at least one jwt-verifier");
        }
    }

    int instances(StackService service) {
        return switch (service) {
            case QUALITY_SERVICE -> qualityWorkers;
            case INGEST_GATEWAY -> gateways;
            case JWT_VERIFIER -> verifiers;
            default -> 1;
        };
    }
}
