package inference;

import java.util.List;

/** A brand proposed for a title, with its confidence (0..1) and the agents that proposed it. */
public record Candidate(String brand, double confidence, List<String> agents) {

    public Candidate {
        agents = agents == null ? List.of() : List.copyOf(agents);
    }
}
