package io.orderstream.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root, so tools installed repo-locally (.local/) are found from any module. */
public final class RepoRoot {

    private RepoRoot() {}

    /**
     * Walks up from {@code user.dir} (Maven runs tests with the module dir as working dir) to the
     * first directory that holds {@code .git} or the parent pom listing the {@code job} module.
     */
    public static Path find() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".git")) || isParentPom(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the orderstream repo root above " + start);
    }

    private static boolean isParentPom(Path pom) {
        try {
            return Files.isRegularFile(pom) && Files.readString(pom).contains("<module>job</module>");
        } catch (IOException e) {
            return false;
        }
    }
}
