package inference;

/**
 * An agent cannot answer a request because of the request's own content (a title or category it cannot take), not
 * because the agent is unwell: the agents' circuit breakers do not count it (routes.AskAgentTemplate), so requests
 * with such content, however many, cannot open a circuit for everyone else. Over HTTP it is a 400 with its code.
 */
public class RequestContentException extends ApiException {

    public RequestContentException(String code, String message) {
        super(400, code, message);
    }
}
