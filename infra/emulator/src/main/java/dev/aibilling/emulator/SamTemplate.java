package dev.aibilling.emulator;

import com.google.gson.Gson;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;

/**
 * Reads template.yaml so that tests and the local runtime build exactly what the
 * template declares: the table's keys and indexes, each function's handler and routes.
 * CloudFormation short-form intrinsics (!Ref, !Sub, !GetAtt ...) are kept as
 * single-entry maps {"Fn::Sub": ...}, as the long form would read.
 */
public final class SamTemplate {
    private final Map<String, Object> resources;
    private final Map<String, Object> parameters;

    private SamTemplate(Map<String, Object> document) {
        this.resources = map(document.get("Resources"));
        this.parameters = map(document.get("Parameters"));
    }

    /** The Default of a template parameter; the local runtime uses it as `sam deploy` would. */
    public String parameterDefault(String name) {
        Object value = map(parameters.get(name)).get("Default");
        if (value == null) {
            throw new IllegalArgumentException("template.yaml has no parameter " + name + " with a Default");
        }
        return String.valueOf(value);
    }

    public static SamTemplate load() {
        return load(ProjectPaths.template());
    }

    public static SamTemplate load(Path path) {
        try (Reader reader = Files.newBufferedReader(path)) {
            return new SamTemplate(new Yaml(new IntrinsicConstructor()).load(reader));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + path, e);
        }
    }

    public Map<String, Object> resource(String logicalId) {
        Object resource = resources.get(logicalId);
        if (resource == null) {
            throw new IllegalArgumentException("template.yaml has no resource " + logicalId);
        }
        return map(resource);
    }

    public Map<String, Object> properties(String logicalId) {
        return map(resource(logicalId).get("Properties"));
    }

    public List<String> logicalIdsOfType(String type) {
        List<String> ids = new ArrayList<>();
        resources.forEach((id, resource) -> {
            if (type.equals(map(resource).get("Type"))) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** An HTTP API route: method and path ("ANY" and "$default" for the catch-all), its function and authorizer. */
    public record HttpRoute(String functionId, String method, String path, String authorizer) {
    }

    /** A scheduled invocation: {@code expression} is the EventBridge schedule, e.g. "rate(1 day)". */
    public record Schedule(String functionId, String name, String expression) {
    }

    public List<HttpRoute> httpRoutes() {
        List<HttpRoute> routes = new ArrayList<>();
        for (String function : logicalIdsOfType("AWS::Serverless::Function")) {
            map(properties(function).get("Events")).forEach((name, value) -> {
                Map<String, Object> event = map(value);
                if ("HttpApi".equals(event.get("Type"))) {
                    Map<String, Object> route = map(event.get("Properties"));
                    Object authorizer = map(route.get("Auth")).get("Authorizer");
                    routes.add(new HttpRoute(function, String.valueOf(route.getOrDefault("Method", "ANY")).toUpperCase(),
                            String.valueOf(route.getOrDefault("Path", "$default")),
                            authorizer == null ? "NONE" : String.valueOf(authorizer)));
                }
            });
        }
        return routes;
    }

    /** Functions that have a Function URL. */
    public List<String> functionsWithUrl() {
        return logicalIdsOfType("AWS::Serverless::Function").stream()
                .filter(function -> properties(function).containsKey("FunctionUrlConfig")).toList();
    }

    /** Functions with an SQS event source, and the queue resource each one reads. */
    public Map<String, String> queueConsumers() {
        Map<String, String> consumers = new LinkedHashMap<>();
        for (String function : logicalIdsOfType("AWS::Serverless::Function")) {
            map(properties(function).get("Events")).forEach((name, value) -> {
                Map<String, Object> event = map(value);
                if ("SQS".equals(event.get("Type"))) {
                    consumers.put(function, resourceOf(map(map(event.get("Properties")).get("Queue")).get("Fn::GetAtt")));
                }
            });
        }
        for (String mapping : logicalIdsOfType("AWS::Lambda::EventSourceMapping")) {
            Map<String, Object> properties = properties(mapping);
            String source = resourceOf(map(properties.get("EventSourceArn")).get("Fn::GetAtt"));
            if (logicalIdsOfType("AWS::SQS::Queue").contains(source)) {
                consumers.put(resourceOf(map(properties.get("FunctionName")).get("Ref")), source);
            }
        }
        return consumers;
    }

    /** The resource a reference names: "Queue.Arn", ["Queue", "Arn"] and "Function.Alias" all give the first part. */
    private static String resourceOf(Object reference) {
        String text = reference instanceof List<?> parts ? String.valueOf(parts.get(0)) : String.valueOf(reference);
        return text.split("\\.")[0];
    }

    public List<Schedule> schedules() {
        List<Schedule> schedules = new ArrayList<>();
        for (String function : logicalIdsOfType("AWS::Serverless::Function")) {
            map(properties(function).get("Events")).forEach((name, value) -> {
                Map<String, Object> event = map(value);
                if ("Schedule".equals(event.get("Type")) || "ScheduleV2".equals(event.get("Type"))) {
                    Map<String, Object> schedule = map(event.get("Properties"));
                    Object expression = schedule.containsKey("Schedule") ? schedule.get("Schedule")
                            : schedule.get("ScheduleExpression");
                    // a parameter's default, as a deployment without overrides gets it
                    String resolved = expression instanceof Map<?, ?> ref && ref.get("Ref") != null
                            ? parameterDefault(String.valueOf(ref.get("Ref"))) : String.valueOf(expression);
                    schedules.add(new Schedule(function, name, resolved));
                }
            });
        }
        return schedules;
    }

    /** The CreateTable request for an AWS::DynamoDB::Table resource, under the given name. */
    public CreateTableRequest createTableRequest(String logicalId, String tableName) {
        Map<String, Object> table = properties(logicalId);
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.fromValue(String.valueOf(table.get("BillingMode"))))
                .attributeDefinitions(list(table.get("AttributeDefinitions")).stream().map(SamTemplate::map)
                        .map(a -> AttributeDefinition.builder().attributeName((String) a.get("AttributeName"))
                                .attributeType((String) a.get("AttributeType")).build()).toList())
                .keySchema(keySchema(table.get("KeySchema")));
        List<GlobalSecondaryIndex> indexes = list(table.get("GlobalSecondaryIndexes")).stream().map(SamTemplate::map)
                .map(index -> GlobalSecondaryIndex.builder()
                        .indexName((String) index.get("IndexName"))
                        .keySchema(keySchema(index.get("KeySchema")))
                        .projection(Projection.builder().projectionType(
                                (String) map(index.get("Projection")).get("ProjectionType")).build())
                        .build())
                .toList();
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes);
        }
        Map<String, Object> stream = map(table.get("StreamSpecification"));
        if (stream.get("StreamViewType") != null) {
            request.streamSpecification(s -> s.streamEnabled(true)
                    .streamViewType(String.valueOf(stream.get("StreamViewType"))));
        }
        return request.build();
    }

    /** A function an EventBridge rule of the template invokes: its event pattern, as JSON. */
    public record BusRule(String functionId, String name, String eventPatternJson) {
    }

    /** The EventBridgeRule events of the template's functions. */
    public List<BusRule> busRules() {
        List<BusRule> rules = new ArrayList<>();
        for (String function : logicalIdsOfType("AWS::Serverless::Function")) {
            map(properties(function).get("Events")).forEach((name, value) -> {
                Map<String, Object> event = map(value);
                if ("EventBridgeRule".equals(event.get("Type"))) {
                    rules.add(new BusRule(function, name, new Gson().toJson(
                            map(event.get("Properties")).get("Pattern"))));
                }
            });
        }
        return rules;
    }

    /** The functions an event source mapping feeds from the table's stream (EventSourceArn: Table.StreamArn). */
    public List<String> streamConsumers(String tableLogicalId) {
        List<String> consumers = new ArrayList<>();
        for (String mapping : logicalIdsOfType("AWS::Lambda::EventSourceMapping")) {
            Map<String, Object> properties = properties(mapping);
            Object source = map(properties.get("EventSourceArn")).get("Fn::GetAtt");
            String text = source instanceof List<?> parts ? parts.get(0) + "." + parts.get(1) : String.valueOf(source);
            if (text.equals(tableLogicalId + ".StreamArn")) {
                consumers.add(resourceOf(map(properties.get("FunctionName")).get("Ref")));
            }
        }
        return consumers;
    }

    /** The TTL attribute of a table resource, or null. */
    public String timeToLiveAttribute(String logicalId) {
        Map<String, Object> ttl = map(properties(logicalId).get("TimeToLiveSpecification"));
        return Boolean.TRUE.equals(ttl.get("Enabled")) ? (String) ttl.get("AttributeName") : null;
    }

    private static List<KeySchemaElement> keySchema(Object schema) {
        return list(schema).stream().map(SamTemplate::map)
                .map(k -> KeySchemaElement.builder().attributeName((String) k.get("AttributeName"))
                        .keyType((String) k.get("KeyType")).build())
                .toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }

    /** Turns "!Name value" into {"Fn::Name": value} ("!Ref x" into {"Ref": x}). */
    private static final class IntrinsicConstructor extends SafeConstructor {
        IntrinsicConstructor() {
            super(new LoaderOptions());
            for (String name : List.of("Ref", "Sub", "GetAtt", "Join", "Select", "Split", "If", "Equals", "Not",
                    "And", "Or", "FindInMap", "ImportValue", "Base64", "Cidr", "GetAZs", "Condition", "Transform")) {
                this.yamlConstructors.put(new Tag("!" + name), new Intrinsic(name));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;

            Intrinsic(String name) {
                this.key = name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    value = constructScalar(scalar);
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                Map<String, Object> intrinsic = new LinkedHashMap<>();
                intrinsic.put(key, value);
                return intrinsic;
            }
        }
    }
}
