package io.reelflow.operators.moderation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a policy file named as in the configuration: {@code classpath:<resource>} or a file path. */
final class PolicyFiles {

    private static final String CLASSPATH = "classpath:";

    private PolicyFiles() {}

    /**
     * The text at {@code location}.
     *
     * @param what names the file in error messages, e.g. "moderation policy"
     */
    static String read(String location, String what) {
        if (location.startsWith(CLASSPATH)) {
            String resource = location.substring(CLASSPATH.length()).replaceFirst("^/", "");
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
            if (in == null) {
                in = PolicyFiles.class.getClassLoader().getResourceAsStream(resource);
            }
            if (in == null) {
                throw new PolicyException(what + " " + location + " is not on the classpath");
            }
            try (InputStream resourceIn = in) {
                return new String(resourceIn.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new PolicyException("cannot read " + what + " " + location + ": " + e.getMessage(), e);
            }
        }
        try {
            return Files.readString(Path.of(location), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new PolicyException(what + " " + location + " does not exist");
        } catch (IOException e) {
            throw new PolicyException("cannot read " + what + " " + location + ": " + e.getMessage(), e);
        }
    }
}
