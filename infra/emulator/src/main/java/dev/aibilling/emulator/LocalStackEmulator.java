package dev.aibilling.emulator;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack through Testcontainers, for machines with a Docker engine. moto stays the
 * default and the only path where there is none; callers check {@link #dockerAvailable()}
 * and skip.
 */
public final class LocalStackEmulator {
    private static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.9");
    private static AwsEmulator instance;

    private LocalStackEmulator() {
    }

    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public static synchronized AwsEmulator start() {
        if (instance == null) {
            LocalStackContainer container = new LocalStackContainer(IMAGE).withServices("dynamodb", "sqs", "events");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            instance = new AwsEmulator(container.getEndpoint());
        }
        return instance;
    }
}
