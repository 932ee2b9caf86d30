package dev.aibilling.emulator;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root (the folder holding template.yaml) from wherever a module runs. */
public final class ProjectPaths {
    private ProjectPaths() {
    }

    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("infra"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("Run from inside the repository: no template.yaml above "
                + Path.of("").toAbsolutePath());
    }

    public static Path template() {
        return root().resolve("template.yaml");
    }

    public static Path events() {
        return root().resolve("events");
    }

    public static Path python() {
        return root().resolve(".tools/venv/bin/python");
    }
}
