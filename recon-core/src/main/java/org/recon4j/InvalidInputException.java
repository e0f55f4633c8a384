package org.recon4j;

/**
 * Input that the library cannot use: a malformed file, a geometry that cannot exist, data that
 * does not match its description. The message is one line that names what was expected and what
 * was found, fit to show a user as it is. Every reader and every public entry point throws this
 * (and only this, besides {@link java.io.IOException} for failures of the file system) for bad input.
 */
public class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
