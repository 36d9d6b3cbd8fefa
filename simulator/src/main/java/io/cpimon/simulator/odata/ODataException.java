package io.cpimon.simulator.odata;

/** A request the simulated OData service rejects; carries the HTTP status and the OData error code. */
public final class ODataException extends RuntimeException {
    private final int status;
    private final String code;

    public ODataException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static ODataException badRequest(String message) {
        return new ODataException(400, "Bad Request", message);
    }

    public static ODataException notFound(String message) {
        return new ODataException(404, "Not Found", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
